//! The crash test's load: workers drive proposals through the funnel concurrently (create, edits
//! with `If-Match`, submit, revision, resubmit, screening, assignment, review drafts and submission,
//! decision). Every write answered 2xx is written down in the [`Ledger`] with what it promised; a
//! write that gets no answer is retried after reading where the proposal really is.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{SubsecRound, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::support::{Client, text};

/// The demo proposers (two organisations).
pub const PROPOSERS: [&str; 2] = ["proposer@aurora-labs.example", "proposer@polimonteverde.example"];
/// The demo evaluators (three organisations, none a proposer's).
pub const EVALUATORS: [&str; 3] =
    ["evaluator@hub.example", "elena.rinaldi@univaldora.example", "paolo.marchetti@istituto-tdi.example"];
/// The demo hub manager.
pub const MANAGER: &str = "manager@hub.example";
const WORKERS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Create,
    Edit,
    Submit,
    RequestRevision,
    Resubmit,
    Screen,
    Assign,
    Confirm,
    Save,
    ReviewSubmit,
    Decide,
}

/// A write answered 2xx, with what it promised.
#[derive(Debug, Clone)]
pub enum Ack {
    Created { key: String, id: String },
    Edited { key: String, id: String, index: usize, in_draft: bool },
    Moved { key: String, id: String, action: &'static str, to: String, version: i64 },
    Assigned { key: String, id: String, review: String },
    Confirmed { key: String, review: String },
    Saved { key: String, review: String, index: usize },
    ReviewSubmitted { key: String, review: String },
}

/// What the load did.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Every write answered 2xx, in the order answered.
    pub acks: Vec<Ack>,
    /// Titles of the edits sent, in order, by proposal key (acknowledged or not).
    pub edits: HashMap<String, Vec<String>>,
    /// Overall comments of the review drafts sent, in order, by proposal key.
    pub saves: HashMap<String, Vec<String>>,
    /// Proposal ids by key.
    pub ids: BTreeMap<String, String>,
    /// Writes that got no answer (or a 5xx) because the hub died under them.
    pub failed_in_flight: u64,
    /// Of those, how many were found committed afterwards (a replayed creation, a changed proposal or
    /// review): the hub died between commit and answer.
    pub committed_in_flight: u64,
    /// 5xx answers: a crash cuts connections, it never answers 500.
    pub server_errors: Vec<String>,
    /// Refusals nothing explains, and proposals that could not be read back.
    pub anomalies: Vec<String>,
}

#[derive(Debug)]
struct Ctx {
    client: Client,
    manager: String,
    proposers: Vec<String>,
    evaluators: Vec<(String, String)>,
    run: String,
    ledger: Mutex<Ledger>,
    stop: AtomicBool,
}

impl Ctx {
    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn ack(&self, ack: Ack) {
        self.ledger().acks.push(ack);
    }

    fn anomaly(&self, what: String) {
        eprintln!("anomaly: {what}");
        self.ledger().anomalies.push(what);
    }
}

/// One proposal driven by one worker, as far as the client knows.
#[derive(Debug)]
struct Track {
    key: String,
    proposer: usize,
    evaluator: usize,
    idempotency_key: String,
    create_body: Vec<u8>,
    id: Option<String>,
    etag: Option<String>,
    state: String,
    version: i64,
    edits: u32,
    review: Option<String>,
    review_state: String,
    confirmed: bool,
    saves: u32,
    after_failure: bool,
    refusals: u32,
}

impl Track {
    fn new(ctx: &Ctx, worker: usize, n: usize) -> Self {
        let key = format!("Fault W{worker} P{n}");
        let body = json!({
            "challenge_id": "open-call",
            "title": format!("{key} draft"),
            "summary": format!("Summary of {key}."),
            "description": "## Idea\n\nWritten while the hub is being killed.",
            "trl": 5,
            "budget_cents": 12_000_000,
            "tags": ["cloud"],
            "self_assessment": {
                "security_sovereignty": "Data stays in Italy.",
                "growth_development": "Grows a supply chain.",
                "talent_skills": "Trains engineers.",
                "effectiveness_sustainability": "Saves energy."
            }
        });
        Self {
            idempotency_key: format!("{}-{worker}-{n}", ctx.run),
            key,
            proposer: worker % PROPOSERS.len(),
            evaluator: (worker + n) % EVALUATORS.len(),
            create_body: body.to_string().into_bytes(),
            id: None,
            etag: None,
            state: String::new(),
            version: 0,
            edits: 0,
            review: None,
            review_state: String::new(),
            confirmed: false,
            saves: 0,
            after_failure: false,
            refusals: 0,
        }
    }

