//! The authorisation matrix: every operation of `openapi.yaml` × every kind of caller, each cell a real
//! request to a real hub (SQLite and PostgreSQL) with the exact status it must get.
//!
//! The callers: the anonymous; a proposer of the organisation that owns the object; a proposer of
//! another organisation; the evaluator assigned to the proposal or review concerned; an evaluator not
//! assigned; a hub manager; a catalogue editor; an admin; and a personal access token lacking the scope
//! the operation needs (`Row::pat` names whose token it is and which scope it lacks).
//!
//! The rules the table encodes (PRODUCT.md, "API conventions"): 401 for the anonymous on a protected
//! operation; objects of others are 404 (their existence is not confirmed); 403 for a caller whose
//! role or credential may never do the operation on what they can see. Every 401/403/404/409 cell
//! must be problem+json with its stable `code`.
//!
//! Mutating cells run on objects made for their row, refused callers first and allowed ones last, so
//! that each cell meets the object in the state the table assumes. A documented operation without a
//! row fails the test, and so does a row for an operation the document does not have.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::{Role, Scope};
use hub_tests::funnel::{
    assigned, confirm, draft, evaluator, in_days, manager, moved, organization, save, save_and_submit, under_review,
    user_id, verified_proposer,
};
use hub_tests::{Answer, Backend, PASSWORD, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    /// No credential.
    Anonymous,
    /// A proposer of the organisation owning the object (Aurora Labs).
    OwnProposer,
    /// A proposer of another organisation (Nuvola).
    OtherProposer,
    /// The evaluator assigned to the proposal or review concerned.
    AssignedEvaluator,
    /// An evaluator assigned to nothing.
    OtherEvaluator,
    /// A hub manager.
    HubManager,
    /// A catalogue editor.
    CatalogueEditor,
    /// The hub's only admin.
    Admin,
    /// A personal access token lacking the operation's scope (see [`Row::pat`]).
    Pat,
}

/// The columns of the table, in order.
const CALLERS: [Who; 9] = [
    Who::Anonymous,
    Who::OwnProposer,
    Who::OtherProposer,
    Who::AssignedEvaluator,
    Who::OtherEvaluator,
    Who::HubManager,
    Who::CatalogueEditor,
    Who::Admin,
    Who::Pat,
];

/// What a cell must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// This success status.
    Success(u16),
    /// A problem+json with this status and code.
    Problem(u16, &'static str),
}

const OK: Expect = Expect::Success(200);
const CREATED: Expect = Expect::Success(201);
const QUEUED: Expect = Expect::Success(202);
const DONE: Expect = Expect::Success(204);
/// 401: not authenticated.
const A: Expect = Expect::Problem(401, "unauthenticated");
/// 403: the role or the token may never do this.
const F: Expect = Expect::Problem(403, "forbidden");
/// 404: not there, or not for this caller to know.
const N: Expect = Expect::Problem(404, "not_found");
/// 409: the personas' addresses are verified already (the caller got past authentication).
const VERIFIED: Expect = Expect::Problem(409, "already_verified");
/// 409: the hub's only admin cannot erase themself.
const LAST_ADMIN: Expect = Expect::Problem(409, "last_admin");

/// One operation's row.
#[derive(Debug)]
struct Row {
    method: &'static str,
    path: &'static str,
    /// One expectation per caller of [`CALLERS`].
    cells: [Expect; 9],
    /// The personal access token of the `Pat` column: whose, and the scope it lacks (`None`: the
    /// operation needs no scope; the token has every scope).
    pat: (Who, Option<Scope>),
}

const fn row(method: &'static str, path: &'static str, cells: [Expect; 9], pat: (Who, Option<Scope>)) -> Row {
    Row { method, path, cells, pat }
}

/// A token of `owner` with every scope but `lacking`.
const fn lacking(owner: Who, scope: Scope) -> (Who, Option<Scope>) {
    (owner, Some(scope))
}

/// A token of `owner` with every scope.
const fn any_token(owner: Who) -> (Who, Option<Scope>) {
    (owner, None)
}

use Who::{Admin as AD, AssignedEvaluator as EA, CatalogueEditor as CE, HubManager as HM, OwnProposer as PO};

