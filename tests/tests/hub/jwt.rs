//! Access tokens (JWTs) end to end: every token that is not exactly right is refused with 401, and a
//! token forged with the right key and every claim right is accepted, so that each refusal is proven
//! to be about the one thing it changes.

use api::auth::jwt::{AUDIENCE, Claims, ISSUER, JwtKeys};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::Role;
use hub_tests::{Answer, PASSWORD, TestApp, hub_test};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::Method;
use serde_json::{Value, json};

/// The hub's keys, rebuilt from its secret.
fn keys(app: &TestApp) -> JwtKeys {
    JwtKeys::new(app.settings.jwt_secret.expose().as_bytes())
}

/// The decoded payload of a JWT.
fn payload(token: &str) -> Value {
    let part = token.split('.').nth(1).expect("a JWT has a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url payload")).expect("a JSON payload")
}

/// The claims of a real access token.
fn claims_of(token: &str) -> Claims {
    serde_json::from_value(payload(token)).expect("the hub's claims")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The same user, session and version as `real`, valid from now for 15 minutes.
fn fresh(real: &Claims) -> Claims {
    let now = now();
    Claims {
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        sub: real.sub.clone(),
        sid: real.sid.clone(),
        ver: real.ver,
        roles: real.roles.clone(),
        iat: now,
        nbf: now,
        exp: now + 15 * 60,
    }
}

/// `fresh` claims as JSON, for tokens whose claims do not fit [`Claims`].
fn fresh_json(real: &Claims) -> Value {
    serde_json::to_value(fresh(real)).expect("claims as JSON")
}

/// Signs `claims` with `secret` under `kid`, through `jsonwebtoken` directly, with `alg`.
fn encode_with(alg: Algorithm, kid: Option<&str>, secret: &[u8], claims: &Claims) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    encode(&header, claims, &EncodingKey::from_secret(secret)).expect("encode")
}

/// Registers a user and logs in; returns the login answer and the claims of its access token.
async fn session(app: &TestApp, email: &str) -> (Value, Claims) {
    app.register(email, "Aurora Labs S.r.l.", "04817250931").await;
    let login = app.login(email, PASSWORD).await;
    let claims = claims_of(login["access_token"].as_str().expect("access token"));
    (login, claims)
}

async fn me(app: &TestApp, token: &str) -> Answer {
    app.get("/api/v1/me", Some(token)).await
}

/// Asserts that `token` is accepted as the user `claims.sub`.
async fn assert_accepted(app: &TestApp, token: &str, claims: &Claims) {
    let answer = me(app, token).await;
    assert_eq!(answer.status, 200, "accepted: {}", answer.text);
    assert_eq!(answer.body["id"], claims.sub.as_str(), "{}", answer.text);
}

/// Asserts a 401 problem with the bearer challenge.
fn assert_unauthenticated(answer: &Answer, why: &str) {
    assert_eq!(answer.status, 401, "{why}: {}", answer.text);
    answer.assert_problem(401, "unauthenticated");
    assert_eq!(answer.header("www-authenticate"), Some("Bearer"), "{why}: challenge");
}

async fn assert_refused(app: &TestApp, token: &str, why: &str) {
    assert_unauthenticated(&me(app, token).await, why);
}

/// GET /api/v1/me with a raw `Authorization` header (or none).
async fn me_with_header(app: &TestApp, authorization: Option<&str>) -> Answer {
    let mut request = app.client.get(format!("{}/api/v1/me", app.base));
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    TestApp::answer(request.send().await.expect("the hub answers")).await
}