    fn next_step(&self) -> Option<Step> {
        if self.id.is_none() {
            return Some(Step::Create);
        }
        Some(match (self.state.as_str(), self.version) {
            ("draft", _) if self.edits < 2 => Step::Edit,
            ("draft", _) => Step::Submit,
            ("submitted", 1) => Step::RequestRevision,
            ("revision_requested", _) if self.edits < 3 => Step::Edit,
            ("revision_requested", _) => Step::Resubmit,
            ("submitted", _) => Step::Screen,
            ("under_review", _) => match (&self.review, self.review_state.as_str()) {
                (None, _) => Step::Assign,
                _ if !self.confirmed => Step::Confirm,
                (_, "assigned" | "in_progress") if self.saves < 2 => Step::Save,
                (_, "assigned" | "in_progress") => Step::ReviewSubmit,
                _ => Step::Decide,
            },
            _ => return None,
        })
    }

    fn absorb_proposal(&mut self, reply: &crate::support::Reply) {
        self.state = text(&reply.body, "state");
        self.version = reply.body["version"].as_i64().unwrap_or_default();
        self.etag.clone_from(&reply.etag);
    }

    fn absorb_review(&mut self, review: &Value) {
        self.review = Some(text(review, "id"));
        self.review_state = text(review, "state");
        self.confirmed = !review["conflict_confirmed_at"].is_null();
    }
}

enum Outcome {
    Acked,
    Refused(u16, String),
    Failed,
}

