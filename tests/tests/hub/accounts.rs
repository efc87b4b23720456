//! Accounts end to end: register, verify by the emailed token, log in, refresh, log out, reset a
//! password, invitations.

use domain::PageRequest;
use hub_tests::funnel::verified_proposer;
use hub_tests::{Answer, PASSWORD, TestApp, hub_test};
use serde_json::{Value, json};

/// The templates of the outbox messages to `to`, oldest first.
fn templates_to(app: &TestApp, to: &str) -> Vec<String> {
    let page = app.store.outbox_list(None, &PageRequest { after: None, limit: 100 }).expect("outbox");
    let mut found: Vec<String> =
        page.items.iter().filter(|m| m.mail.to.as_str() == to).map(|m| m.mail.template.as_str().to_owned()).collect();
    found.reverse();
    found
}

async fn me(app: &TestApp, token: &str) -> Answer {
    app.get("/api/v1/me", Some(token)).await
}

async fn new_pat(app: &TestApp, session: &str) -> String {
    let body = json!({"name": "script", "scopes": ["proposals:read"]});
    let created = app.post("/api/v1/me/tokens", Some(session), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["secret"].as_str().expect("secret").to_owned()
}

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
    let (owner_token, owner) =
        verified_proposer(&app, "owner@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let org_id = owner["organization_id"].as_str().expect("org").to_owned();

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

hub_test!(a_taken_address_gets_no_second_account_and_the_caller_is_not_told, |app| {
    app.register("dup@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let again = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "DUP@aurora.example", "password": "another long passphrase", "display_name": "Dup",
                   "organization": {"name": "Other", "kind": "company", "tax_code": "07390162480"}}),
        )
        .await;
    let fresh = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "fresh@aurora.example", "password": PASSWORD, "display_name": "Fresh",
                   "organization": {"name": "Other", "kind": "company", "tax_code": "07390162480"}}),
        )
        .await;
    assert_eq!((again.status, fresh.status), (202, 202), "{} / {}", again.text, fresh.text);
    assert_eq!(again.text, fresh.text, "the same answer");
    assert_eq!(again.header("content-type"), fresh.header("content-type"));
    // The owner is told, nothing was created, and the password did not change.
    assert_eq!(templates_to(&app, "dup@aurora.example"), ["verify_email", "registration_account_exists"]);
    let orgs = app.store.organizations_list(None, &PageRequest { after: None, limit: 100 }).expect("organisations");
    assert_eq!(orgs.items.iter().filter(|o| o.name.as_str() == "Other").count(), 1, "only the fresh founder's");
    app.login("dup@aurora.example", PASSWORD).await;
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
    assert!(tokens.body[0]["revoked_at"].is_string(), "{}", tokens.text);
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

hub_test!(resets_and_invitations_do_not_reveal_which_addresses_have_accounts, |app| {
    let (owner, user) = verified_proposer(&app, "owner@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let aurora = user["organization_id"].as_str().expect("org").to_owned();
    app.register("taken@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;

    // Password reset: the same answer, and an email on both paths.
    let known = app.post("/api/v1/auth/password-reset", None, json!({"email": "taken@nuvola.example"})).await;
    let unknown = app.post("/api/v1/auth/password-reset", None, json!({"email": "free@nuvola.example"})).await;
    assert_eq!((known.status, unknown.status), (202, 202));
    assert_eq!(known.text, unknown.text);
    assert_eq!(known.header("content-type"), unknown.header("content-type"));
    let told = app.mail_to("free@nuvola.example").await;
    assert!(told.body.contains("/register"), "{}", told.body);
    assert_eq!(templates_to(&app, "free@nuvola.example"), ["password_reset_unknown"]);
    assert_eq!(templates_to(&app, "taken@nuvola.example"), ["verify_email", "password_reset"]);

    // Invitation: the same status and body shape, an invitation stored and an email on both paths.
    let hub = &app;
    let invite = |email: &'static str| {
        let path = format!("/api/v1/organizations/{aurora}/invitations");
        let token = owner.clone();
        async move { hub.post(&path, Some(&token), json!({"email": email})).await }
    };
    let to_member = invite("taken@nuvola.example").await;
    let to_stranger = invite("new@aurora.example").await;
    assert_eq!((to_member.status, to_stranger.status), (201, 201), "{} / {}", to_member.text, to_stranger.text);
    let keys = |a: &Answer| a.body.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(keys(&to_member), keys(&to_stranger));
    assert_eq!(to_member.body["email"], "taken@nuvola.example");
    assert_eq!(templates_to(&app, "new@aurora.example"), ["invitation"]);
    assert_eq!(
        templates_to(&app, "taken@nuvola.example"),
        ["verify_email", "password_reset", "invitation_account_exists"]
    );
    // The one with an account cannot join with it.
    let mails = app.mails_to("taken@nuvola.example", 3).await;
    assert!(
        mails.iter().any(|m| m.body.contains("already has an account") || m.body.contains("ha però già un account"))
    );
});

hub_test!(an_unverified_user_or_organisation_sends_no_invitation, |app| {
    let founder = app.register("founder@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let aurora = founder["organization_id"].as_str().expect("org").to_owned();
    let path = format!("/api/v1/organizations/{aurora}/invitations");
    let unverified = app.token("founder@aurora.example").await;
    app.post(&path, Some(&unverified), json!({"email": "colleague@aurora.example"}))
        .await
        .assert_problem(403, "forbidden");
    // Nor does an admin, into an organisation nobody verified.
    let admin = hub_tests::funnel::admin(&app).await;
    app.post(&path, Some(&admin), json!({"email": "colleague@aurora.example"}))
        .await
        .assert_problem(409, "organization_unverified");
    assert!(templates_to(&app, "colleague@aurora.example").is_empty(), "no invitation was written");
    // Once the founder verified their address, both may.
    let token = app.mail_to("founder@aurora.example").await.token();
    assert_eq!(app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await.status, 204);
    let verified = app.token("founder@aurora.example").await;
    assert_eq!(app.post(&path, Some(&verified), json!({"email": "colleague@aurora.example"})).await.status, 201);
    assert_eq!(app.post(&path, Some(&admin), json!({"email": "second@aurora.example"})).await.status, 201);
});
