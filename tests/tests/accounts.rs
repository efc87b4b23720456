//! Accounts end to end: register, verify by the emailed token, log in, refresh, log out, reset a
//! password, invitations.

use hub_tests::{PASSWORD, hub_test};
use serde_json::json;

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
        .audit_list(Some("user".to_owned()), None, &domain::PageRequest { after: None, limit: 50 })
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

hub_test!(password_reset_is_single_use_and_ends_every_session, |app| {
    app.register("reset@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let before = app.login("reset@aurora.example", PASSWORD).await;
    let old_access = before["access_token"].as_str().expect("access").to_owned();

    // Same answer for an unknown address: no account enumeration.
    let unknown = app.post("/api/v1/auth/password-reset", None, json!({"email": "nobody@aurora.example"})).await;
    assert_eq!(unknown.status, 202);
    let known = app.post("/api/v1/auth/password-reset", None, json!({"email": "reset@aurora.example"})).await;
    assert_eq!(known.status, 202);
    assert_eq!(unknown.text, known.text);

    let mails = app.mails_to("reset@aurora.example", 2).await;
    let reset = mails.iter().find(|m| m.subject.to_lowercase().contains("password")).expect("a reset mail");
    let token = reset.token();
    let weak =
        app.post("/api/v1/auth/password-reset/confirm", None, json!({"token": token, "new_password": "short"})).await;
    assert_eq!(weak.assert_problem(422, "validation_failed")["errors"][0]["field"], "new_password");
    let confirm = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({"token": token, "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(confirm.status, 204, "{}", confirm.text);

    app.get("/api/v1/me", Some(&old_access)).await.assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": before["refresh_token"]}))
        .await
        .assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/login", None, json!({"email": "reset@aurora.example", "password": PASSWORD}))
        .await
        .assert_problem(401, "unauthenticated");
    app.login("reset@aurora.example", "a brand new passphrase").await;
    let again = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({"token": token, "new_password": "yet another passphrase"}),
        )
        .await;
    again.assert_problem(422, "validation_failed");
    assert_eq!(
        app.get("/api/v1/me", Some(&app.token_with("reset@aurora.example", "a brand new passphrase").await)).await.body
            ["email_verified"],
        true
    );
});

hub_test!(reset_tokens_expire_after_an_hour, |app| {
    app.register("late@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    app.post("/api/v1/auth/password-reset", None, json!({"email": "late@aurora.example"})).await;
    let mails = app.mails_to("late@aurora.example", 2).await;
    let token = mails.iter().find(|m| m.subject.to_lowercase().contains("password")).expect("reset mail").token();
    app.clock.advance(chrono::Duration::minutes(61));
    app.post(
        "/api/v1/auth/password-reset/confirm",
        None,
        json!({"token": token, "new_password": "too late passphrase"}),
    )
    .await
    .assert_problem(422, "validation_failed");
});

hub_test!(only_an_invitation_lets_a_user_join_an_organisation, |app| {
    let owner = app.register("owner@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let org_id = owner["organization_id"].as_str().expect("org").to_owned();
    let owner_token = app.token("owner@aurora.example").await;

    // Registration needs exactly one of a new organisation and an invitation.
    let neither = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "x@aurora.example", "password": PASSWORD, "display_name": "X"}),
        )
        .await;
    assert_eq!(neither.assert_problem(422, "validation_failed")["errors"][0]["field"], "organization");
    let forged = app
        .post("/api/v1/auth/register", None, json!({"email": "x@aurora.example", "password": PASSWORD, "display_name": "X", "invitation_token": "made-up"}))
        .await;
    forged.assert_problem(422, "validation_failed");

    let invited = app
        .post(
            &format!("/api/v1/organizations/{org_id}/invitations"),
            Some(&owner_token),
            json!({"email": "Marco@Aurora.example", "locale": "en"}),
        )
        .await;
    assert_eq!(invited.status, 201, "{}", invited.text);
    assert_eq!(invited.body["email"], "marco@aurora.example");
    let mail = app.mail_to("marco@aurora.example").await;
    assert!(mail.body.contains("Aurora Labs S.r.l."), "{}", mail.body);
    assert!(mail.subject.to_lowercase().contains("invit"), "English subject: {}", mail.subject);
    let token = mail.token();

    // The token works only for the invited address.
    let wrong = app
        .post("/api/v1/auth/register", None, json!({"email": "eve@aurora.example", "password": PASSWORD, "display_name": "Eve", "invitation_token": token}))
        .await;
    assert_eq!(wrong.assert_problem(422, "validation_failed")["errors"][0]["field"], "email");
    let joined = app
        .post("/api/v1/auth/register", None, json!({"email": "marco@aurora.example", "password": PASSWORD, "display_name": "Marco", "invitation_token": token}))
        .await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    assert_eq!(joined.body["organization_id"], org_id.as_str());
    assert_eq!(joined.body["is_org_owner"], false);
    assert_eq!(joined.body["email_verified"], true);
    // Single use.
    let replay = app
        .post("/api/v1/auth/register", None, json!({"email": "marco@aurora.example", "password": PASSWORD, "display_name": "Marco", "invitation_token": token}))
        .await;
    assert_eq!(replay.status, 409, "{}", replay.text);

    // A member who is not the owner cannot invite; another organisation does not exist for them.
    let member_token = app.token("marco@aurora.example").await;
    app.post(
        &format!("/api/v1/organizations/{org_id}/invitations"),
        Some(&member_token),
        json!({"email": "y@aurora.example"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.register("other@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;
    let outsider = app.token("other@nuvola.example").await;
    app.post(
        &format!("/api/v1/organizations/{org_id}/invitations"),
        Some(&outsider),
        json!({"email": "z@aurora.example"}),
    )
    .await
    .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/organizations/{org_id}"), Some(&outsider)).await.assert_problem(404, "not_found");
    let mine = app.get(&format!("/api/v1/organizations/{org_id}"), Some(&member_token)).await;
    assert_eq!(mine.body["name"], "Aurora Labs S.r.l.");
    assert_eq!(mine.body["tax_code"], "04817250931");
});

hub_test!(duplicate_emails_are_refused, |app| {
    app.register("dup@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let again = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "DUP@aurora.example", "password": PASSWORD, "display_name": "Dup",
                   "organization": {"name": "Other", "kind": "company", "tax_code": "07390162480"}}),
        )
        .await;
    again.assert_problem(409, "email_taken");
    let ipa = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "pa@aurora.example", "password": PASSWORD, "display_name": "PA",
                   "organization": {"name": "Startup", "kind": "startup", "tax_code": "07390162480", "ipa_code": "c_h501"}}),
        )
        .await;
    assert_eq!(ipa.assert_problem(422, "validation_failed")["errors"][0]["field"], "organization.ipa_code");
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
