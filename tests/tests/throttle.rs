//! Login throttling: per account (5 a minute by default) and per client address, answered with 429
//! problem+json and a `Retry-After`; refused logins look the same whether or not the account exists.

use hub_tests::{Answer, Backend, PASSWORD, TestApp, hub_test};
use serde_json::json;

const WRONG: &str = "not the right password at all";

async fn attempt(app: &TestApp, email: &str, password: &str) -> Answer {
    app.post("/api/v1/auth/login", None, json!({"email": email, "password": password})).await
}

/// Asserts a 429 with a whole number of seconds to wait, at least one and at most a minute.
#[track_caller]
fn assert_throttled(answer: &Answer, why: &str) -> u64 {
    assert_eq!(answer.status, 429, "{why}: {}", answer.text);
    answer.assert_problem(429, "too_many_requests");
    let retry = answer.header("retry-after").unwrap_or_else(|| panic!("{why}: Retry-After in {:?}", answer.headers));
    let seconds: u64 = retry.parse().unwrap_or_else(|_| panic!("{why}: numeric Retry-After, got {retry:?}"));
    assert!((1..=60).contains(&seconds), "{why}: Retry-After {seconds}");
    seconds
}

hub_test!(the_sixth_attempt_for_an_account_is_throttled_even_with_the_right_password, |app| {
    assert_eq!(app.settings.login_per_account_per_minute, 5, "the default");
    app.register("target@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    app.register("bystander@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;

    for _ in 0..5 {
        attempt(&app, "target@aurora.example", WRONG).await.assert_problem(401, "unauthenticated");
    }
    let sixth = attempt(&app, "target@aurora.example", PASSWORD).await;
    assert_throttled(&sixth, "sixth attempt, right password");
    assert!(sixth.body.get("access_token").is_none(), "no tokens: {}", sixth.text);
    // The account key ignores case and surrounding spaces.
    assert_throttled(&attempt(&app, "  TARGET@Aurora.example ", PASSWORD).await, "same account, other spelling");

    // Another account from the same address is not affected.
    let other = attempt(&app, "bystander@nuvola.example", PASSWORD).await;
    assert_eq!(other.status, 200, "{}", other.text);
    assert!(other.body["access_token"].is_string());
});

hub_test!(five_right_logins_use_up_the_account_quota_too, |app| {
    app.register("busy@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    for _ in 0..5 {
        let ok = attempt(&app, "busy@aurora.example", PASSWORD).await;
        assert_eq!(ok.status, 200, "{}", ok.text);
    }
    assert_throttled(&attempt(&app, "busy@aurora.example", PASSWORD).await, "sixth right login");
});

hub_test!(an_unknown_email_is_throttled_the_same_way, |app| {
    for _ in 0..5 {
        attempt(&app, "ghost@aurora.example", WRONG).await.assert_problem(401, "unauthenticated");
    }
    assert_throttled(&attempt(&app, "ghost@aurora.example", WRONG).await, "sixth attempt, unknown email");
    assert_throttled(&attempt(&app, "ghost@aurora.example", PASSWORD).await, "seventh attempt, unknown email");
});

hub_test!(a_wrong_password_and_an_unknown_email_get_identical_answers, |app| {
    app.register("real@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let wrong = attempt(&app, "real@aurora.example", WRONG).await;
    let unknown = attempt(&app, "nobody@aurora.example", WRONG).await;
    wrong.assert_problem(401, "unauthenticated");
    unknown.assert_problem(401, "unauthenticated");
    assert_eq!(wrong.text, unknown.text, "byte-identical bodies");
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.header("www-authenticate"), unknown.header("www-authenticate"));
    assert_eq!(wrong.header("content-type"), unknown.header("content-type"));
    assert!(!wrong.text.contains("real@aurora.example"), "{}", wrong.text);

    // A known address with the right password in another case is the account itself.
    let right = attempt(&app, "Real@Aurora.example", PASSWORD).await;
    assert_eq!(right.status, 200, "{}", right.text);
});

/// With three attempts a minute per address, the fourth from the same address is refused whatever
/// the account, known or not, right password or not.
async fn the_address_limit_spans_accounts(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("HUB_LOGIN_PER_ADDRESS_PER_MINUTE", "3")]).await;
    assert_eq!(app.settings.login_per_address_per_minute, 3);
    app.register("a@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    app.register("d@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;

    let first = attempt(&app, "a@aurora.example", PASSWORD).await;
    assert_eq!(first.status, 200, "{}", first.text);
    attempt(&app, "a@aurora.example", WRONG).await.assert_problem(401, "unauthenticated");
    attempt(&app, "c@aurora.example", WRONG).await.assert_problem(401, "unauthenticated");

    // Each account has used at most two of its five; the address has used its three.
    let fourth = attempt(&app, "d@nuvola.example", PASSWORD).await;
    assert_throttled(&fourth, "fourth attempt from the address, a fresh account");
    assert_throttled(&attempt(&app, "e@aurora.example", WRONG).await, "fifth attempt, unknown account");
}

mod the_address_limit_spans_accounts {
    use super::*;

    hub_tests::backend_tests!(|backend| the_address_limit_spans_accounts(backend).await);
}
