//! Throttling, answered with 429 problem+json and a `Retry-After`.
//!
//! Logins: failures per account *and* client address (5 free, then a wait that doubles), a ceiling per
//! account above which only the addresses that failed wait, and a rate per client address; a stranger's
//! failures never lock the owner out. Refused logins look the same whether or not the account exists.
//! Mail-sending and account-creating requests: per target address and per client address, the same
//! whether or not an account exists.

use hub_tests::{Answer, Backend, PASSWORD, TestApp, hub_test};
use serde_json::json;

const WRONG: &str = "not the right password at all";

async fn attempt(app: &TestApp, email: &str, password: &str) -> Answer {
    app.post("/api/v1/auth/login", None, json!({"email": email, "password": password})).await
}

/// Asserts a 429 with a whole number of seconds to wait, at least one and at most a minute.
#[track_caller]
fn assert_throttled(answer: &Answer, why: &str) -> u64 {
    assert_throttled_up_to(answer, why, 60)
}

/// Asserts a 429 with a whole number of seconds to wait, at least one and at most `longest`.
#[track_caller]
fn assert_throttled_up_to(answer: &Answer, why: &str, longest: u64) -> u64 {
    assert_eq!(answer.status, 429, "{why}: {}", answer.text);
    answer.assert_problem(429, "too_many_requests");
    let retry = answer.header("retry-after").unwrap_or_else(|| panic!("{why}: Retry-After in {:?}", answer.headers));
    let seconds: u64 = retry.parse().unwrap_or_else(|_| panic!("{why}: numeric Retry-After, got {retry:?}"));
    assert!((1..=longest).contains(&seconds), "{why}: Retry-After {seconds}");
    seconds
}