hub_test!(a_forged_token_with_every_claim_right_is_accepted, |app| {
    let (login, real) = session(&app, "control@aurora.example").await;
    let access = login["access_token"].as_str().expect("access");
    assert_accepted(&app, access, &real).await;

    // The real token: HS256, the hub's kid, the documented claims.
    let keys = keys(&app);
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD.decode(access.split('.').next().expect("header")).expect("base64url header"),
    )
    .expect("JSON header");
    assert_eq!(header["alg"], "HS256");
    assert_eq!(header["kid"], keys.kid());
    assert_eq!(real.iss, ISSUER);
    assert_eq!(real.aud, AUDIENCE);
    assert_eq!(real.exp - real.iat, 900);
    assert_eq!(real.nbf, real.iat);

    // Forged with the key: the hub's own `sign`, `jsonwebtoken` directly, and claims as JSON. Each of
    // the refusals below changes exactly one thing from one of these.
    let forged = keys.sign(&fresh(&real)).expect("sign");
    assert_accepted(&app, &forged, &real).await;
    let secret = app.settings.jwt_secret.expose().as_bytes().to_vec();
    let direct = encode_with(Algorithm::HS256, Some(keys.kid()), &secret, &fresh(&real));
    assert_accepted(&app, &direct, &real).await;
    let as_json = keys.sign(&fresh_json(&real)).expect("sign");
    assert_accepted(&app, &as_json, &real).await;
});

hub_test!(an_unsigned_alg_none_token_is_refused, |app| {
    let (_, real) = session(&app, "none@aurora.example").await;
    let keys = keys(&app);
    let claims = fresh_json(&real);
    let header = json!({"alg": "none", "typ": "JWT", "kid": keys.kid()});
    let encode_part = |value: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("JSON"));
    let unsigned = format!("{}.{}.", encode_part(&header), encode_part(&claims));
    assert_refused(&app, &unsigned, "alg none, empty signature").await;
    let without_dot = format!("{}.{}", encode_part(&header), encode_part(&claims));
    assert_refused(&app, &without_dot, "alg none, two parts").await;
    let upper = json!({"alg": "None", "typ": "JWT", "kid": keys.kid()});
    assert_refused(&app, &format!("{}.{}.", encode_part(&upper), encode_part(&claims)), "alg None").await;

    // An HS256 header over the same claims with a real signature is accepted; and the valid
    // signature does not rescue a header that says `none`.
    let signed = keys.sign(&claims).expect("sign");
    assert_accepted(&app, &signed, &real).await;
    let signature = signed.rsplit('.').next().expect("signature");
    let swapped = format!("{}.{}.{signature}", encode_part(&header), encode_part(&claims));
    assert_refused(&app, &swapped, "alg none with a stolen signature").await;
});

hub_test!(another_algorithm_or_another_key_is_refused, |app| {
    let (_, real) = session(&app, "keys@aurora.example").await;
    let keys = keys(&app);
    let secret = app.settings.jwt_secret.expose().as_bytes().to_vec();

    let hs384 = encode_with(Algorithm::HS384, Some(keys.kid()), &secret, &fresh(&real));
    assert_refused(&app, &hs384, "HS384 with the right secret").await;
    let hs512 = encode_with(Algorithm::HS512, Some(keys.kid()), &secret, &fresh(&real));
    assert_refused(&app, &hs512, "HS512 with the right secret").await;

    let other = b"another secret of at least thirty-two bytes";
    let other_key = encode_with(Algorithm::HS256, Some(keys.kid()), other, &fresh(&real));
    assert_refused(&app, &other_key, "HS256 with another key under the hub's kid").await;
    let other_keys = JwtKeys::new(other);
    assert_refused(&app, &other_keys.sign(&fresh(&real)).expect("sign"), "another key with its own kid").await;

    // A tampered payload under the real signature.
    let good = keys.sign(&fresh(&real)).expect("sign");
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let mut tampered = fresh_json(&real);
    tampered["ver"] = json!(real.ver + 1);
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&tampered).expect("JSON"));
    assert_refused(&app, &parts.join("."), "payload changed after signing").await;

    // Control: the same claims, HS256 and the hub's secret.
    let right = encode_with(Algorithm::HS256, Some(keys.kid()), &secret, &fresh(&real));
    assert_accepted(&app, &right, &real).await;
});

