//! PostgreSQL restarted under load: while the database is down every request that needs it is
//! answered, promptly enough, with a 503 problem; once it is back the hub recovers by itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use crate::cluster::Cluster;
use crate::support::{Client, Hub, HubConfig};

/// Longer than anything the hub should take: a request not answered by then hangs.
const HANG: Duration = Duration::from_secs(30);
const CLIENTS: usize = 6;
/// Long enough for requests sent after the stop to wait out the pool's 5 s connection timeout.
const DOWN_FOR: Duration = Duration::from_secs(12);

/// One request of the load.
#[derive(Debug, Clone)]
struct Sample {
    kind: &'static str,
    sent: Instant,
    answered: Instant,
    /// `None`: no answer (refused, reset or timed out).
    status: Option<u16>,
    /// A 503 problem+json with the `service_unavailable` code.
    unavailable_problem: bool,
    error: Option<String>,
}

impl Sample {
    fn needs_database(&self) -> bool {
        self.kind != "healthz"
    }

    fn ok(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

async fn client_loop(
    client: Client,
    manager: String,
    proposer: String,
    stop: Arc<AtomicBool>,
    samples: Arc<Mutex<Vec<Sample>>>,
    n: usize,
) {
    let mut i = n;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let sent = Instant::now();
        // Client 0 only probes /healthz, so that the down window always has probes: the others may
        // spend all of it waiting on the pool, each request up to its 5 s time-out.
        let (kind, result) = match if n == 0 { 5 } else { i % 6 } {
            0 => ("list", client.get("/api/v1/proposals?limit=5", Some(&manager)).await),
            1 => {
                let body = json!({"challenge_id": "open-call", "title": format!("Restart load {n}-{i}")});
                let key = format!("restart-{n}-{i}");
                let headers = [("idempotency-key", key.as_str())];
                (
                    "create",
                    client
                        .send(
                            Method::POST,
                            "/api/v1/proposals",
                            Some(&proposer),
                            &headers,
                            Some(body.to_string().into_bytes()),
                        )
                        .await,
                )
            }
            2 => ("challenges", client.get("/api/v1/challenges", None).await),
            3 => ("readyz", client.get("/readyz", None).await),
            4 => ("status", client.get("/status", None).await),
            _ => ("healthz", client.get("/healthz", None).await),
        };
        let answered = Instant::now();
        let sample = match result {
            Ok(reply) => Sample {
                kind,
                sent,
                answered,
                status: Some(reply.status),
                unavailable_problem: reply.status == 503
                    && reply.content_type.starts_with("application/problem+json")
                    && reply.body["code"] == "service_unavailable",
                error: None,
            },
            Err(e) => {
                Sample { kind, sent, answered, status: None, unavailable_problem: false, error: Some(e.to_string()) }
            }
        };
        samples.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(sample);
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Runs the test on a started private cluster.
pub async fn run(cluster: &Cluster) {
    let data = tempfile::tempdir().expect("temp dir");
    let secret = format!("restart-test-secret-{}", uuid::Uuid::now_v7().simple());
    let url = cluster.url();
    let audit_key = format!("restart-test-audit-key-{}", uuid::Uuid::now_v7().simple());
    let config = HubConfig::new(
        data.path(),
        &[
            ("DATABASE_URL", &url),
            ("HUB_JWT_SECRET", &secret),
            ("HUB_AUDIT_KEY", &audit_key),
            ("HUB_DB_POOL_SIZE", "4"),
        ],
    );
    let hub = Hub::start(&config, "demo").await;
    let client = Client::new(&config.base(), HANG);
    let manager = client.token("manager@hub.example").await;
    let proposer = client.token("proposer@aurora-labs.example").await;
    let stop = Arc::new(AtomicBool::new(false));
    let samples = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|n| {
            tokio::spawn(client_loop(
                client.clone(),
                manager.clone(),
                proposer.clone(),
                stop.clone(),
                samples.clone(),
                n,
            ))
        })
        .collect();
    let snapshot = || samples.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();

    tokio::time::sleep(Duration::from_secs(2)).await;
    let stop_begin = Instant::now();
    cluster.stop_fast().expect("pg_ctl stop -m fast");
    let stopped = Instant::now();
    tokio::time::sleep(DOWN_FOR).await;
    let start_begin = Instant::now();
    cluster.start().expect("pg_ctl start");
    let started = Instant::now();
    let recovered = loop {
        let first = snapshot()
            .iter()
            .filter(|s| s.needs_database() && s.ok() && s.answered > start_begin)
            .map(|s| s.answered)
            .min();
        if let Some(at) = first {
            break at;
        }
        assert!(start_begin.elapsed() < Duration::from_secs(60), "the hub did not recover within 60 s of the restart");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::SeqCst);
    for task in tasks {
        tokio::time::timeout(HANG * 2, task).await.expect("the load stops").expect("client task");
    }
    drop(hub);

    let samples = snapshot();
    let hung: Vec<&Sample> = samples.iter().filter(|s| s.status.is_none()).collect();
    let wrong: Vec<&Sample> =
        samples.iter().filter(|s| s.status.is_some_and(|st| !(200..300).contains(&st) && st != 503)).collect();
    let opaque_503: Vec<&Sample> = samples.iter().filter(|s| s.status == Some(503) && !s.unavailable_problem).collect();
    let before: Vec<&Sample> = samples.iter().filter(|s| s.answered < stop_begin).collect();
    let down: Vec<&Sample> =
        samples.iter().filter(|s| s.needs_database() && s.sent >= stopped && s.answered < start_begin).collect();
    let alive_while_down =
        samples.iter().filter(|s| !s.needs_database() && s.sent >= stopped && s.answered < start_begin);
    let after: Vec<&Sample> = samples.iter().filter(|s| s.sent >= recovered + Duration::from_millis(500)).collect();
    let slowest = samples.iter().map(|s| s.answered - s.sent).max().unwrap_or_default();
    println!(
        "pg-restart: {} requests ({} before the stop, {} needing the database while it was down: {} answered 503 \
         problem+json, {} after recovery); slowest answer {:.2} s; recovered {:.2} s after `pg_ctl start` \
         ({:.2} s after it reported ready)",
        samples.len(),
        before.len(),
        down.len(),
        down.iter().filter(|s| s.unavailable_problem).count(),
        after.len(),
        slowest.as_secs_f64(),
        (recovered - start_begin).as_secs_f64(),
        recovered.saturating_duration_since(started).as_secs_f64(),
    );
    let context = || format!("hub log:\n{}\npostgres log:\n{}", tail(&config.log_text()), tail(&cluster.log()));
    let hung: Vec<String> =
        hung.iter().map(|s| format!("{} after {:?}: {:?}", s.kind, s.answered - s.sent, s.error)).collect();
    assert!(hung.is_empty(), "requests not answered within {HANG:?}: {hung:#?}\n{}", context());
    assert!(wrong.is_empty(), "answers other than 2xx and 503: {wrong:#?}\n{}", context());
    assert!(opaque_503.is_empty(), "503s that are not service_unavailable problems: {opaque_503:#?}");
    assert!(before.iter().all(|s| s.ok()), "all answered before the stop: {before:#?}");
    assert!(down.len() >= 3, "requests answered while the database was down: {down:#?}");
    assert!(down.iter().all(|s| s.unavailable_problem), "every one of them a 503 problem: {down:#?}");
    assert!(alive_while_down.clone().count() >= 1 && alive_while_down.clone().all(Sample::ok), "/healthz stays 200");
    assert!(after.len() >= 10 && after.iter().all(|s| s.ok()), "fully recovered, without a restart: {after:#?}");
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}
