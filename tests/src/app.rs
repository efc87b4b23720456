//! A running hub for one test: started on a free port with a fresh database, stopped and its
//! PostgreSQL database dropped at the end.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use persistence::Store;

use crate::{Backend, TEST_ARGON2_MEMORY_KIB, TestClock};

struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Err(e) = persistence::pg_admin::drop_database(&self.admin_url, &self.name) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

/// A running hub for one test.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The engine.
    pub backend: Backend,
    /// The hub's settings.
    pub settings: api::Settings,
    /// A store on the same database, to assert rows.
    pub store: Store,
    /// The clock the hub reads (tests may move it forward).
    pub clock: Arc<TestClock>,
    /// The HTTP client.
    pub client: reqwest::Client,
    handle: ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
    pg: Option<PgDatabase>,
    _data: tempfile::TempDir,
}

impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp").field("base", &self.base).field("backend", &self.backend).finish_non_exhaustive()
    }
}

fn migrations_fingerprint() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../persistence/migrations/postgres");
    let mut files: Vec<PathBuf> = walk(&dir);
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        for byte in file.to_string_lossy().bytes().chain(std::fs::read(&file).unwrap_or_default()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.flatten().flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] }).collect()
}

impl TestApp {
    /// Starts a hub on `backend` with the test defaults.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, &[]).await
    }

    /// Starts a hub on `backend` with extra environment settings (e.g. `HUB_SMTP_URL`).
    pub async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let mut vars: HashMap<String, String> = [
            ("HUB_DATA_DIR", data.path().to_string_lossy().as_ref()),
            ("HUB_BIND", "127.0.0.1:0"),
            ("HUB_PUBLIC_URL", "http://hub.test"),
            ("HUB_ARGON2_MEMORY_KIB", TEST_ARGON2_MEMORY_KIB),
            ("HUB_ARGON2_ITERATIONS", "1"),
            ("HUB_OUTBOX_POLL_MS", "50"),
            ("HUB_WORKERS", "2"),
            ("HUB_DB_POOL_SIZE", "8"),
            // Every test client is 127.0.0.1, some tests register dozens of accounts and some race
            // sixteen registrations of one address: the mail throttle's limits are tested where a test
            // sets them (tests/tests/hub/throttle.rs).
            ("HUB_MAIL_PER_CLIENT_PER_HOUR", "100000"),
            ("HUB_API_REQUESTS_PER_MINUTE", "1000000"),
            ("HUB_MAIL_PER_RECIPIENT_PER_HOUR", "100000"),
            // The tests' webhook receivers listen on 127.0.0.1, which the hub refuses to call unless allowed
            // (tests/tests/hub/webhooks/addresses.rs sets this to nothing to see the refusals).
            ("HUB_WEBHOOK_ALLOW_ADDRESSES", "127.0.0.1"),
            ("HUB_WEBHOOK_POLL_MS", "50"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let pg = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let admin_url = std::env::var("HUB_TEST_POSTGRES_URL").expect("HUB_TEST_POSTGRES_URL");
                let template = format!("hub_test_tpl_{}", migrations_fingerprint());
                let name = format!("hub_test_{}", uuid::Uuid::now_v7().simple());
                let (a, t, n) = (admin_url.clone(), template.clone(), name.clone());
                tokio::task::spawn_blocking(move || persistence::pg_admin::clone_migrated(&a, &t, &n))
                    .await
                    .expect("join")
                    .expect("clone the template database");
                vars.insert("DATABASE_URL".to_owned(), persistence::pg_admin::url_with_database(&admin_url, &name));
                vars.insert("HUB_JWT_SECRET".to_owned(), format!("test-secret-{}", uuid::Uuid::now_v7()));
                vars.insert("HUB_AUDIT_KEY".to_owned(), format!("test-audit-key-{}", uuid::Uuid::now_v7()));
                Some(PgDatabase { admin_url, name })
            }
        };
        for (k, v) in extra {
            vars.insert((*k).to_owned(), (*v).to_owned());
        }
        let settings = api::Settings::from_lookup(|k| vars.get(k).cloned()).expect("test settings");
        let clock = Arc::new(TestClock::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let (server_settings, server_clock) = (settings.clone(), clock.clone());
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match api::start(server_settings, server_clock).await {
                    Ok(running) => {
                        let _ = tx.send(Ok((running.addr, running.handle.clone(), running.store.clone())));
                        let _ = running.wait().await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(format!("{e:#}")));
                    }
                }
            });
        });
        let (addr, handle, store) = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
            .await
            .expect("join")
            .expect("the hub starts in time")
            .expect("the hub starts");
        let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client");
        Self {
            base: format!("http://{addr}"),
            backend,
            settings,
            store,
            clock,
            client,
            handle,
            thread: Some(thread),
            pg,
            _data: data,
        }
    }
}

impl TestApp {
    /// Stops this hub and starts it again on the same database, data folder and settings (a restart: what
    /// the workers had claimed is claimed again once the leases end). The address changes.
    pub async fn restart(&mut self) {
        let handle = self.handle.clone();
        let _ = std::thread::spawn(move || actix_web::rt::System::new().block_on(handle.stop(false))).join();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let (server_settings, server_clock) = (self.settings.clone(), self.clock.clone());
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match api::start(server_settings, server_clock).await {
                    Ok(running) => {
                        let _ = tx.send(Ok((running.addr, running.handle.clone())));
                        let _ = running.wait().await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(format!("{e:#}")));
                    }
                }
            });
        });
        let (addr, handle) = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
            .await
            .expect("join")
            .expect("the hub starts again in time")
            .expect("the hub starts again");
        self.base = format!("http://{addr}");
        self.handle = handle;
        self.thread = Some(thread);
    }

    /// The annexes' files of this hub's settings (the same folder or bucket as the running hub's).
    pub fn annexes(&self) -> Arc<api::annexes::Annexes> {
        Arc::new(api::annexes::Annexes::open(&self.settings.annexes).expect("the annexes' store opens"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let _ = std::thread::spawn(move || actix_web::rt::System::new().block_on(handle.stop(false))).join();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        drop(self.pg.take());
    }
}
