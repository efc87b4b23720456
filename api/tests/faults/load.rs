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

#[path = "load/workers.rs"]
mod workers;

use workers::worker;

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
    Notice,
    Observe,
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
    /// The notice of the grounds' stage: empty before it is given.
    notice: String,
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
            notice: String::new(),
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
                // The open call gives notice of the grounds before a rejection, and the team answers.
                _ if self.notice.is_empty() => Step::Notice,
                _ if self.notice == "running" => Step::Observe,
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
