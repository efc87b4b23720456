//! Webhooks (issue 20) end to end, against a real receiver that verifies every delivery with the
//! maintained `standardwebhooks` library (`hub_tests::receiver`): an organisation's owner and an admin
//! register endpoints, the funnel's events arrive signed and logged, who may manage what, the addresses
//! the hub refuses to call, failures retried on the schedule (the tests move the hub's clock once the hub
//! has recorded an attempt, never wait for wall time), disabling and enabling, secret rotation, and an
//! outage through a restart.

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use hub_tests::funnel::{admin, manager, under_review};
use hub_tests::receiver::{Received, Receiver};
use hub_tests::{Answer, PASSWORD, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod access;
mod addresses;
mod claims;
mod failures;
mod journey;
mod restart;
mod rotation;

/// How long a test waits for the hub or the receiver to get somewhere (generous: never a timing assumption).
pub(crate) const WAIT: StdDuration = StdDuration::from_secs(30);

/// The two events the journey's endpoints are sent.
pub(crate) const FUNNEL: [&str; 2] = ["proposal.moved", "proposal.decided"];

/// The owner of a university (the registering founder owns their new organisation).
pub(crate) const UNI: &str = "rettrice@uniprova.example";
/// The owner of another organisation, a startup.
pub(crate) const OTHER: &str = "nina@nuvola.example";

/// A started receiver, or `None` when `standardwebhooks` is missing outside CI (in CI that fails).
pub(crate) fn receiver(test: &str) -> Option<Receiver> {
    if !Receiver::available() {
        eprintln!("skipped {test}: the webhook receiver needs standardwebhooks");
        return None;
    }
    Some(Receiver::start())
}

/// Registers the founder of a new organisation of `kind` through the API and verifies their address;
/// returns their token and the organisation's id (they own it).
pub(crate) async fn founder(app: &TestApp, email: &str, name: &str, kind: &str, tax_code: &str) -> (String, String) {
    let body = json!({
        "email": email, "password": PASSWORD, "display_name": "Titolare di prova",
        "organization": {"name": name, "kind": kind, "tax_code": tax_code}
    });
    let registered = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(registered.status, 202, "register {email}: {}", registered.text);
    let token = app.mail_to(email).await.token();
    let verified = app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await;
    assert_eq!(verified.status, 204, "verify {email}: {}", verified.text);
    let account = app.account(email).await;
    (app.token(email).await, account["organization_id"].as_str().expect("an organisation").to_owned())
}

/// The university's owner: token and organisation id.
pub(crate) async fn university(app: &TestApp) -> (String, String) {
    founder(app, UNI, "Università di Prova", "university", "80214573604").await
}

/// Another organisation's owner: token and organisation id.
pub(crate) async fn other_owner(app: &TestApp) -> (String, String) {
    founder(app, OTHER, "Nuvola Sicura S.r.l.", "startup", "07390162480").await
}

/// `POST /webhooks` with `body`.
pub(crate) async fn post_endpoint(app: &TestApp, token: &str, body: Value) -> Answer {
    app.post("/api/v1/webhooks", Some(token), body).await
}

/// Registers an endpoint (must be 201); returns its id and secret.
pub(crate) async fn register(app: &TestApp, token: &str, url: &str, events: &[&str]) -> (String, String) {
    created(&post_endpoint(app, token, json!({"url": url, "events": events})).await)
}

/// Registers the hub's endpoint as an admin (must be 201); returns its id and secret.
pub(crate) async fn register_hub(app: &TestApp, admin: &str, url: &str, events: &[&str]) -> (String, String) {
    created(&post_endpoint(app, admin, json!({"url": url, "events": events, "scope": "hub"})).await)
}

/// The id and secret of a 201 registration.
#[track_caller]
pub(crate) fn created(answer: &Answer) -> (String, String) {
    assert_eq!(answer.status, 201, "register: {}", answer.text);
    let id = answer.body["endpoint"]["id"].as_str().expect("an id").to_owned();
    (id, answer.body["secret"].as_str().expect("a secret").to_owned())
}

/// The path of endpoint `id`, with `rest` after it.
pub(crate) fn at(id: &str, rest: &str) -> String {
    format!("/api/v1/webhooks/{id}{rest}")
}

/// `PATCH /webhooks/{id}`.
pub(crate) async fn patch(app: &TestApp, token: &str, id: &str, body: Value) -> Answer {
    app.request(Method::PATCH, &at(id, ""), Some(token), body).await
}

/// Pings endpoint `id` (must be 202); returns the queued delivery.
pub(crate) async fn ping(app: &TestApp, token: &str, id: &str) -> Value {
    let answer = app.post(&at(id, "/ping"), Some(token), Value::Null).await;
    assert_eq!(answer.status, 202, "ping: {}", answer.text);
    assert_eq!(answer.body["event_type"], "webhook.ping", "{}", answer.text);
    answer.body
}

/// Endpoint `id`'s delivery log (the first hundred, newest first).
pub(crate) async fn deliveries(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let answer = app.get(&at(id, "/deliveries?limit=100"), Some(token)).await;
    assert_eq!(answer.status, 200, "deliveries: {}", answer.text);
    answer.body["items"].as_array().expect("items").clone()
}

/// Polls endpoint `id`'s delivery log until `check` holds (at most [`WAIT`]); returns the last log read.
pub(crate) async fn wait_log(app: &TestApp, token: &str, id: &str, check: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let started = Instant::now();
    loop {
        let log = deliveries(app, token, id).await;
        if check(&log) || started.elapsed() > WAIT {
            return log;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
}

/// Polls until delivery `delivery` of endpoint `id` satisfies `check`; asserts it did; returns it.
pub(crate) async fn wait_delivery(
    app: &TestApp,
    token: &str,
    id: &str,
    delivery: &str,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let find = |log: &[Value]| log.iter().find(|d| d["id"] == delivery).cloned();
    let log = wait_log(app, token, id, |log| find(log).is_some_and(|d| check(&d))).await;
    let found = find(&log).unwrap_or_else(|| panic!("delivery {delivery} is not in the log: {log:?}"));
    assert!(check(&found), "delivery {delivery} never came to {what}: {found:#}");
    found
}

/// The attempts a delivery's log records.
pub(crate) fn logged(delivery: &Value) -> usize {
    delivery["log"].as_array().map_or(0, Vec::len)
}

/// Whether a delivery has at least `n` attempts recorded and none in flight (its schedule is readable).
pub(crate) fn settled_after(delivery: &Value, n: usize) -> bool {
    logged(delivery) >= n && (delivery["status"] != "pending" || delivery["attempts"] == json!(logged(delivery)))
}

/// An RFC 3339 timestamp of an answer.
pub(crate) fn time(value: &Value) -> DateTime<Utc> {
    let text = value.as_str().unwrap_or_else(|| panic!("a timestamp, got {value}"));
    DateTime::parse_from_rfc3339(text).expect("RFC 3339").with_timezone(&Utc)
}

/// The hub's clock now.
pub(crate) fn hub_now(app: &TestApp) -> DateTime<Utc> {
    domain::Clock::now(app.clock.as_ref())
}

/// Moves the hub's clock a second past when `delivery`'s next attempt is due (no move if it is due).
pub(crate) fn advance_past(app: &TestApp, delivery: &Value) {
    let gap = time(&delivery["next_attempt_at"]) - hub_now(app);
    if gap > -Duration::seconds(1) {
        app.clock.advance(gap + Duration::seconds(1));
    }
}

/// The receiver's records on `path`.
pub(crate) fn on(received: &[Received], path: &str) -> Vec<Received> {
    received.iter().filter(|r| r.path == path).cloned().collect()
}

/// Waits until the receiver has a record of event `event_id` on `path` answered `status`; returns it.
pub(crate) async fn wait_received(receiver: &Receiver, path: &str, event_id: &str, status: u16) -> Received {
    let matches = |r: &Received| r.path == path && r.id == event_id && r.status == status;
    let received = receiver.wait_until(WAIT, |all| all.iter().any(matches)).await;
    received.into_iter().find(matches).unwrap_or_else(|| panic!("{event_id} never answered {status} on {path}"))
}

/// How many signatures a `webhook-signature` header carries.
pub(crate) fn signatures(record: &Received) -> usize {
    record.signature.split_whitespace().filter(|s| s.starts_with("v1,")).count()
}

/// `(field, code)` of each error of a 422 answer.
#[track_caller]
pub(crate) fn errors(answer: &Answer) -> Vec<(String, String)> {
    let body = answer.assert_problem(422, "validation_failed");
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (e["field"].as_str().expect("field").to_owned(), e["code"].as_str().expect("code").to_owned()))
        .collect()
}