hub_test!(expired_not_yet_valid_and_malformed_times_are_refused, |app| {
    let (_, real) = session(&app, "times@aurora.example").await;
    let keys = keys(&app);
    let now = now();

    let expired = Claims { iat: now - 4500, nbf: now - 4500, exp: now - 3600, ..fresh(&real) };
    assert_refused(&app, &keys.sign(&expired).expect("sign"), "expired an hour ago").await;

    let early = Claims { iat: now, nbf: now + 3600, exp: now + 4500, ..fresh(&real) };
    assert_refused(&app, &keys.sign(&early).expect("sign"), "valid only in an hour").await;

    let mut string_exp = fresh_json(&real);
    string_exp["exp"] = json!("9999999999");
    assert_refused(&app, &keys.sign(&string_exp).expect("sign"), "exp as a string").await;

    for claim in ["exp", "nbf", "iat"] {
        let mut missing = fresh_json(&real);
        missing.as_object_mut().expect("object").remove(claim);
        assert_refused(&app, &keys.sign(&missing).expect("sign"), &format!("no {claim}")).await;
    }

    // Control: a long-lived token with numeric times is accepted.
    let mut numeric = fresh_json(&real);
    numeric["exp"] = json!(9_999_999_999_i64);
    assert_accepted(&app, &keys.sign(&numeric).expect("sign"), &real).await;
});

hub_test!(a_wrong_issuer_or_audience_is_refused, |app| {
    let (_, real) = session(&app, "claims@aurora.example").await;
    let keys = keys(&app);

    let issuer = Claims { iss: "someone-else".to_owned(), ..fresh(&real) };
    assert_refused(&app, &keys.sign(&issuer).expect("sign"), "wrong iss").await;
    let audience = Claims { aud: "another-api".to_owned(), ..fresh(&real) };
    assert_refused(&app, &keys.sign(&audience).expect("sign"), "wrong aud").await;
    for claim in ["iss", "aud", "sub", "sid", "ver"] {
        let mut missing = fresh_json(&real);
        missing.as_object_mut().expect("object").remove(claim);
        assert_refused(&app, &keys.sign(&missing).expect("sign"), &format!("no {claim}")).await;
    }

    // Right claims, someone else's identity: an unknown session or user is refused too.
    let session_of_nobody = Claims { sid: uuid::Uuid::now_v7().to_string(), ..fresh(&real) };
    assert_refused(&app, &keys.sign(&session_of_nobody).expect("sign"), "unknown sid").await;
    let not_a_user = Claims { sub: "not-a-uuid".to_owned(), ..fresh(&real) };
    assert_refused(&app, &keys.sign(&not_a_user).expect("sign"), "sub not a user id").await;
    let other_version = Claims { ver: real.ver + 1, ..fresh(&real) };
    assert_refused(&app, &keys.sign(&other_version).expect("sign"), "another token version").await;

    assert_accepted(&app, &keys.sign(&fresh(&real)).expect("sign"), &real).await;
});

hub_test!(a_missing_or_wrong_kid_is_refused, |app| {
    let (_, real) = session(&app, "kid@aurora.example").await;
    let keys = keys(&app);
    let secret = app.settings.jwt_secret.expose().as_bytes().to_vec();

    let no_kid = encode_with(Algorithm::HS256, None, &secret, &fresh(&real));
    assert_refused(&app, &no_kid, "no kid").await;
    let wrong_kid = encode_with(Algorithm::HS256, Some("0000000000000000"), &secret, &fresh(&real));
    assert_refused(&app, &wrong_kid, "wrong kid").await;
    let empty_kid = encode_with(Algorithm::HS256, Some(""), &secret, &fresh(&real));
    assert_refused(&app, &empty_kid, "empty kid").await;

    let right_kid = encode_with(Algorithm::HS256, Some(keys.kid()), &secret, &fresh(&real));
    assert_accepted(&app, &right_kid, &real).await;
});

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
