//! Fault tests against the real `hub` binary: SIGKILL under a concurrent write load (SQLite and
//! PostgreSQL), a PostgreSQL restart under load (a private cluster), and no secret in any log line.
//! Each prints its figures; they run one at a time (see [`support::SERIAL`]).

#![expect(clippy::expect_used, reason = "a test: a failed expectation is a failed test")]

#[path = "faults/cluster.rs"]
mod cluster;
#[path = "faults/crash.rs"]
mod crash;
#[path = "faults/load.rs"]
mod load;
#[path = "faults/restart.rs"]
mod restart;
#[path = "faults/secrets.rs"]
mod secrets;
#[path = "faults/support.rs"]
mod support;

use support::{HubConfig, SERIAL, in_ci, postgres_admin_url};

/// A database of its own on the test server, dropped at the end (also when the test fails).
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl PgDatabase {
    fn create(admin_url: &str) -> Self {
        let name = format!("hub_test_faults_{}", uuid::Uuid::now_v7().simple());
        // An empty database: `template1` is PostgreSQL's own template; the hub migrates it at start.
        persistence::pg_admin::clone_migrated(admin_url, "template1", &name).expect("create the test database");
        Self { admin_url: admin_url.to_owned(), name }
    }

    fn url(&self) -> String {
        persistence::pg_admin::url_with_database(&self.admin_url, &self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Err(e) = persistence::pg_admin::drop_database(&self.admin_url, &self.name) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_sqlite() {
    let _serial = SERIAL.lock().await;
    let data = tempfile::tempdir().expect("temp dir");
    let config = HubConfig::new(data.path(), &[]);
    crash::run("sqlite", &config, &data.path().join("hub.db").to_string_lossy()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
async fn crash_postgres() {
    let admin_url = postgres_admin_url().expect("this test needs HUB_TEST_POSTGRES_URL");
    let _serial = SERIAL.lock().await;
    let data = tempfile::tempdir().expect("temp dir");
    let database = PgDatabase::create(&admin_url);
    let url = database.url();
    let secret = format!("crash-test-secret-{}", uuid::Uuid::now_v7().simple());
    let audit_key = format!("crash-test-audit-key-{}", uuid::Uuid::now_v7().simple());
    let config = HubConfig::new(
        data.path(),
        &[("DATABASE_URL", &url), ("HUB_JWT_SECRET", &secret), ("HUB_AUDIT_KEY", &audit_key)],
    );
    crash::run("postgres", &config, &url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restart_under_load() {
    let _serial = SERIAL.lock().await;
    let cluster = match cluster::Cluster::create() {
        Ok(cluster) => cluster,
        Err(why) => {
            assert!(!in_ci(), "CI must run the PostgreSQL restart test, but a private cluster cannot start: {why}");
            eprintln!("skipped: {why}");
            return;
        }
    };
    restart::run(&cluster).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_any_log_line() {
    let _serial = SERIAL.lock().await;
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().expect("temp dir")).collect();
    // The flow at `debug` as an operator would set it, and at `trace` (every dependency's every
    // event, request parsing included) in JSON.
    let (debug_log, mut secrets) = secrets::account_flow(dirs[0].path(), "debug", "pretty").await;
    let (trace_log, trace_secrets) = secrets::account_flow(dirs[1].path(), "trace", "json").await;
    let (other_log, other_secrets) = secrets::unreachable_services(dirs[2].path()).await;
    secrets.extend(trace_secrets);
    secrets.extend(other_secrets);
    assert!(debug_log.contains("served") && trace_log.contains("served"), "the hub logged its requests");
    assert!(trace_log.contains("\"level\":\"TRACE\""), "the hub logged at trace level");
    let log = format!("{debug_log}\n{trace_log}\n{other_log}");
    let mut leaks = Vec::new();
    for (what, secret) in &secrets {
        assert!(secret.len() >= 16, "{what} is a real secret");
        for (n, line) in log.lines().enumerate() {
            if line.contains(secret.as_str()) {
                leaks.push(format!("{what} in log line {}: {line}", n + 1));
            }
        }
    }
    println!(
        "secrets: {} log lines scanned ({} at debug, {} at trace, {} with unreachable database and SMTP server), \
         {} secrets searched, {} found",
        log.lines().count(),
        debug_log.lines().count(),
        trace_log.lines().count(),
        other_log.lines().count(),
        secrets.len(),
        leaks.len()
    );
    assert!(leaks.is_empty(), "secrets in the log:\n{}", leaks.join("\n"));
}
