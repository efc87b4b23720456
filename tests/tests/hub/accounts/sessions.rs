//! Registration, verification, login, refresh and logout; token lifetimes; the profile (`PATCH /me`).

use super::*;

hub_test!(register_verify_login_refresh_logout, |app| {
    let user = app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    assert_eq!(user["email"], "anna@aurora.example");
    assert_eq!(user["roles"], json!(["proposer"]));
    assert_eq!(user["is_org_owner"], true);
    assert_eq!(user["email_verified"], false);

    // Unverified users can log in.
    let tokens = app.login("anna@aurora.example", PASSWORD).await;
    let access = tokens["access_token"].as_str().expect("access");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let me = app.get("/api/v1/me", Some(access)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["email_verified"], false);

    // The verification email is a real .eml file, in Italian by default.
    let mail = app.mail_to("anna@aurora.example").await;
    assert!(mail.subject.contains("Conferma"), "{}", mail.subject);
    assert!(mail.body.contains("http://hub.test/verify-email?token="), "{}", mail.body);
    let token = mail.token();
    let verified = app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await;
    assert_eq!(verified.status, 204, "{}", verified.text);
    assert_eq!(app.get("/api/v1/me", Some(access)).await.body["email_verified"], true);
    // Single use; and a verified address needs no new email.
    app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await.assert_problem(422, "validation_failed");
    app.post("/api/v1/auth/verify-email/resend", Some(access), serde_json::Value::Null)
        .await
        .assert_problem(409, "already_verified");

    // Refresh rotates: the new pair works, the old refresh token is spent.
    let refresh = tokens["refresh_token"].as_str().expect("refresh");
    let rotated = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": refresh})).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text);
    let new_refresh = rotated.body["refresh_token"].as_str().expect("refresh");
    assert_ne!(new_refresh, refresh);
    let new_access = rotated.body["access_token"].as_str().expect("access");
    assert_eq!(app.get("/api/v1/me", Some(new_access)).await.status, 200);

    // Log out: the session ends, its access tokens stop working, the refresh token too.
    let out = app.post("/api/v1/auth/logout", None, json!({"refresh_token": new_refresh})).await;
    assert_eq!(out.status, 204, "{}", out.text);
    app.get("/api/v1/me", Some(new_access)).await.assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": new_refresh}))
        .await
        .assert_problem(401, "unauthenticated");

    // The audit log has the account events, in the same transactions.
    let audit = app
        .store
        .audit_list(
            &persistence::AuditFilter { target_type: Some("user".to_owned()), ..Default::default() },
            &domain::PageRequest { after: None, limit: 50 },
        )
        .expect("audit");
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"user.registered") && actions.contains(&"user.email_verified"), "{actions:?}");
});

hub_test!(reusing_a_spent_refresh_token_revokes_the_family, |app| {
    app.register("reuse@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let first = app.login("reuse@aurora.example", PASSWORD).await;
    let spent = first["refresh_token"].as_str().expect("refresh").to_owned();
    let second = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": spent})).await;
    assert_eq!(second.status, 200);
    let live_refresh = second.body["refresh_token"].as_str().expect("refresh").to_owned();
    let live_access = second.body["access_token"].as_str().expect("access").to_owned();

    // The thief replays the spent token: refused, and the whole family dies.
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": spent}))
        .await
        .assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": live_refresh}))
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/api/v1/me", Some(&live_access)).await.assert_problem(401, "unauthenticated");

    // Another session of the same user is untouched.
    let other = app.login("reuse@aurora.example", PASSWORD).await;
    assert_eq!(app.get("/api/v1/me", other["access_token"].as_str()).await.status, 200);
});

hub_test!(access_tokens_expire_after_fifteen_minutes_and_refresh_renews_them, |app| {
    app.register("clock@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let tokens = app.login("clock@aurora.example", PASSWORD).await;
    let access = tokens["access_token"].as_str().expect("access");
    app.clock.advance(chrono::Duration::minutes(14));
    assert_eq!(app.get("/api/v1/me", Some(access)).await.status, 200);
    app.clock.advance(chrono::Duration::minutes(2));
    app.get("/api/v1/me", Some(access)).await.assert_problem(401, "unauthenticated");
    let renewed = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": tokens["refresh_token"]})).await;
    assert_eq!(renewed.status, 200, "{}", renewed.text);
    assert_eq!(app.get("/api/v1/me", renewed.body["access_token"].as_str()).await.status, 200);
    // Refresh tokens live 30 days.
    app.clock.advance(chrono::Duration::days(31));
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": renewed.body["refresh_token"]}))
        .await
        .assert_problem(401, "unauthenticated");
});

hub_test!(a_lost_verification_email_can_be_sent_again, |app| {
    app.register("lost@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let access = app.token("lost@aurora.example").await;
    app.post("/api/v1/auth/verify-email/resend", None, serde_json::Value::Null)
        .await
        .assert_problem(401, "unauthenticated");
    // A personal access token is no signed-in session: it cannot ask for mail.
    let pat = new_pat(&app, &access).await;
    app.post("/api/v1/auth/verify-email/resend", Some(&pat), Value::Null).await.assert_problem(403, "forbidden");
    assert_eq!(templates_to(&app, "lost@aurora.example"), ["verify_email"], "no second mail for the token");
    let resent = app.post("/api/v1/auth/verify-email/resend", Some(&access), serde_json::Value::Null).await;
    assert_eq!(resent.status, 202, "{}", resent.text);
    let mails = app.mails_to("lost@aurora.example", 2).await;
    assert_eq!(mails.len(), 2);
    let (first, second) = (mails[0].token(), mails[1].token());
    assert_ne!(first, second);
    // Either token verifies; afterwards both are spent or pointless.
    let verified = app.post("/api/v1/auth/verify-email", None, json!({"token": second})).await;
    assert_eq!(verified.status, 204, "{}", verified.text);
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.body["email_verified"], true);
});

hub_test!(patch_me_changes_the_name_and_the_language_of_emails, |app| {
    let (session, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = &app;
    let patch = |token: String, body: Value| async move {
        hub.request(reqwest::Method::PATCH, "/api/v1/me", Some(&token), body).await
    };
    let changed = patch(session.clone(), json!({"display_name": "  Anna Bianchi ", "locale": "en"})).await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["display_name"], "Anna Bianchi");
    assert_eq!(changed.body["locale"], "en");
    assert_eq!(me(&app, &session).await.body["display_name"], "Anna Bianchi");
    // Only the fields sent change.
    let renamed = patch(session.clone(), json!({"display_name": "Anna B."})).await;
    assert_eq!((renamed.body["display_name"].as_str(), renamed.body["locale"].as_str()), (Some("Anna B."), Some("en")));

    let bad = patch(session.clone(), json!({"display_name": " ", "locale": "fr"})).await;
    let fields: Vec<&str> = bad.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["display_name", "locale"]);
    assert_eq!(me(&app, &session).await.body["display_name"], "Anna B.", "nothing changed");
    let pat = new_pat(&app, &session).await;
    patch(pat, json!({"locale": "it"})).await.assert_problem(403, "forbidden");
    patch(String::new(), json!({"locale": "it"})).await.assert_problem(401, "unauthenticated");

    // The next email is in English.
    assert_eq!(
        app.post("/api/v1/auth/password-reset", None, json!({"email": "anna@aurora.example"})).await.status,
        202
    );
    let mails = app.mails_to("anna@aurora.example", 2).await;
    assert!(
        mails.iter().any(|m| m.subject == "Innovation Hub — Password reset"),
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
});
