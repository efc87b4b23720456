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
use hub_tests::funnel::in_days;
use hub_tests::{Answer, Backend, PASSWORD, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

mod table;
mod world;

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
}

impl Req {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Self { method, path: path.into(), body: Value::Null, headers: Vec::new() }
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
        TestApp::answer(request.send().await.expect("the hub answers")).await
    }
}

fn get(path: impl Into<String>) -> Req {
    Req::new(Method::GET, path)
}

fn post(path: impl Into<String>) -> Req {
    Req::new(Method::POST, path)
}

/// The request of `row`'s cell for `who`, after any setup the cell needs of its own (a fresh user to
/// verify, a session to refresh, a token to revoke). `me` is the account the cell acts as: the
/// caller's, the PAT's owner's, or the visitor's for the anonymous.
async fn request(app: &TestApp, w: &World, row: &Row, me: &Persona) -> Req {
    let n = w.next();
    let proposal = |id: &str, tail: &str| format!("/api/v1/proposals/{id}{tail}");
    let review = |id: &str, tail: &str| format!("/api/v1/reviews/{id}{tail}");
    let challenge = |slug: &str, tail: &str| format!("/api/v1/challenges/{slug}{tail}");
    let service = |slug: &str, tail: &str| format!("/api/v1/catalogue/services/{slug}{tail}");
    match (row.method, row.path) {
        ("POST", "/api/v1/auth/register") => post(row.path).json(json!({
            "email": format!("new{n}@startup.example"), "password": PASSWORD, "display_name": "New Founder",
            "organization": {"name": format!("Startup {n}"), "kind": "startup", "tax_code": tax_code(100 + n)}
        })),
        ("POST", "/api/v1/auth/login") => post(row.path).json(json!({"email": me.email, "password": PASSWORD})),
        ("POST", "/api/v1/auth/refresh" | "/api/v1/auth/logout") => {
            let session = app.login(&me.email, PASSWORD).await;
            post(row.path).json(json!({"refresh_token": session["refresh_token"]}))
        }
        ("POST", "/api/v1/auth/verify-email") => {
            let email = format!("verify{n}@startup.example");
            app.register(&email, &format!("Verifica {n}"), &tax_code(100 + n)).await;
            post(row.path).json(json!({"token": app.mail_to(&email).await.token()}))
        }
        ("POST", "/api/v1/auth/verify-email/resend") => post(row.path),
        ("POST", "/api/v1/auth/password-reset") => post(row.path).json(json!({"email": me.email})),
        ("POST", "/api/v1/auth/password-reset/confirm") => {
            let email = format!("reset{n}@hub.example");
            app.user_with_roles(&email, &[Role::Proposer], None).await;
            ok(app.post("/api/v1/auth/password-reset", None, json!({"email": email})).await, 202, "reset");
            let token = app.mail_to(&email).await.token();
            post(row.path).json(json!({"token": token, "new_password": "another long passphrase"}))
        }
        ("GET", "/healthz" | "/readyz" | "/metrics" | "/api/v1/pillars") => get(row.path),
        ("GET", "/api/v1/me" | "/api/v1/me/tokens" | "/api/v1/me/export") => get(row.path),
        ("POST", "/api/v1/me/tokens") => {
            post(row.path).json(json!({"name": format!("script {n}"), "scopes": ["proposals:read"]}))
        }
        ("DELETE", "/api/v1/me/tokens/{id}") => {
            let body = json!({"name": format!("spare {n}"), "scopes": ["proposals:read"]});
            let created = ok(app.post("/api/v1/me/tokens", Some(&me.token), body).await, 201, "spare token");
            Req::new(Method::DELETE, format!("/api/v1/me/tokens/{}", created["id"].as_str().expect("id")))
        }
        ("DELETE", "/api/v1/me") => Req::new(Method::DELETE, row.path),
        ("PATCH", "/api/v1/me") => Req::new(Method::PATCH, row.path).json(json!({"locale": "en"})),
        ("POST", "/api/v1/me/password") => {
            post(row.path).json(json!({"current_password": PASSWORD, "new_password": PASSWORD}))
        }
        ("GET", "/api/v1/organizations" | "/api/v1/users" | "/api/v1/admin/outbox" | "/api/v1/audit") => get(row.path),
        ("POST", "/api/v1/organizations") => post(row.path)
            .json(json!({"name": format!("Impresa {n}"), "kind": "company", "tax_code": tax_code(100 + n)})),
        ("GET", "/api/v1/organizations/{id}") => get(format!("/api/v1/organizations/{}", w.aurora)),
        ("POST", "/api/v1/organizations/{id}/invitations") => {
            post(format!("/api/v1/organizations/{}/invitations", w.aurora))
                .json(json!({"email": format!("colleague{n}@aurora.example")}))
        }
        ("PUT", "/api/v1/users/{id}/roles") => Req::new(Method::PUT, format!("/api/v1/users/{}/roles", w.role_target))
            .json(json!({"roles": ["evaluator", "proposer"]})),
        ("GET", "/api/v1/challenges") => get(format!("{}?limit=100", row.path)),
        ("POST", "/api/v1/challenges") => post(row.path).json(challenge_body(&format!("nuova-{n}"), &w.sponsor)),
        ("GET", "/api/v1/challenges/{id}") => get(challenge(&w.challenge_draft, "")),
        ("PATCH", "/api/v1/challenges/{id}") => {
            let path = challenge(&w.challenge_edit, "");
            let tag = etag(app, w.token(Who::HubManager), &path).await;
            Req::new(Method::PATCH, path).header("if-match", tag).json(json!({"title_it": "Titolo rivisto"}))
        }
        ("POST", "/api/v1/challenges/{id}/open") => post(challenge(&w.challenge_opening, "/open")),
        ("POST", "/api/v1/challenges/{id}/close") => post(challenge(&w.challenge_closing, "/close")),
        ("POST", "/api/v1/challenges/{id}/archive") => post(challenge(&w.challenge_archiving, "/archive")),
        ("POST", "/api/v1/challenges/{id}/auto-assign") => post(challenge(&w.challenge_staffing, "/auto-assign"))
            .json(json!({"evaluators_per_proposal": 1, "due_at": in_days(14)})),
        ("GET", "/api/v1/challenges/{id}/ranking") => get(challenge("open-call", "/ranking")),
        ("GET", "/api/v1/proposals") => get(format!("{}?limit=100", row.path)),
        ("POST", "/api/v1/proposals") => {
            post(row.path).json(hub_tests::funnel::complete(&format!("Proposal number {n}"), "open-call"))
        }
        ("GET", "/api/v1/proposals/{id}") => get(proposal(&w.read, "")),
        ("PATCH", "/api/v1/proposals/{id}") => {
            let path = proposal(&w.revising, "");
            let tag = etag(app, w.token(Who::OwnProposer), &path).await;
            Req::new(Method::PATCH, path).header("if-match", tag).json(json!({"title": "A revised title"}))
        }
        ("GET", "/api/v1/proposals/{id}/history") => get(proposal(&w.read, "/history")),
        ("GET", "/api/v1/proposals/{id}/versions/{version}") => get(proposal(&w.read, "/versions/1")),
        ("POST", "/api/v1/proposals/{id}/submit") => post(proposal(&w.drafted, "/submit")),
        ("POST", "/api/v1/proposals/{id}/withdraw") => post(proposal(&w.withdrawing, "/withdraw")),
        ("POST", "/api/v1/proposals/{id}/resubmit") => post(proposal(&w.resubmitting, "/resubmit")),
        ("POST", "/api/v1/proposals/{id}/screen") => {
            post(proposal(&w.screening, "/screen")).json(json!({"eligible": true}))
        }
        ("POST", "/api/v1/proposals/{id}/request-revision") => {
            post(proposal(&w.revision, "/request-revision")).json(json!({"note": "Please add a timeline."}))
        }
        ("POST", "/api/v1/proposals/{id}/decide") => post(proposal(&w.deciding, "/decide"))
            .json(json!({"decision": "reject", "rationale": "Outside the hub's scope."})),
        ("GET", "/api/v1/proposals/{id}/feedback") => get(proposal(&w.decided, "/feedback")),
        ("POST", "/api/v1/proposals/{id}/promote") => post(proposal(&w.accepted, "/promote")),
        ("GET", "/api/v1/proposals/{id}/assignments") => get(proposal(&w.read, "/assignments")),
        ("POST", "/api/v1/proposals/{id}/assignments") => post(proposal(&w.staffing, "/assignments"))
            .json(json!({"evaluator_id": w.spare_evaluator, "due_at": in_days(14)})),
        ("DELETE", "/api/v1/proposals/{id}/assignments/{assignment_id}") => {
            let (id, assignment) = &w.unstaffing;
            Req::new(Method::DELETE, proposal(id, &format!("/assignments/{assignment}")))
        }
        ("GET", "/api/v1/proposals/{id}/reviews") => get(proposal(&w.read, "/reviews")),
        ("GET", "/api/v1/reviews") => get(format!("{}?limit=100", row.path)),
        ("GET", "/api/v1/reviews/{id}") => get(review(&w.read_review, "")),
        ("PUT", "/api/v1/reviews/{id}") => Req::new(Method::PUT, review(&w.saving, "")).json(review_body()),
        ("POST", "/api/v1/reviews/{id}/confirm-no-conflict") => post(review(&w.confirming, "/confirm-no-conflict")),
        ("POST", "/api/v1/reviews/{id}/decline") => {
            post(review(&w.declining, "/decline")).json(json!({"reason": "I advised this team last year."}))
        }
        ("POST", "/api/v1/reviews/{id}/submit") => post(review(&w.submitting, "/submit")),
        ("GET", "/api/v1/catalogue/services") => get(format!("{}?limit=100", row.path)),
        ("POST", "/api/v1/catalogue/services") => post(row.path).json(service_body(&format!("nuovo-{n}"), &w.aurora)),
        ("GET", "/api/v1/catalogue/services/{slug}") => get(service(&w.service_promoted, "")),
        ("GET", "/api/v1/catalogue/services/{slug}/history") => get(service(&w.service_promoted, "/history")),
        ("GET", "/api/v1/catalogue/services/{slug}/publiccode.yml") => {
            get(service(&w.service_promoted, "/publiccode.yml"))
        }
        ("PATCH", "/api/v1/catalogue/services/{slug}") => {
            let path = service(&w.service_edit, "");
            let tag = etag(app, w.token(Who::CatalogueEditor), &path).await;
            Req::new(Method::PATCH, path).header("if-match", tag).json(json!({"version": "1.0.1"}))
        }
        ("POST", "/api/v1/catalogue/services/{slug}/publish") => post(service(&w.service_publishing, "/publish")),
        ("POST", "/api/v1/catalogue/services/{slug}/deprecate") => post(service(&w.service_deprecating, "/deprecate"))
            .json(json!({"reason": "Superseded by a newer service."})),
        ("POST", "/api/v1/catalogue/services/{slug}/retire") => post(service(&w.service_retiring, "/retire")),
        (method, path) => panic!("no request is built for {method} {path}: add one to `request`"),
    }
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

async fn run(backend: Backend) {
    let rows = rows_to_run();
    let started = std::time::Instant::now();
    // Every persona logs in several times a minute, all from 127.0.0.1.
    let app = TestApp::spawn_with(
        backend,
        &[("HUB_LOGIN_FREE_FAILURES", "10000"), ("HUB_LOGIN_PER_ADDRESS_PER_MINUTE", "100000")],
    )
    .await;
    let world = build(&app).await;
    let built = started.elapsed();
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
