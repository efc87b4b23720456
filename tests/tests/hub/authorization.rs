//! The authorisation matrix: every operation of `openapi.yaml` × every kind of caller, each cell a real
//! request to a real hub (SQLite and PostgreSQL) with the exact status it must get.
//!
//! The callers: the anonymous; a proposer of the organisation that owns the object; a proposer of
//! another organisation; the evaluator assigned to the proposal or review concerned; an evaluator not
//! assigned; a hub manager; a catalogue editor; an admin; and a personal access token lacking the scope
//! the operation needs (`Row::pat` names whose token it is and which scope it lacks).
//!
//! The rules the table encodes (README, "Architecture": how authorisation answers): 401 for the anonymous on a protected
//! operation; objects of others are 404 (their existence is not confirmed); 403 for a caller whose
//! role or credential may never do the operation on what they can see. Every 401/403/404/409 cell
//! must be problem+json with its stable `code`.
//!
//! Mutating cells run on objects made for their row, refused callers first and allowed ones last, so
//! that each cell meets the object in the state the table assumes. A documented operation without a
//! row fails the test, and so does a row for an operation the document does not have.

use std::collections::BTreeSet;
use std::path::PathBuf;

use domain::Role;
use hub_tests::funnel::{founded_administration, in_days};
use hub_tests::{Answer, Backend, PASSWORD, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

mod objects;
mod requests;
mod table;
mod world;

use objects::*;
use requests::*;
use table::*;
use world::*;

/// The operations `openapi.yaml` documents, as (METHOD, path).
fn documented_operations() -> BTreeSet<(String, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi.yaml");
    let text = std::fs::read_to_string(&path).expect("openapi.yaml");
    let doc: Value = serde_norway::from_str(&text).expect("openapi.yaml is YAML");
    let paths = doc["paths"].as_object().expect("paths");
    let mut operations = BTreeSet::new();
    for (path, item) in paths {
        for method in ["get", "put", "post", "delete", "patch", "head", "options", "trace"] {
            if item.get(method).is_some() {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

/// The rows to run: every documented operation must have exactly one, and every row must be
/// documented. Panics naming what is wrong.
fn rows_to_run() -> Vec<&'static Row> {
    let documented = documented_operations();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for row in TABLE {
        if !seen.insert((row.method.to_owned(), row.path.to_owned())) {
            problems.push(format!("two rows for {} {}", row.method, row.path));
        }
    }
    for (method, path) in &documented {
        if !seen.contains(&(method.clone(), path.clone())) {
            problems.push(format!("no row for the documented operation {method} {path}: add it to TABLE"));
        }
    }
    for row in TABLE {
        if !documented.contains(&(row.method.to_owned(), row.path.to_owned())) {
            problems.push(format!("a row for {} {}, which openapi.yaml does not document", row.method, row.path));
        }
    }
    assert!(problems.is_empty(), "the authorisation table and openapi.yaml differ:\n{}", problems.join("\n"));
    TABLE.iter().collect()
}

#[test]
fn every_documented_operation_has_a_row() {
    let rows = rows_to_run();
    assert!(rows.len() >= 68, "{} rows", rows.len());
    let last = TABLE.last().expect("rows");
    assert_eq!((last.method, last.path), ("DELETE", "/api/v1/me"), "erasing the personas comes last");
}

/// A valid partita IVA from a number.
fn tax_code(n: usize) -> String {
    let first: Vec<u32> = format!("{:010}", 3_000_000_000 + n).bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = first
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                *d
            } else {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            }
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    format!("{}{check}", first.iter().map(ToString::to_string).collect::<String>())
}

/// A request to send.
#[derive(Debug)]
struct Req {
    method: Method,
    path: String,
    body: Value,
    headers: Vec<(&'static str, String)>,
    /// A body other than JSON: its content type and bytes.
    raw: Option<(String, Vec<u8>)>,
}

impl Req {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Self { method, path: path.into(), body: Value::Null, headers: Vec::new(), raw: None }
    }

    fn raw(self, content_type: &str, bytes: Vec<u8>) -> Self {
        Self { raw: Some((content_type.to_owned(), bytes)), ..self }
    }

    fn json(self, body: Value) -> Self {
        Self { body, ..self }
    }

    fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    async fn send(self, app: &TestApp, token: Option<&str>) -> Answer {
        let mut request = app.client.request(self.method, format!("{}{}", app.base, self.path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in self.headers {
            request = request.header(name, value);
        }
        if !self.body.is_null() {
            request = request.json(&self.body);
        }
        if let Some((content_type, bytes)) = self.raw {
            request = request.header("content-type", content_type).body(bytes);
        }
        TestApp::answer(request.send().await.expect("the hub answers")).await
    }
}

fn get(path: impl Into<String>) -> Req {
    Req::new(Method::GET, path)
}

fn post(path: impl Into<String>) -> Req {
    Req::new(Method::POST, path)
}

/// The items of a list answer that `who` must not see: a 200 listing others' objects is a leak.
fn leaks(w: &World, row: &Row, who: Who, answer: &Answer) -> Vec<String> {
    let Some(items) = answer.body["items"].as_array() else { return Vec::new() };
    let text = |item: &Value, key: &str| item[key].as_str().unwrap_or_default().to_owned();
    let visible = |item: &Value| -> bool {
        match (row.path, who) {
            ("/api/v1/proposals", Who::HubManager) => true,
            ("/api/v1/proposals", Who::OwnProposer) => text(item, "organization_id") == w.aurora,
            ("/api/v1/proposals", Who::OtherProposer) => text(item, "organization_id") == w.nuvola,
            ("/api/v1/proposals", Who::AssignedEvaluator) => w.cleared.contains(&text(item, "id")),
            ("/api/v1/proposals", Who::CatalogueEditor) => {
                ["accepted", "promoted"].contains(&text(item, "state").as_str())
            }
            ("/api/v1/reviews", Who::AssignedEvaluator) => text(item, "evaluator_id") == w.eva,
            ("/api/v1/challenges", Who::HubManager) => true,
            ("/api/v1/challenges", _) => ["open", "closed"].contains(&text(item, "state").as_str()),
            ("/api/v1/catalogue/services", Who::CatalogueEditor) => true,
            ("/api/v1/catalogue/services", _) => {
                ["published", "deprecated"].contains(&text(item, "state").as_str())
                    || (who == Who::OwnProposer
                        && text(item, "provider_id") == w.aurora
                        && item["origin_proposal_id"].is_string())
            }
            ("/api/v1/proposals" | "/api/v1/reviews", _) => false,
            _ => true,
        }
    };
    if row.method != "GET" {
        return Vec::new();
    }
    items
        .iter()
        .filter(|item| !visible(item))
        .map(|item| format!("{} {}", text(item, "id"), text(item, "state")))
        .collect()
}

/// What is wrong with `answer` for `expect`, if anything.
fn mismatch(expect: Expect, answer: &Answer) -> Option<String> {
    let got = || format!("got {} {}", answer.status, answer.text.chars().take(300).collect::<String>());
    match expect {
        Expect::Success(status) => (answer.status != status).then(|| format!("expected {status}, {}", got())),
        Expect::Problem(status, code) => {
            if answer.status != status {
                Some(format!("expected {status} {code}, {}", got()))
            } else if answer.header("content-type") != Some("application/problem+json") {
                Some(format!("expected problem+json, got content type {:?}", answer.header("content-type")))
            } else if answer.body["code"] != code || answer.body["status"] != status {
                Some(format!("expected code {code}, {}", got()))
            } else {
                None
            }
        }
    }
}

/// The headers the document declares for an answer and the ones the hub sent must agree: a client
/// generated from the document reads `ETag` and `Location` where they are declared, and only there.
fn undeclared_headers(document: &Value, row: &Row, answer: &Answer) -> Option<String> {
    let response = &document["paths"][row.path][row.method.to_lowercase()]["responses"][answer.status.to_string()];
    let mut wrong = Vec::new();
    for name in ["ETag", "Location"] {
        let declared = response["headers"].get(name).is_some();
        let sent = answer.header(&name.to_lowercase()).is_some();
        match (declared, sent) {
            (true, false) => wrong.push(format!("{name} declared for {} but not sent", answer.status)),
            (false, true) => wrong.push(format!("{name} sent with {} but not declared", answer.status)),
            _ => {}
        }
    }
    (!wrong.is_empty()).then(|| wrong.join("; "))
}

async fn run(backend: Backend) {
    let rows = rows_to_run();
    let started = std::time::Instant::now();
    // Every persona logs in several times a minute, all from 127.0.0.1. The webhook worker looks only at the
    // start (every ten minutes): a delivery it attempted between two redelivery cells would be in flight for
    // the second (409 `delivery_in_flight`, as it must be).
    let app = TestApp::spawn_with(
        backend,
        &[
            ("HUB_LOGIN_FREE_FAILURES", "10000"),
            ("HUB_LOGIN_PER_ADDRESS_PER_MINUTE", "100000"),
            ("HUB_WEBHOOK_POLL_MS", "600000"),
        ],
    )
    .await;
    let world = build(&app).await;
    let built = started.elapsed();
    let document = serde_json::to_value(api::openapi::document()).expect("the document");
    let mut failures = Vec::new();
    let mut cells = 0;
    for row in &rows {
        // Refused callers first, so that the allowed ones (last) change nothing the others meet.
        let mut order: Vec<usize> = (0..CALLERS.len()).collect();
        order.sort_by_key(|&i| matches!(row.cells[i], Expect::Success(_)));
        for i in order {
            let who = CALLERS[i];
            let (acting, credential) = match who {
                Who::Anonymous => (Who::Anonymous, None),
                Who::Pat => (row.pat.0, Some(world.pats[&row.pat].as_str())),
                other => (other, Some(world.token(other))),
            };
            let req = request(&app, &world, row, &world.people[&acting]).await;
            let answer = req.send(&app, credential).await;
            cells += 1;
            if let Some(wrong) = mismatch(row.cells[i], &answer) {
                failures.push(format!("{} {} as {who:?}: {wrong}", row.method, row.path));
            }
            if let Some(wrong) = undeclared_headers(&document, row, &answer) {
                failures.push(format!("{} {} as {who:?}: {wrong}", row.method, row.path));
            }
            let viewer = if who == Who::Pat { row.pat.0 } else { who };
            let leaked = leaks(&world, row, viewer, &answer);
            if !leaked.is_empty() {
                failures.push(format!("{} {} as {who:?} lists what it must not see: {leaked:?}", row.method, row.path));
            }
        }
    }
    eprintln!(
        "authorization matrix ({backend:?}): {} operations × {} roles = {cells} cells (world built in {:.1} s, \
         all in {:.1} s)",
        rows.len(),
        CALLERS.len(),
        built.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{} of {cells} cells are wrong:\n{}", failures.len(), failures.join("\n"));
}

mod matrix {
    use super::*;

    hub_tests::backend_tests!(|backend| run(backend).await);
}
