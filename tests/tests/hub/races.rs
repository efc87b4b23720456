//! Races: fifty identical requests fired at once must have exactly one effect — one state change, one
//! history row, one audit entry, one set of emails — and every loser a documented 4xx problem, never a
//! 5xx nor "database is locked". On SQLite writers queue (`BEGIN IMMEDIATE`); on PostgreSQL they run in
//! parallel and the conditional writes decide. The last test runs two hub instances on one PostgreSQL
//! database and races them against each other.
//!
//! Each race prints a one-line summary (`race submit/sqlite: 50 requests, 1 × 200, 49 × 409, …`).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use domain::{MailTemplate, PageRequest, Role};
use hub_tests::funnel::{
    admin, assigned, confirm, draft, evaluator, in_days, manager, moved, organization, save, save_and_submit,
    under_review, verified_proposer,
};
use hub_tests::mail::{Mail, read_all};
use hub_tests::smtp::SmtpSink;
use hub_tests::{Answer, Backend, TestApp, hub_test};
use persistence::{AuditVerification, OutboxMessage, OutboxStatus};
use serde_json::{Value, json};

mod creations;
mod decision_and_review;
mod funnel;

/// How many identical requests race.
const RACERS: usize = 50;
const ANNA: &str = "anna@aurora.example";
const ORG_A_TAX: &str = "04817250931";
const UNIVERSITY_TAX: &str = "80214573604";
const EDITOR: &str = "catalogue@hub.example";
const PILLARS: [&str; 4] =
    ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
/// The domain of every Message-ID (`HUB_MAIL_FROM`'s default).
const MAIL_DOMAIN: &str = "innovation-hub.localhost";

fn engine(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// The answers' statuses counted, with the problem codes of the refusals:
/// `1 × 200, 49 × 409 (40 invalid_transition, 9 concurrent_change)`.
fn tally(answers: &[Answer]) -> String {
    let mut counts: BTreeMap<u16, BTreeMap<&str, usize>> = BTreeMap::new();
    for answer in answers {
        *counts.entry(answer.status).or_default().entry(answer.body["code"].as_str().unwrap_or("")).or_default() += 1;
    }
    counts
        .iter()
        .map(|(status, codes)| {
            let n: usize = codes.values().sum();
            let named: Vec<String> =
                codes.iter().filter(|(code, _)| !code.is_empty()).map(|(code, k)| format!("{k} {code}")).collect();
            if named.is_empty() {
                format!("{n} × {status}")
            } else {
                format!("{n} × {status} ({})", named.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a race: exactly one answer has status `won`; every other one is a `lost` problem+json with
/// one of `codes`. No 5xx, no "database is locked". Returns the winner.
#[track_caller]
fn one_winner<'a>(answers: &'a [Answer], won: u16, lost: u16, codes: &[&str]) -> &'a Answer {
    let texts = || answers.iter().map(|a| format!("{} {}", a.status, a.text)).collect::<Vec<_>>();
    assert!(answers.iter().all(|a| a.status < 500), "no server error: {:?}", texts());
    assert!(answers.iter().all(|a| !a.text.contains("database is locked")), "{:?}", texts());
    let winners: Vec<&Answer> = answers.iter().filter(|a| a.status == won).collect();
    assert_eq!(winners.len(), 1, "exactly one {won} ({}): {:?}", tally(answers), texts());
    for answer in answers.iter().filter(|a| a.status != won) {
        assert_eq!(answer.status, lost, "a loser answers {lost} ({}): {}", tally(answers), answer.text);
        assert_eq!(answer.header("content-type"), Some("application/problem+json"), "{}", answer.text);
        assert_eq!(answer.body["status"], json!(lost), "{}", answer.text);
        let code = answer.body["code"].as_str().unwrap_or_default();
        assert!(codes.contains(&code), "a loser's code is one of {codes:?}: {}", answer.text);
        assert!(answer.body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{}", answer.text);
    }
    winners[0]
}

/// Every audit entry of `target_type` for `target_id` (all pages), newest first, read as an admin.
async fn audited(app: &TestApp, admin: &str, target_type: &str, target_id: &str) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/audit?target_type={target_type}&limit=100");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&path, Some(admin)).await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        entries.extend(
            page.body["items"].as_array().expect("items").iter().filter(|e| e["target_id"] == target_id).cloned(),
        );
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return entries,
        }
    }
}

/// The audit chain is intact after the race (concurrent appenders did not fork it).
#[track_caller]
fn chain_intact(app: &TestApp) {
    let verified = app.store.audit_verify().expect("verify");
    assert!(matches!(verified, AuditVerification::Intact { head: Some(_), .. }), "{verified:?}");
}

/// Every outbox message (all pages).
fn outbox(app: &TestApp) -> Vec<OutboxMessage> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = app.store.outbox_list(None, &PageRequest { after, limit: 100 }).expect("outbox");
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => after = Some(next),
            None => return all,
        }
    }
}