/// The matrix. Columns: anonymous, own proposer, other proposer, assigned evaluator, other evaluator,
/// hub manager, catalogue editor, admin, PAT. Rows run in this order; `DELETE /api/v1/me` is last.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    // Accounts: public, whoever calls (a bearer credential is ignored).
    row("POST", "/api/v1/auth/register", [QUEUED; 9], any_token(PO)),
    row("POST", "/api/v1/auth/login", [OK; 9], any_token(PO)),
    row("POST", "/api/v1/auth/refresh", [OK; 9], any_token(PO)),
    row("POST", "/api/v1/auth/logout", [DONE; 9], any_token(PO)),
    row("POST", "/api/v1/auth/verify-email", [DONE; 9], any_token(PO)),
    row("POST", "/api/v1/auth/password-reset", [QUEUED; 9], any_token(PO)),
    row("POST", "/api/v1/auth/password-reset/confirm", [DONE; 9], any_token(PO)),
    // Asking for mail needs a signed-in session, not a personal access token.
    row("POST", "/api/v1/auth/verify-email/resend", [A, VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED, F], any_token(PO)),
    // Operations and the rubric: public.
    row("GET", "/healthz", [OK; 9], any_token(PO)),
    row("GET", "/readyz", [OK; 9], any_token(PO)),
    row("GET", "/metrics", [OK; 9], any_token(PO)),
    row("GET", "/api/v1/pillars", [OK; 9], any_token(PO)),
    // The caller's account: credentials need an interactive session.
    row("GET", "/api/v1/me", [A, OK, OK, OK, OK, OK, OK, OK, OK], any_token(PO)),
    row("PATCH", "/api/v1/me", [A, OK, OK, OK, OK, OK, OK, OK, F], any_token(PO)),
    row("GET", "/api/v1/me/tokens", [A, OK, OK, OK, OK, OK, OK, OK, F], any_token(PO)),
    row("POST", "/api/v1/me/tokens", [A, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, F], any_token(PO)),
    row("DELETE", "/api/v1/me/tokens/{id}", [A, DONE, DONE, DONE, DONE, DONE, DONE, DONE, F], any_token(PO)),
    // Organisations (Aurora Labs is the own proposer's) and administration.
    row("GET", "/api/v1/organizations", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("POST", "/api/v1/organizations", [A, F, F, F, F, F, F, CREATED, F], lacking(AD, Scope::Admin)),
    // Without the `admin` scope an admin's token sees only its own organisation.
    row("GET", "/api/v1/organizations/{id}", [A, OK, N, N, N, N, N, OK, N], lacking(AD, Scope::Admin)),
    row("POST", "/api/v1/organizations/{id}/invitations", [A, CREATED, N, N, N, N, N, CREATED, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/users", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("PUT", "/api/v1/users/{id}/roles", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("GET", "/api/v1/admin/outbox", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("GET", "/api/v1/audit", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    // Challenges: anyone reads the public ones; hub managers alone see drafts and manage them.
    row("GET", "/api/v1/challenges", [OK; 9], any_token(HM)),
    row("POST", "/api/v1/challenges", [A, F, F, F, F, CREATED, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("GET", "/api/v1/challenges/{id}", [N, N, N, N, N, OK, N, N, OK], any_token(HM)),
    row("PATCH", "/api/v1/challenges/{id}", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/open", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/close", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/archive", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/auto-assign", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("GET", "/api/v1/challenges/{id}/ranking", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    // Proposals of Aurora Labs. Evaluators see the proposals assigned to them (conflict confirmed);
    // catalogue editors the accepted and promoted ones; admins none.
    row("GET", "/api/v1/proposals", [A, OK, OK, OK, OK, OK, OK, OK, F], lacking(PO, Scope::ProposalsRead)),
    row("POST", "/api/v1/proposals", [A, CREATED, CREATED, F, F, F, F, F, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/proposals/{id}", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    // A proposal under revision, once assigned to the evaluator.
    row("PATCH", "/api/v1/proposals/{id}", [A, OK, N, F, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/proposals/{id}/history", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("GET", "/api/v1/proposals/{id}/versions/{version}", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    // A draft: no evaluator can be assigned to it yet.
    row("POST", "/api/v1/proposals/{id}/submit", [A, OK, N, N, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/withdraw", [A, OK, N, F, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/resubmit", [A, OK, N, F, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    // Submitted again after a revision, its earlier evaluator still assigned.
    row("POST", "/api/v1/proposals/{id}/screen", [A, F, N, F, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/request-revision", [A, F, N, F, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/decide", [A, F, N, F, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    // The feedback is the team's and the hub's: to anyone else it does not exist.
    row("GET", "/api/v1/proposals/{id}/feedback", [A, OK, N, N, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    // Role-gated operations: 403 for every other role, whatever the proposal.
    row("POST", "/api/v1/proposals/{id}/promote", [A, F, F, F, F, F, CREATED, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("GET", "/api/v1/proposals/{id}/assignments", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    row("POST", "/api/v1/proposals/{id}/assignments", [A, F, F, F, F, CREATED, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("DELETE", "/api/v1/proposals/{id}/assignments/{assignment_id}", [A, F, F, F, F, DONE, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    // Blind rules: the hub and the evaluators who submitted read the reviews; to the team (before and
    // after the decision they read the feedback instead) and to anyone else they do not exist.
    row("GET", "/api/v1/proposals/{id}/reviews", [A, N, N, OK, N, OK, N, N, F], lacking(EA, Scope::ReviewsRead)),
    // Reviews: the evaluator's; hub managers read every one and write none.
    row("GET", "/api/v1/reviews", [A, F, F, OK, OK, F, F, F, F], lacking(EA, Scope::ReviewsRead)),
    row("GET", "/api/v1/reviews/{id}", [A, N, N, OK, N, OK, N, N, F], lacking(EA, Scope::ReviewsRead)),
    row("PUT", "/api/v1/reviews/{id}", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    row("POST", "/api/v1/reviews/{id}/confirm-no-conflict", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    row("POST", "/api/v1/reviews/{id}/decline", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    row("POST", "/api/v1/reviews/{id}/submit", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    // The catalogue: anyone reads the public part; the draft read here was promoted from Aurora Labs'
    // proposal, so its proposers see it too.
    row("GET", "/api/v1/catalogue/services", [OK; 9], any_token(CE)),
    row("POST", "/api/v1/catalogue/services", [A, F, F, F, F, F, CREATED, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("GET", "/api/v1/catalogue/services/{slug}", [N, OK, N, N, N, N, OK, N, OK], any_token(CE)),
    row("GET", "/api/v1/catalogue/services/{slug}/history", [N, OK, N, N, N, N, OK, N, OK], any_token(CE)),
    row("GET", "/api/v1/catalogue/services/{slug}/publiccode.yml", [N, OK, N, N, N, N, OK, N, OK], any_token(CE)),
    row("PATCH", "/api/v1/catalogue/services/{slug}", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("POST", "/api/v1/catalogue/services/{slug}/publish", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("POST", "/api/v1/catalogue/services/{slug}/deprecate", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("POST", "/api/v1/catalogue/services/{slug}/retire", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    // Personal data, last: erasing ends each persona.
    row("GET", "/api/v1/me/export", [A, OK, OK, OK, OK, OK, OK, OK, F], any_token(PO)),
    // A new password (the same one here) keeps the caller's session and revokes every personal access
    // token: erasing with the revoked token is then unauthenticated.
    row("POST", "/api/v1/me/password", [A, DONE, DONE, DONE, DONE, DONE, DONE, DONE, F], any_token(PO)),
    row("DELETE", "/api/v1/me", [A, DONE, DONE, DONE, DONE, DONE, DONE, LAST_ADMIN, A], any_token(PO)),
];

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

/// A persona's account.
#[derive(Debug, Clone)]
struct Persona {
    token: String,
    email: String,
}

/// Everything the cells act on.
#[derive(Debug)]
struct World {
    /// The signed-in personas; `Anonymous` maps to a visitor whose account the anonymous cells use
    /// where a request needs one (logging in, say).
    people: HashMap<Who, Persona>,
    /// Personal access tokens by (owner, lacking scope).
    pats: HashMap<(Who, Option<Scope>), String>,
    aurora: String,
    nuvola: String,
    sponsor: String,
    /// The assigned evaluator's user id.
    eva: String,
    /// The proposals the assigned evaluator has been cleared to read.
    cleared: BTreeSet<String>,
    spare_evaluator: String,
    role_target: String,
    /// Proposal ids.
    read: String,
    revising: String,
    drafted: String,
    withdrawing: String,
    resubmitting: String,
    screening: String,
    revision: String,
    deciding: String,
    decided: String,
    accepted: String,
    staffing: String,
    unstaffing: (String, String),
    /// Review ids of the assigned evaluator.
    read_review: String,
    saving: String,
    confirming: String,
    declining: String,
    submitting: String,
    /// Challenge slugs.
    challenge_draft: String,
    challenge_edit: String,
    challenge_opening: String,
    challenge_closing: String,
    challenge_archiving: String,
    challenge_staffing: String,
    /// Service slugs.
    service_promoted: String,
    service_edit: String,
    service_publishing: String,
    service_deprecating: String,
    service_retiring: String,
    counter: AtomicUsize,
}

impl World {
    fn next(&self) -> usize {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    fn token(&self, who: Who) -> &str {
        &self.people[&who].token
    }
}

fn review_body() -> Value {
    let pillars = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    json!({
        "scores": pillars.iter().map(|p| ((*p).to_owned(), json!(4.0))).collect::<serde_json::Map<_, _>>(),
        "comments": pillars.iter().map(|p| ((*p).to_owned(), json!("Solid."))).collect::<serde_json::Map<_, _>>(),
        "overall_comment": "A solid proposal.", "confidential_comment": "For the hub only.", "recommendation": "accept"
    })
}

fn challenge_body(slug: &str, sponsor: &str) -> Value {
    json!({
        "slug": slug, "title_it": format!("Sfida {slug}"), "description_it": "Una descrizione della sfida.",
        "sponsor_id": sponsor, "opens_at": in_days(-1), "closes_at": in_days(30),
    })
}

fn service_body(slug: &str, provider: &str) -> Value {
    json!({"slug": slug, "name": format!("Servizio {slug}"), "short_description_it": "Un servizio sul PSN",
           "long_description_it": "Breve.", "provider_id": provider})
}

/// Everything publishing needs.
fn completion() -> Value {
    json!({
        "long_description_it": "Servizio erogato sul Polo Strategico Nazionale con dati ospitati in Italia. Cifratura \
            con chiavi gestite dall'amministrazione, monitoraggio continuo e supporto dedicato a ogni ente aderente.",
        "features_it": ["Dati ospitati in Italia"], "service_model": "saas", "tags": ["document-management"],
        "license": "EUPL-1.2", "repository_url": "https://code.example.it/aurora/servizio", "version": "1.2.0",
        "contacts": [{"name": "Maria Bianchi", "email": "maria@aurora.example"}], "platforms": ["web"],
        "development_status": "stable"
    })
}

async fn etag(app: &TestApp, token: &str, path: &str) -> String {
    let read = app.get(path, Some(token)).await;
    assert_eq!(read.status, 200, "read {path}: {}", read.text);
    read.header("etag").expect("an ETag").to_owned()
}

#[track_caller]
fn ok(answer: Answer, status: u16, what: &str) -> Value {
    assert_eq!(answer.status, status, "{what}: {}", answer.text);
    answer.body
}

async fn create_challenge(app: &TestApp, hub: &str, slug: &str, sponsor: &str, moves: &[&str]) -> String {
    ok(app.post("/api/v1/challenges", Some(hub), challenge_body(slug, sponsor)).await, 201, "challenge");
    for action in moves {
        ok(app.post(&format!("/api/v1/challenges/{slug}/{action}"), Some(hub), Value::Null).await, 200, action);
    }
    slug.to_owned()
}

async fn create_service(app: &TestApp, editor: &str, slug: &str, provider: &str, publish: bool) -> String {
    ok(app.post("/api/v1/catalogue/services", Some(editor), service_body(slug, provider)).await, 201, "service");
    if publish {
        complete_service(app, editor, slug).await;
        let path = format!("/api/v1/catalogue/services/{slug}/publish");
        ok(app.post(&path, Some(editor), Value::Null).await, 200, "publish");
    }
    slug.to_owned()
}

async fn complete_service(app: &TestApp, editor: &str, slug: &str) {
    let path = format!("/api/v1/catalogue/services/{slug}");
    let tag = etag(app, editor, &path).await;
    let answer = Req::new(Method::PATCH, path).header("if-match", tag).json(completion()).send(app, Some(editor)).await;
    ok(answer, 200, "complete the service");
}

/// The personas, the objects of every row, and the tokens of the PAT column.
async fn build(app: &TestApp) -> World {
    let counter = AtomicUsize::new(1);
    let n = || counter.fetch_add(1, Ordering::Relaxed);
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let hub = manager(app).await;
    let editor = app.user_with_roles("editor@hub.example", &[Role::CatalogueEditor], None).await;
    let (eva, eva_id) = evaluator(app, "eva@eval.example", None).await;
    let (dora, _) = evaluator(app, "dora@eval.example", None).await;
    let (_, spare_evaluator) = evaluator(app, "spare@eval.example", None).await;
    let target = app.user_with_roles("target@hub.example", &[Role::Evaluator], None).await;
    let role_target = user_id(app, &target).await;
    let visitor = app.user_with_roles("visitor@hub.example", &[], None).await;
    let (anna, anna_user) = verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", &tax_code(n())).await;
    let (nico, nico_user) = verified_proposer(app, "nico@nuvola.example", "Nuvola S.p.A.", &tax_code(n())).await;
    let nuvola = nico_user["organization_id"].as_str().expect("organisation").to_owned();
    let aurora = anna_user["organization_id"].as_str().expect("organisation").to_owned();
    let sponsor = organization(app, &admin, "Comune di Prova", "public_administration", &tax_code(n())).await;

    let person = |token: &str, email: &str| Persona { token: token.to_owned(), email: email.to_owned() };
    let people = HashMap::from([
        (Who::Anonymous, person(&visitor, "visitor@hub.example")),
        (Who::OwnProposer, person(&anna, "anna@aurora.example")),
        (Who::OtherProposer, person(&nico, "nico@nuvola.example")),
        (Who::AssignedEvaluator, person(&eva, "eva@eval.example")),
        (Who::OtherEvaluator, person(&dora, "dora@eval.example")),
        (Who::HubManager, person(&hub, hub_tests::funnel::MANAGER)),
        (Who::CatalogueEditor, person(&editor, "editor@hub.example")),
        (Who::Admin, person(&admin, "admin@hub.example")),
    ]);

    // Proposals under review with the evaluator assigned and cleared of conflicts.
    let with_eva = |title: &'static str| {
        let (anna, hub, eva, eva_id) = (anna.clone(), hub.clone(), eva.clone(), eva_id.clone());
        async move {
            let id = under_review(app, &anna, &hub, title, "open-call").await;
            let review = assigned(app, &hub, &id, &eva_id, &in_days(14)).await;
            confirm(app, &eva, &review).await;
            (id, review)
        }
    };
    let revise = json!({"note": "Please detail the budget."});
    let (read, read_review) = with_eva("Read by everyone allowed").await;
    save_and_submit(app, &eva, &read_review, review_body()).await;
    let (revising, _) = with_eva("Edited under revision").await;
    moved(app, &hub, &revising, "request-revision", revise.clone(), "revision_requested").await;
    let drafted = draft(app, &anna, "A draft to submit", "open-call").await;
    let (withdrawing, _) = with_eva("Withdrawn by its team").await;
    let (resubmitting, _) = with_eva("Resubmitted by its team").await;
    moved(app, &hub, &resubmitting, "request-revision", revise.clone(), "revision_requested").await;
    let (screening, _) = with_eva("Screened again").await;
    moved(app, &hub, &screening, "request-revision", revise.clone(), "revision_requested").await;
    moved(app, &anna, &screening, "resubmit", Value::Null, "submitted").await;
    let (revision, _) = with_eva("Sent back for revision").await;
    let (deciding, _) = with_eva("Decided by the hub").await;
    let (decided, _) = with_eva("Rejected with feedback").await;
    let reject = json!({"decision": "reject", "rationale": "Not mature enough."});
    moved(app, &hub, &decided, "decide", reject, "rejected").await;
    let accept = json!({"decision": "accept", "rationale": "Useful.", "override_reason": "One review suffices here."});
    let (accepted, _) = with_eva("Accepted, to promote").await;
    moved(app, &hub, &accepted, "decide", accept.clone(), "accepted").await;
    let staffing = under_review(app, &anna, &hub, "Staffed by the hub", "open-call").await;
    let unstaffed = under_review(app, &anna, &hub, "Unstaffed by the hub", "open-call").await;
    let assignment = assigned(app, &hub, &unstaffed, &spare_evaluator, &in_days(14)).await;
    let (saving_proposal, saving) = with_eva("Review drafted").await;
    let (submitting_proposal, submitting) = with_eva("Review submitted").await;
    ok(save(app, &eva, &submitting, review_body()).await, 200, "save");
    let confirming_proposal = under_review(app, &anna, &hub, "Review confirmed", "open-call").await;
    let confirming = assigned(app, &hub, &confirming_proposal, &eva_id, &in_days(14)).await;
    let declining_proposal = under_review(app, &anna, &hub, "Review declined", "open-call").await;
    let declining = assigned(app, &hub, &declining_proposal, &eva_id, &in_days(14)).await;

    let challenge_draft = create_challenge(app, &hub, "bozza-letta", &sponsor, &[]).await;
    let challenge_edit = create_challenge(app, &hub, "bozza-modificata", &sponsor, &[]).await;
    let challenge_opening = create_challenge(app, &hub, "da-aprire", &sponsor, &[]).await;
    let challenge_closing = create_challenge(app, &hub, "da-chiudere", &sponsor, &["open"]).await;
    let challenge_archiving = create_challenge(app, &hub, "da-archiviare", &sponsor, &["open", "close"]).await;
    let challenge_staffing = create_challenge(app, &hub, "da-assegnare", &sponsor, &["open"]).await;

    let (promoted_from, _) = with_eva("Gateway promosso").await;
    moved(app, &hub, &promoted_from, "decide", accept, "accepted").await;
    let promote = format!("/api/v1/proposals/{promoted_from}/promote");
    let service = ok(app.post(&promote, Some(&editor), Value::Null).await, 201, "promote");
    let service_promoted = service["slug"].as_str().expect("slug").to_owned();
    let service_edit = create_service(app, &editor, "da-modificare", &aurora, false).await;
    let service_publishing = create_service(app, &editor, "da-pubblicare", &aurora, false).await;
    complete_service(app, &editor, &service_publishing).await;
    let service_deprecating = create_service(app, &editor, "da-deprecare", &aurora, true).await;
    let service_retiring = create_service(app, &editor, "da-ritirare", &aurora, true).await;

    let cleared = [
        &read,
        &revising,
        &withdrawing,
        &resubmitting,
        &screening,
        &revision,
        &deciding,
        &decided,
        &accepted,
        &saving_proposal,
        &submitting_proposal,
        &promoted_from,
    ]
    .into_iter()
    .cloned()
    .collect();

    let mut pats = HashMap::new();
    for row in TABLE {
        if pats.contains_key(&row.pat) {
            continue;
        }
        let (owner, missing) = row.pat;
        let scopes: Vec<&str> = Scope::ALL.iter().filter(|s| Some(**s) != missing).map(|s| s.as_str()).collect();
        let body = json!({"name": format!("matrix {}", n()), "scopes": scopes});
        let created = ok(app.post("/api/v1/me/tokens", Some(&people[&owner].token), body).await, 201, "PAT");
        pats.insert(row.pat, created["secret"].as_str().expect("secret").to_owned());
    }

    World {
        people,
        pats,
        aurora,
        nuvola,
        sponsor,
        eva: eva_id,
        cleared,
        spare_evaluator,
        role_target,
        read,
        revising,
        drafted,
        withdrawing,
        resubmitting,
        screening,
        revision,
        deciding,
        decided,
        accepted,
        staffing,
        unstaffing: (unstaffed, assignment),
        read_review,
        saving,
        confirming,
        declining,
        submitting,
        challenge_draft,
        challenge_edit,
        challenge_opening,
        challenge_closing,
        challenge_archiving,
        challenge_staffing,
        service_promoted,
        service_edit,
        service_publishing,
        service_deprecating,
        service_retiring,
        counter: AtomicUsize::new(counter.load(Ordering::Relaxed)),
    }
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