hub_test!(the_sixth_attempt_from_a_failing_address_is_throttled_even_with_the_right_password, |app| {
    assert_eq!(app.settings.login_free_failures, 5, "the default");
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

hub_test!(right_logins_are_no_failures, |app| {
    app.register("busy@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    for _ in 0..4 {
        attempt(&app, "busy@aurora.example", WRONG).await.assert_problem(401, "unauthenticated");
    }
    // A success forgets the address's failures: the owner who mistyped is not throttled afterwards.
    for i in 0..8 {
        let ok = attempt(&app, "busy@aurora.example", PASSWORD).await;
        assert_eq!(ok.status, 200, "right login {i}: {}", ok.text);
    }
    for _ in 0..4 {
        attempt(&app, "busy@aurora.example", WRONG).await.assert_problem(401, "unauthenticated");
    }
    assert_eq!(attempt(&app, "busy@aurora.example", PASSWORD).await.status, 200);
});

hub_test!(a_strangers_failures_never_lock_the_owner_out, |app| {
    app.register("owner@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let stranger = app.client_from("127.0.0.2");
    let login = json!({"email": "owner@aurora.example", "password": WRONG});
    for _ in 0..5 {
        app.post_from(&stranger, "/api/v1/auth/login", None, login.clone())
            .await
            .assert_problem(401, "unauthenticated");
    }
    // The stranger's address waits, whatever it sends, and longer than the first wait of a minute's rate.
    let refused = app.post_from(&stranger, "/api/v1/auth/login", None, login.clone()).await;
    assert_eq!(assert_throttled(&refused, "the stranger's sixth guess"), 30, "the first wait");
    let right = json!({"email": "owner@aurora.example", "password": PASSWORD});
    assert_throttled(&app.post_from(&stranger, "/api/v1/auth/login", None, right).await, "even a right guess");

    // The owner, from their own address, logs in with the right password at once, several times.
    for i in 0..3 {
        let owner = attempt(&app, "owner@aurora.example", PASSWORD).await;
        assert_eq!(owner.status, 200, "owner login {i}: {}", owner.text);
        assert!(owner.body["access_token"].is_string());
    }
    // And the stranger still waits.
    assert_throttled(&app.post_from(&stranger, "/api/v1/auth/login", None, login).await, "still waiting");
});

hub_test!(
    above_the_account_ceiling_addresses_that_failed_wait_and_the_owner_does_not,
    settings = &[("HUB_LOGIN_ACCOUNT_FAILURES_PER_HOUR", "3")],
    |app| {
        assert_eq!(app.settings.login_account_failures_per_hour, 3);
        app.register("besieged@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
        let wrong = json!({"email": "besieged@aurora.example", "password": WRONG});
        let (first, second) = (app.client_from("127.0.0.2"), app.client_from("127.0.0.3"));
        for _ in 0..3 {
            app.post_from(&first, "/api/v1/auth/login", None, wrong.clone())
                .await
                .assert_problem(401, "unauthenticated");
        }
        // The ceiling is reached: the address that failed waits before its free failures are spent.
        let refused = app.post_from(&first, "/api/v1/auth/login", None, wrong.clone()).await;
        assert_throttled_up_to(&refused, "a failing address above the ceiling", 3600);
        // A new address gets one guess; once it failed, it waits too.
        app.post_from(&second, "/api/v1/auth/login", None, wrong.clone()).await.assert_problem(401, "unauthenticated");
        let again = app.post_from(&second, "/api/v1/auth/login", None, wrong).await;
        assert_throttled_up_to(&again, "the second address, once it failed", 3600);
        // The owner, from an address without failures, logs in.
        let owner = attempt(&app, "besieged@aurora.example", PASSWORD).await;
        assert_eq!(owner.status, 200, "{}", owner.text);
    }
);

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

fn reset(email: &str) -> serde_json::Value {
    json!({"email": email})
}

fn founder(email: &str, name: &str, tax_code: &str) -> serde_json::Value {
    json!({"email": email, "password": PASSWORD, "display_name": "Founder",
           "organization": {"name": name, "kind": "startup", "tax_code": tax_code}})
}

hub_test!(
    mail_requests_are_throttled_per_target_address_whether_or_not_it_has_an_account,
    settings = &[("HUB_MAIL_PER_RECIPIENT_PER_HOUR", "5")],
    |app| {
        assert_eq!(app.settings.mail_per_recipient_per_hour, 5);
        let owner =
            hub_tests::funnel::verified_proposer(&app, "owner@aurora.example", "Aurora Labs S.r.l.", "04817250931")
                .await
                .0;
        let aurora =
            app.get("/api/v1/me", Some(&owner)).await.body["organization_id"].as_str().expect("org").to_owned();
        // The owner's registration counted once for their address; four resets make five.
        for _ in 0..4 {
            assert_eq!(app.post("/api/v1/auth/password-reset", None, reset("owner@aurora.example")).await.status, 202);
        }
        let known = app.post("/api/v1/auth/password-reset", None, reset("owner@aurora.example")).await;
        assert_throttled_up_to(&known, "a sixth mail to a known address", 3600);
        // The same for an address without an account: five, then 429 with the same body.
        for _ in 0..5 {
            assert_eq!(app.post("/api/v1/auth/password-reset", None, reset("ghost@aurora.example")).await.status, 202);
        }
        let unknown = app.post("/api/v1/auth/password-reset", None, reset("ghost@aurora.example")).await;
        assert_throttled_up_to(&unknown, "a sixth mail to an unknown address", 3600);
        assert_eq!(known.body["code"], unknown.body["code"]);
        assert_eq!(
            known.body["detail"].as_str().map(|d| d.split(';').next()),
            unknown.body["detail"].as_str().map(|d| d.split(';').next())
        );
        // The limit spans the endpoints: registering or inviting that address is throttled too.
        let register = app
            .post("/api/v1/auth/register", None, founder("ghost@aurora.example", "Ghost S.r.l.", "07390162480"))
            .await;
        assert_throttled_up_to(&register, "registering a throttled address", 3600);
        let invite = app
            .post(
                &format!("/api/v1/organizations/{aurora}/invitations"),
                Some(&owner),
                json!({"email": "ghost@aurora.example"}),
            )
            .await;
        assert_throttled_up_to(&invite, "inviting a throttled address", 3600);
        // Another address from the same client is not affected.
        assert_eq!(app.post("/api/v1/auth/password-reset", None, reset("other@aurora.example")).await.status, 202);
    }
);

hub_test!(mail_requests_are_throttled_per_client_address, settings = &[("HUB_MAIL_PER_CLIENT_PER_HOUR", "3")], |app| {
    assert_eq!(app.settings.mail_per_client_per_hour, 3);
    let flooder = app.client_from("127.0.0.2");
    for who in ["a", "b", "c"] {
        let answer =
            app.post_from(&flooder, "/api/v1/auth/password-reset", None, reset(&format!("{who}@x.example"))).await;
        assert_eq!(answer.status, 202, "{}", answer.text);
    }
    let fourth = app.post_from(&flooder, "/api/v1/auth/password-reset", None, reset("d@x.example")).await;
    assert_throttled_up_to(&fourth, "a fourth address from one client", 3600);
    let register = app
        .post_from(&flooder, "/api/v1/auth/register", None, founder("e@x.example", "Flood S.r.l.", "07390162480"))
        .await;
    assert_throttled_up_to(&register, "a registration from the same client", 3600);
    // Another client is not affected.
    assert_eq!(app.post("/api/v1/auth/password-reset", None, reset("d@x.example")).await.status, 202);
    let registered =
        app.post("/api/v1/auth/register", None, founder("e@x.example", "Flood S.r.l.", "07390162480")).await;
    assert_eq!(registered.status, 202, "{}", registered.text);
});

/// The API's request limit per client address: every answer says the allowance, which shrinks with each
/// request; over it, 429 with `Retry-After`; the operations' endpoints outside the API do not count.
mod the_api_request_limit {
    use super::*;

    hub_tests::backend_tests!(|backend| {
        let app = TestApp::spawn_with(backend, &[("HUB_API_REQUESTS_PER_MINUTE", "3")]).await;
        let number = |answer: &Answer, name: &str| -> u64 {
            answer.header(name).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name}: {:?}", answer.headers))
        };
        let mut left = Vec::new();
        for _ in 0..3 {
            let answer = app.get("/api/v1/pillars", None).await;
            assert_eq!(answer.status, 200, "{}", answer.text);
            assert_eq!(number(&answer, "x-ratelimit-limit"), 3);
            assert!((1..=60).contains(&number(&answer, "x-ratelimit-reset")), "{:?}", answer.headers);
            left.push(number(&answer, "x-ratelimit-remaining"));
        }
        assert_eq!(left, [2, 1, 0], "each request takes one");
        // Not counted: the health checks outside the API.
        assert_eq!(app.get("/healthz", None).await.status, 200);
        let refused = app.get("/api/v1/challenges", None).await;
        let wait = assert_throttled(&refused, "the fourth request in a minute");
        assert_eq!(number(&refused, "x-ratelimit-remaining"), 0);
        assert!(number(&refused, "x-ratelimit-reset") >= wait);
        assert!(app.get("/healthz", None).await.header("x-ratelimit-limit").is_none());
    });
}
