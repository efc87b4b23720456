//! Forged access tokens: signed right, unsigned, signed otherwise, with wrong times, issuer,
//! audience or key id.

use super::*;

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