async fn perform(ctx: &Ctx, t: &mut Track, step: Step) -> Outcome {
    let proposer = ctx.proposers[t.proposer].clone();
    let (evaluator, evaluator_id) = ctx.evaluators[t.evaluator].clone();
    let manager = ctx.manager.clone();
    let id = t.id.clone().unwrap_or_default();
    let review = t.review.clone().unwrap_or_default();
    if step == Step::Edit && t.etag.is_none() {
        match ctx.client.get(&format!("/api/v1/proposals/{id}"), Some(&proposer)).await {
            Ok(reply) if reply.status == 200 => t.absorb_proposal(&reply),
            _ => return Outcome::Failed,
        }
    }
    let mut index = 0;
    let (method, path, token, body, ok): (Method, String, String, Value, &[u16]) = match step {
        Step::Create => (Method::POST, "/api/v1/proposals".into(), proposer, Value::Null, &[201]),
        Step::Edit => {
            let title = {
                let mut ledger = ctx.ledger();
                let sent = ledger.edits.entry(t.key.clone()).or_default();
                index = sent.len();
                sent.push(format!("{} edit {index}", t.key));
                sent[index].clone()
            };
            let body = json!({"title": title, "summary": format!("Edit {index} of {}.", t.key)});
            (Method::PATCH, format!("/api/v1/proposals/{id}"), proposer, body, &[200])
        }
        Step::Submit => (Method::POST, format!("/api/v1/proposals/{id}/submit"), proposer, Value::Null, &[200]),
        Step::RequestRevision => {
            let body = json!({"note": "Please quantify the energy savings."});
            (Method::POST, format!("/api/v1/proposals/{id}/request-revision"), manager, body, &[200])
        }
        Step::Resubmit => (Method::POST, format!("/api/v1/proposals/{id}/resubmit"), proposer, Value::Null, &[200]),
        Step::Screen => {
            (Method::POST, format!("/api/v1/proposals/{id}/screen"), manager, json!({"eligible": true}), &[200])
        }
        Step::Assign => {
            let due = (Utc::now() + chrono::Duration::days(10)).trunc_subsecs(0).to_rfc3339();
            let body = json!({"evaluator_id": evaluator_id, "due_at": due});
            (Method::POST, format!("/api/v1/proposals/{id}/assignments"), manager, body, &[201])
        }
        Step::Confirm => {
            (Method::POST, format!("/api/v1/reviews/{review}/confirm-no-conflict"), evaluator, Value::Null, &[200])
        }
        Step::Save => {
            let comment = {
                let mut ledger = ctx.ledger();
                let sent = ledger.saves.entry(t.key.clone()).or_default();
                index = sent.len();
                sent.push(format!("{} review draft {index}", t.key));
                sent[index].clone()
            };
            let body = json!({
                "scores": {"security_sovereignty": 3.5, "growth_development": 4.0, "talent_skills": 3.0,
                           "effectiveness_sustainability": 4.5},
                "overall_comment": comment,
                "confidential_comment": "Written during the crash test.",
                "recommendation": "reject"
            });
            (Method::PUT, format!("/api/v1/reviews/{review}"), evaluator, body, &[200])
        }
        Step::ReviewSubmit => {
            (Method::POST, format!("/api/v1/reviews/{review}/submit"), evaluator, Value::Null, &[200])
        }
        Step::Decide => {
            let body = json!({"decision": "reject", "rationale": "Not this time: the crash test decided."});
            (Method::POST, format!("/api/v1/proposals/{id}/decide"), manager, body, &[200])
        }
    };
    let etag = t.etag.clone().unwrap_or_default();
    let mut headers: Vec<(&str, &str)> = Vec::new();
    let body = match step {
        Step::Create => {
            headers.push(("idempotency-key", &t.idempotency_key));
            Some(t.create_body.clone())
        }
        _ => (!body.is_null()).then(|| body.to_string().into_bytes()),
    };
    if step == Step::Edit {
        headers.push(("if-match", &etag));
    }
    // A creation retried with its Idempotency-Key after a failure answers 200 with the first proposal.
    let ok: &[u16] = if step == Step::Create && t.after_failure { &[200, 201] } else { ok };
    let reply = match ctx.client.send(method, &path, Some(&token), &headers, body).await {
        Ok(reply) if ok.contains(&reply.status) => reply,
        Ok(reply) if reply.status >= 500 => {
            ctx.ledger().server_errors.push(format!("{} {step:?}: {} {}", t.key, reply.status, reply.text));
            return Outcome::Failed;
        }
        Ok(reply) => return Outcome::Refused(reply.status, reply.text),
        Err(_) => return Outcome::Failed,
    };
    let key = t.key.clone();
    let state_before = t.state.clone();
    match step {
        Step::Create => {
            if reply.status == 200 {
                ctx.ledger().committed_in_flight += 1;
            }
            t.absorb_proposal(&reply);
            let id = text(&reply.body, "id");
            t.id = Some(id.clone());
            ctx.ledger().ids.insert(key.clone(), id.clone());
            ctx.ack(Ack::Created { key, id });
        }
        Step::Edit => {
            t.absorb_proposal(&reply);
            t.edits += 1;
            ctx.ack(Ack::Edited { key, id, index, in_draft: state_before == "draft" });
        }
        Step::Submit | Step::RequestRevision | Step::Resubmit | Step::Screen | Step::Decide => {
            t.absorb_proposal(&reply);
            let action = match step {
                Step::Submit => "submit",
                Step::RequestRevision => "request_revision",
                Step::Resubmit => "resubmit",
                Step::Screen => "screen_eligible",
                _ => "decide_reject",
            };
            ctx.ack(Ack::Moved { key, id, action, to: t.state.clone(), version: t.version });
        }
        Step::Assign => {
            t.absorb_review(&reply.body);
            ctx.ack(Ack::Assigned { key, id, review: text(&reply.body, "id") });
        }
        Step::Confirm => {
            t.absorb_review(&reply.body);
            ctx.ack(Ack::Confirmed { key, review });
        }
        Step::Save => {
            t.absorb_review(&reply.body);
            t.saves += 1;
            ctx.ack(Ack::Saved { key, review, index });
        }
        Step::ReviewSubmit => {
            t.absorb_review(&reply.body);
            ctx.ack(Ack::ReviewSubmitted { key, review });
        }
    }
    Outcome::Acked
}

