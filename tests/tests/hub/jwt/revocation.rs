//! Tokens that are not access tokens or no longer are: refresh tokens, logged-out sessions, changed
//! roles.

use super::*;

hub_test!(a_refresh_token_garbage_or_nothing_is_not_an_access_token, |app| {
    let (login, real) = session(&app, "garbage@aurora.example").await;
    let refresh = login["refresh_token"].as_str().expect("refresh");
    assert_refused(&app, refresh, "a refresh token").await;

    for value in [
        "Bearer not-a-jwt",
        "Bearer a.b.c",
        "Bearer ",
        "Bearer",
        "Basic Y29udHJvbEBhdXJvcmEuZXhhbXBsZTpjb3JyZWN0IGhvcnNlIGJhdHRlcnkgc3RhcGxl",
        "Token abc",
        "garbage",
        "Bearer hubpat_not-a-real-token",
    ] {
        assert_unauthenticated(&me_with_header(&app, Some(value)).await, value);
    }
    let access = login["access_token"].as_str().expect("access");
    // The right token under another scheme name is refused; `bearer` is case-insensitive.
    assert_unauthenticated(&me_with_header(&app, Some(&format!("Token {access}"))).await, "Token scheme");
    assert_eq!(me_with_header(&app, Some(&format!("bearer {access}"))).await.status, 200);

    assert_unauthenticated(&me_with_header(&app, None).await, "no header");
    assert_unauthenticated(&app.get("/api/v1/me", None).await, "no header");

    // The refresh token still works as a refresh token.
    let rotated = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": refresh})).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text);
    assert_accepted(&app, rotated.body["access_token"].as_str().expect("access"), &real).await;
});

hub_test!(the_access_tokens_of_a_logged_out_session_are_refused, |app| {
    let (login, real) = session(&app, "logout@aurora.example").await;
    let access = login["access_token"].as_str().expect("access").to_owned();
    let other = app.login("logout@aurora.example", PASSWORD).await;
    let other_access = other["access_token"].as_str().expect("access").to_owned();
    let keys = keys(&app);
    assert_accepted(&app, &access, &real).await;
    assert_accepted(&app, &keys.sign(&fresh(&real)).expect("sign"), &real).await;

    let out = app.post("/api/v1/auth/logout", None, json!({"refresh_token": login["refresh_token"]})).await;
    assert_eq!(out.status, 204, "{}", out.text);
    assert_refused(&app, &access, "access token of the ended session").await;
    // Even a freshly forged token of that session is refused: the session is checked, not only the JWT.
    assert_refused(&app, &keys.sign(&fresh(&real)).expect("sign"), "forged token of the ended session").await;

    // The user's other session is untouched.
    assert_accepted(&app, &other_access, &real).await;
});

hub_test!(access_tokens_issued_before_a_change_of_roles_are_refused, |app| {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let (login, real) = session(&app, "pia@aurora.example").await;
    let old_access = login["access_token"].as_str().expect("access").to_owned();
    let before = me(&app, &old_access).await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!(before.body["roles"], json!(["proposer"]));

    // Only admins change roles; the user's own token cannot.
    let path = format!("/api/v1/users/{}/roles", real.sub);
    let body = json!({"roles": ["proposer", "evaluator"]});
    app.request(Method::PUT, &path, Some(&old_access), body.clone()).await.assert_problem(403, "forbidden");
    assert_accepted(&app, &old_access, &real).await;

    let changed = app.request(Method::PUT, &path, Some(&admin), body).await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["roles"], json!(["proposer", "evaluator"]));

    // The old access token, and any token carrying the old version, stop working at once.
    assert_refused(&app, &old_access, "access token issued before the change of roles").await;
    let keys = keys(&app);
    assert_refused(&app, &keys.sign(&fresh(&real)).expect("sign"), "forged token with the old version").await;

    // A new login works and shows the new roles, with the next version; the admin is unaffected.
    let new_access = app.token("pia@aurora.example").await;
    let new_claims = claims_of(&new_access);
    assert_eq!(new_claims.ver, real.ver + 1);
    assert_eq!(new_claims.sub, real.sub);
    let after = me(&app, &new_access).await;
    assert_eq!(after.status, 200, "{}", after.text);
    assert_eq!(after.body["roles"], json!(["proposer", "evaluator"]));
    assert_eq!(me(&app, &admin).await.status, 200);

    // The old session survives the change: its refresh token yields a token of the new version.
    let rotated = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": login["refresh_token"]})).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text);
    let rotated_access = rotated.body["access_token"].as_str().expect("access");
    assert_eq!(claims_of(rotated_access).ver, real.ver + 1);
    assert_eq!(claims_of(rotated_access).sid, real.sid);
    assert_eq!(me(&app, rotated_access).await.body["roles"], json!(["proposer", "evaluator"]));
});

hub_test!(the_roles_claim_is_current_while_the_version_is, |app| {
    let (_, real) = session(&app, "roles@aurora.example").await;
    assert_eq!(real.roles, Some(vec!["proposer".to_owned()]), "the roles at issue");
    let keys = keys(&app);
    let ranking = "/api/v1/challenges/open-call/ranking";

    // The hub acts on the roles it signed while their version is current (a ranking is for hub managers)…
    let as_signed = keys.sign(&fresh(&real)).expect("sign");
    app.get(ranking, Some(&as_signed)).await.assert_problem(403, "forbidden");
    let elevated = Claims { roles: Some(vec!["hub_manager".to_owned()]), ..fresh(&real) };
    let answer = app.get(ranking, Some(&keys.sign(&elevated).expect("sign"))).await;
    assert_eq!(answer.status, 200, "roles signed with the hub's key are the hub's word: {}", answer.text);

    // …reads them from the database when the claim is absent (tokens signed before it was carried)…
    let manager = hub_tests::funnel::manager(&app).await;
    let mut without = fresh_json(&claims_of(&manager));
    without.as_object_mut().expect("object").remove("roles");
    let answer = app.get(ranking, Some(&keys.sign(&without).expect("sign"))).await;
    assert_eq!(answer.status, 200, "a hub manager's token without the claim: {}", answer.text);

    // …and refuses a role it does not know, or a claim of the wrong shape.
    let mut unknown = fresh_json(&real);
    unknown["roles"] = json!(["proposer", "emperor"]);
    assert_refused(&app, &keys.sign(&unknown).expect("sign"), "an unknown role").await;
    let mut shape = fresh_json(&real);
    shape["roles"] = json!("proposer");
    assert_refused(&app, &keys.sign(&shape).expect("sign"), "roles as a string").await;
});
