//! The crash test: the [`load`](crate::load) runs while the hub is SIGKILLed and started again on the
//! same data. Afterwards every write answered 2xx must be found, and nothing may be half done: the
//! history of every proposal agrees with its state, audit rows and outbox emails match the history
//! row for row, and the audit chain verifies.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;

use crate::load::{Ack, Ledger, MANAGER};
use crate::support::{Client, Hub, HubConfig, text};

#[path = "crash/checks.rs"]
mod checks;

use checks::{check_audit_rows, check_emails, find_acknowledged, read_audit_and_outbox};

/// How long the load runs after each (re)start before the next SIGKILL.
const KILL_AFTER: [Duration; 4] = [
    Duration::from_millis(1500),
    Duration::from_millis(2200),
    Duration::from_millis(1800),
    Duration::from_millis(2600),
];
/// How long the load goes on after the last restart.
const LAST_RUN: Duration = Duration::from_secs(3);

/// The emails each funnel move writes to the outbox (the product specification's notifications).
fn mails_of(action: &str) -> &'static [&'static str] {
    match action {
        "submit" => &["proposal_submitted"],
        "resubmit" => &["proposal_submitted", "proposal_resubmitted"],
        "request_revision" => &["revision_requested"],
        "screen_ineligible" => &["proposal_ineligible"],
        "decide_accept" | "decide_reject" => &["decision"],
        "notice_of_grounds" => &["grounds_notice"],
        "observations" => &["observations_received"],
        _ => &[],
    }
}

/// The rank of a proposal's state along the script, to tell "as acknowledged or later".
fn rank(state: &str, version: i64) -> u8 {
    match (state, version) {
        ("draft", _) => 0,
        ("submitted", 1) => 1,
        ("revision_requested", _) => 2,
        ("submitted", _) => 3,
        ("under_review", _) => 4,
        ("rejected", _) => 5,
        _ => 9,
    }
}

/// What the hub shows of one of the test's proposals.
#[derive(Debug, Default)]
struct Seen {
    proposal: Value,
    history: Vec<Value>,
    assignments: Vec<Value>,
    version1_title: Option<String>,
}

async fn get_ok(client: &Client, path: &str, token: &str) -> Value {
    for _ in 0..50 {
        match client.get(path, Some(token)).await {
            Ok(reply) if reply.status == 200 => return reply.body,
            Ok(reply) if reply.status < 500 => panic!("GET {path}: {} {}", reply.status, reply.text),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("GET {path}: no answer");
}

/// Every proposal the manager sees.
async fn all_proposals(client: &Client, manager: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = get_ok(client, &format!("/api/v1/proposals?limit=100{cursor}"), manager).await;
        all.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return all,
        }
    }
}

/// History rows agree with the proposal: they chain from `create` to its state and version, and every
/// submission left its version.
async fn check_history(client: &Client, manager: &str, proposal: &Value, problems: &mut Vec<String>) -> Vec<Value> {
    let id = text(proposal, "id");
    let history = get_ok(client, &format!("/api/v1/proposals/{id}/history"), manager).await;
    let history = history["items"].as_array().cloned().unwrap_or_default();
    let title = text(proposal, "title");
    let Some(first) = history.first() else {
        problems.push(format!("{title}: no history"));
        return history;
    };
    if text(first, "action") != "create" || text(first, "to_state") != "draft" || !first["from_state"].is_null() {
        problems.push(format!("{title}: history does not start with its creation: {first}"));
    }
    for pair in history.windows(2) {
        let from = pair[1]["from_state"].as_str().unwrap_or(pair[0]["to_state"].as_str().unwrap_or_default());
        if from != text(&pair[0], "to_state") {
            problems.push(format!("{title}: history breaks between {} and {}", pair[0], pair[1]));
        }
    }
    if let Some(last) = history.last()
        && (text(last, "to_state") != text(proposal, "state") || last["version"] != proposal["version"])
    {
        problems.push(format!("{title}: last history row {last} but the proposal is {}", proposal["state"]));
    }
    for row in history.iter().filter(|r| matches!(r["action"].as_str(), Some("submit" | "resubmit"))) {
        let path = format!("/api/v1/proposals/{id}/versions/{}", row["version"]);
        match client.get(&path, Some(manager)).await {
            Ok(reply) if reply.status == 200 => {}
            other => problems.push(format!("{title}: submitted version missing: {path}: {other:?}")),
        }
    }
    history
}