/// The outbox messages of `template` to `to`.
fn outbox_of(app: &TestApp, template: MailTemplate, to: &str) -> Vec<OutboxMessage> {
    outbox(app).into_iter().filter(|m| m.mail.template == template && m.mail.to.as_str() == to).collect()
}

/// The delivered `.eml` files of the outbox message `row` (by its Message-ID).
fn delivered(app: &TestApp, row: &OutboxMessage) -> Vec<Mail> {
    let id = format!("<{}@{MAIL_DOMAIN}>", row.id);
    read_all(&[app.mail_dir().as_path()]).into_iter().filter(|m| m.message_id == id).collect()
}

/// The one outbox message of `template` to `to` (asserting there is exactly one), once delivered,
/// with every `.eml` file delivered for it (after a pause that lets a duplicate show up).
async fn mailed_once(app: &TestApp, template: MailTemplate, to: &str) -> (OutboxMessage, Vec<Mail>) {
    let rows = outbox_of(app, template, to);
    assert_eq!(rows.len(), 1, "one {template:?} email to {to} in the outbox: {rows:?}");
    let row = rows.into_iter().next().expect("a row");
    let started = Instant::now();
    while delivered(app, &row).is_empty() && started.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let files = delivered(app, &row);
    (row, files)
}

async fn history(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let answer = app.get(&format!("/api/v1/proposals/{id}/history"), Some(token)).await;
    assert_eq!(answer.status, 200, "history: {}", answer.text);
    answer.body["items"].as_array().expect("steps").clone()
}

fn actions(steps: &[Value]) -> Vec<&str> {
    steps.iter().map(|s| s["action"].as_str().expect("action")).collect()
}

/// A complete review scoring `score` on every pillar.
fn review_body(score: f64, tag: &str) -> Value {
    json!({
        "scores": PILLARS.iter().map(|p| ((*p).to_owned(), json!(score))).collect::<serde_json::Map<_, _>>(),
        "comments": {"security_sovereignty": format!("Sovereignty comment by {tag}.")},
        "overall_comment": format!("Overall comment by {tag}."),
        "confidential_comment": format!("Confidential note by {tag}."),
        "recommendation": "accept"
    })
}

/// A proposal under review with `reviews` submitted reviews scoring 4.0 by evaluators of a university.
async fn reviewed(app: &TestApp, anna: &str, hub: &str, admin: &str, title: &str, reviews: usize) -> String {
    let university = organization(app, admin, "Università di Prova", "university", UNIVERSITY_TAX).await;
    let id = under_review(app, anna, hub, title, "open-call").await;
    for i in 1..=reviews {
        let (token, user) = evaluator(app, &format!("eva{i}@uni.example"), Some(&university)).await;
        let review = assigned(app, hub, &id, &user, &in_days(7)).await;
        confirm(app, &token, &review).await;
        save_and_submit(app, &token, &review, review_body(4.0, &format!("reviewer {i}"))).await;
    }
    id
}

mod two_instances_on_one_postgres;
