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

mod forgeries;
mod revocation;

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
