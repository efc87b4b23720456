//! Joining an organisation by invitation, taken addresses, and not revealing which addresses have
//! accounts.

use super::*;

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
    let root = domain::Actor {
        user_id: domain::UserId::new(),
        organization_id: domain::OrganizationId::new(),
        is_org_owner: false,
        roles: [domain::Role::Admin].into(),
        email_verified: true,
        credential: domain::Credential::Session,
    };
    let all = PageRequest { after: None, limit: 100 };
    let orgs =
        app.store.organizations_list(&root, &persistence::OrganizationFilter::default(), &all).expect("organisations");
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