/// Runs the whole crash test on one backend; `store_url` reaches the same database directly.
pub async fn run(label: &str, config: &HubConfig, store_url: &str) {
    let started = Instant::now();
    let mut hub = Hub::start(config, "demo").await;
    let client = Client::new(&config.base(), Duration::from_secs(20));
    let manager = client.token(MANAGER).await;
    let seeded = all_proposals(&client, &manager).await;
    let load = crate::load::Load::start(&client).await;
    for wait in KILL_AFTER {
        tokio::time::sleep(wait).await;
        hub.kill();
        // `serve`, not `demo`: re-seeding gives every demo account its password again, which ends
        // their sessions (the load's tokens would stop working).
        hub = Hub::start(config, "serve").await;
    }
    tokio::time::sleep(LAST_RUN).await;
    let ledger = load.stop().await;
    let load_time = started.elapsed();

    let mut problems = Vec::new();
    let (seen, found) = find_acknowledged(&client, &manager, &ledger, &mut problems).await;
    // Nothing half done in any proposal, the seeded ones included.
    let everything = all_proposals(&client, &manager).await;
    let mut all_history: Vec<Value> = seen.values().flat_map(|s| s.history.iter().cloned()).collect();
    let others: Vec<&Value> = everything.iter().filter(|p| !seen.contains_key(&text(p, "id"))).collect();
    for proposal in &others {
        all_history.extend(check_history(&client, &manager, proposal, &mut problems).await);
    }
    if others.len() != seeded.len() {
        problems.push(format!("{} proposals before the load besides the test's, {} after", seeded.len(), others.len()));
    }
    // `hub demo` again on this data: the seeds are loaded once more and change no proposal.
    hub.kill();
    hub = Hub::start(config, "demo").await;
    let reseeded = all_proposals(&client, &client.token(MANAGER).await).await;
    if reseeded != everything {
        problems.push(format!(
            "re-seeding changed the proposals: {} before, {} after",
            everything.len(),
            reseeded.len()
        ));
    }
    hub.kill();

    // The audit chain verifies; audit rows and emails match the history row for row.
    let verify = config.command(&["audit", "verify"]).output().expect("hub audit verify");
    let verify_out = String::from_utf8_lossy(&verify.stdout).trim().to_owned();
    assert!(verify.status.success(), "hub audit verify: {verify_out} {}", String::from_utf8_lossy(&verify.stderr));
    let (audit, outbox) = read_audit_and_outbox(store_url).await;
    check_audit_rows(&ledger, &seen, &audit, &mut problems);
    let mails_matched = check_emails(&all_history, &audit, &outbox, &mut problems);

    println!(
        "crash/{label}: {} kills, {} writes acknowledged, {found} found, {} failed in flight ({} of them \
         committed); {} proposals, {} history rows, {mails_matched} emails matched to their changes, \
         {verify_out}; {:.1} s",
        KILL_AFTER.len(),
        ledger.acks.len(),
        ledger.failed_in_flight,
        ledger.committed_in_flight,
        ledger.ids.len(),
        seen.values().map(|s| s.history.len()).sum::<usize>(),
        load_time.as_secs_f64()
    );
    assert!(ledger.server_errors.is_empty(), "server errors during the load: {:#?}", ledger.server_errors);
    assert!(ledger.anomalies.is_empty(), "anomalies during the load: {:#?}", ledger.anomalies);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert_eq!(found, ledger.acks.len());
    assert!(ledger.acks.len() >= 100, "a load worth the name: {} writes acknowledged", ledger.acks.len());
    assert!(ledger.failed_in_flight >= 1, "the kills cut some writes in flight");
}
