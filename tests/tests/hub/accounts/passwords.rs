//! Password reset (single use, expiring, spending the other links) and the signed-in password change.

use super::*;

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

hub_test!(a_reset_spends_every_other_link_revokes_tokens_and_tells_the_user, |app| {
    let (session, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let pat = new_pat(&app, &session).await;
    assert_eq!(me(&app, &pat).await.status, 200);
    for _ in 0..2 {
        assert_eq!(
            app.post("/api/v1/auth/password-reset", None, json!({"email": "anna@aurora.example"})).await.status,
            202
        );
    }
    let mails = app.mails_to("anna@aurora.example", 3).await;
    let links: Vec<String> =
        mails.iter().filter(|m| m.body.contains("password-reset/confirm")).map(|m| m.token()).collect();
    assert_eq!(links.len(), 2, "two reset links");
    let confirm = |token: &str, password: &str| {
        app.post("/api/v1/auth/password-reset/confirm", None, json!({"token": token, "new_password": password}))
    };
    assert_eq!(confirm(&links[1], "the second link's passphrase").await.status, 204);
    // The other link is spent: whoever holds it cannot set a password of their own.
    confirm(&links[0], "an attacker's passphrase").await.assert_problem(422, "validation_failed");
    app.login("anna@aurora.example", "the second link's passphrase").await;
    // The personal access token and the session are gone.
    me(&app, &pat).await.assert_problem(401, "unauthenticated");
    me(&app, &session).await.assert_problem(401, "unauthenticated");
    let tokens = app
        .get("/api/v1/me/tokens", Some(&app.token_with("anna@aurora.example", "the second link's passphrase").await))
        .await;
    assert!(tokens.body["items"][0]["revoked_at"].is_string(), "{}", tokens.text);
    // The user is told.
    let told = app.mails_to("anna@aurora.example", 4).await;
    let changed = told.iter().find(|m| m.body.contains("/forgot-password")).expect("a password-changed mail");
    assert!(changed.subject.contains("password"), "{}", changed.subject);
    assert_eq!(templates_to(&app, "anna@aurora.example").last().map(String::as_str), Some("password_changed"));
});

hub_test!(a_signed_in_password_change_keeps_this_session_and_ends_the_others, |app| {
    let (here, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let elsewhere = app.login("anna@aurora.example", PASSWORD).await;
    let elsewhere_access = elsewhere["access_token"].as_str().expect("access").to_owned();
    let pat = new_pat(&app, &here).await;
    let hub = &app;
    let change = |token: String, current: &str, new: &str| {
        let body = json!({"current_password": current, "new_password": new});
        async move { hub.post("/api/v1/me/password", Some(&token), body).await }
    };
    change(pat.clone(), PASSWORD, "a brand new passphrase").await.assert_problem(403, "forbidden");
    let wrong = change(here.clone(), "not my password at all", "a brand new passphrase").await;
    let problem = wrong.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "current_password");
    assert_eq!(problem["errors"][0]["code"], "wrong_password");
    let weak = change(here.clone(), PASSWORD, "short").await;
    assert_eq!(weak.assert_problem(422, "validation_failed")["errors"][0]["field"], "new_password");
    let changed = change(here.clone(), PASSWORD, "a brand new passphrase").await;
    assert_eq!(changed.status, 204, "{}", changed.text);

    // This session goes on; the other one, its refresh token and the personal access token end.
    assert_eq!(me(&app, &here).await.status, 200);
    me(&app, &elsewhere_access).await.assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": elsewhere["refresh_token"]}))
        .await
        .assert_problem(401, "unauthenticated");
    me(&app, &pat).await.assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/login", None, json!({"email": "anna@aurora.example", "password": PASSWORD}))
        .await
        .assert_problem(401, "unauthenticated");
    app.login("anna@aurora.example", "a brand new passphrase").await;
    assert_eq!(templates_to(&app, "anna@aurora.example").last().map(String::as_str), Some("password_changed"));
});