/// After a failure: waits for the hub to answer again, then reads where the proposal really is.
async fn resync(ctx: &Ctx, t: &mut Track) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(90) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let Some(id) = t.id.clone() else {
            // Nothing to read: the creation is retried with the same Idempotency-Key.
            if ctx.client.get("/healthz", None).await.is_ok_and(|r| r.status == 200) {
                return true;
            }
            continue;
        };
        let proposer = ctx.proposers[t.proposer].clone();
        let Ok(reply) = ctx.client.get(&format!("/api/v1/proposals/{id}"), Some(&proposer)).await else { continue };
        if reply.status >= 500 {
            continue;
        }
        if reply.status != 200 {
            ctx.anomaly(format!("{}: reading proposal {id} answers {}: {}", t.key, reply.status, reply.text));
            return false;
        }
        t.absorb_proposal(&reply);
        if t.state == "under_review" {
            let path = format!("/api/v1/proposals/{id}/assignments");
            let Ok(list) = ctx.client.get(&path, Some(&ctx.manager)).await else { continue };
            if list.status != 200 {
                continue;
            }
            if let Some(first) = list.body.as_array().and_then(|l| l.first()) {
                t.absorb_review(first);
            }
        }
        return true;
    }
    ctx.anomaly(format!("{}: the hub did not answer again within 90 s", t.key));
    false
}

async fn drive(ctx: &Ctx, t: &mut Track) {
    while !ctx.stop.load(Ordering::SeqCst) {
        let Some(step) = t.next_step() else { return };
        match perform(ctx, t, step).await {
            Outcome::Acked => {
                t.after_failure = false;
                t.refusals = 0;
            }
            Outcome::Refused(status, body) => {
                // Only a write whose earlier attempt failed in flight (and may have committed) can be
                // refused; anything else means the hub forgot or invented something.
                if !t.after_failure {
                    ctx.anomaly(format!("{} {step:?}: {status} with no failure before it: {body}", t.key));
                }
                t.refusals += 1;
                if t.refusals > 3 || !resync(ctx, t).await {
                    ctx.anomaly(format!("{}: gave up at {step:?}", t.key));
                    return;
                }
            }
            Outcome::Failed => {
                ctx.ledger().failed_in_flight += 1;
                t.after_failure = true;
                let before = (t.etag.clone(), t.review.clone(), t.review_state.clone(), t.confirmed);
                if !resync(ctx, t).await {
                    return;
                }
                if t.id.is_some() && before != (t.etag.clone(), t.review.clone(), t.review_state.clone(), t.confirmed) {
                    ctx.ledger().committed_in_flight += 1;
                }
            }
        }
    }
}

async fn worker(ctx: Arc<Ctx>, worker: usize) {
    let mut n = 0;
    while !ctx.stop.load(Ordering::SeqCst) {
        let mut track = Track::new(&ctx, worker, n);
        drive(&ctx, &mut track).await;
        n += 1;
    }
}

/// The load, running.
#[derive(Debug)]
pub struct Load {
    ctx: Arc<Ctx>,
    workers: Vec<JoinHandle<()>>,
}

impl Load {
    /// Logs the demo accounts in and starts the workers.
    pub async fn start(client: &Client) -> Self {
        let manager = client.token(MANAGER).await;
        let mut proposers = Vec::new();
        for email in PROPOSERS {
            proposers.push(client.token(email).await);
        }
        let mut evaluators = Vec::new();
        for email in EVALUATORS {
            let token = client.token(email).await;
            let me = client.get("/api/v1/me", Some(&token)).await.expect("GET /me");
            assert_eq!(me.status, 200, "{}", me.text);
            evaluators.push((token, text(&me.body, "id")));
        }
        let ctx = Arc::new(Ctx {
            client: client.clone(),
            manager,
            proposers,
            evaluators,
            run: uuid::Uuid::now_v7().simple().to_string(),
            ledger: Mutex::new(Ledger::default()),
            stop: AtomicBool::new(false),
        });
        let workers = (0..WORKERS).map(|w| tokio::spawn(worker(ctx.clone(), w))).collect();
        Self { ctx, workers }
    }

    /// Stops the workers after their current request; returns what they did.
    pub async fn stop(self) -> Ledger {
        self.ctx.stop.store(true, Ordering::SeqCst);
        for worker in self.workers {
            tokio::time::timeout(Duration::from_secs(120), worker).await.expect("workers stop").expect("worker");
        }
        std::mem::take(&mut *self.ctx.ledger())
    }
}
