//! The black-box test harness: [`TestApp::spawn`] starts the real hub on a free port with a fresh
//! database (a SQLite file, or a PostgreSQL database cloned from a migrated template) and talks HTTP
//! to it like any client. Mail is delivered by the hub's real worker, to `.eml` files or to a real
//! SMTP server ([`smtp::SmtpSink`]).

pub mod clock;
pub mod funnel;
pub mod mail;
pub mod smtp;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use domain::{DisplayName, Email, Locale, NewAccount, OrganizationId, Password, Role};
use persistence::Store;
use reqwest::Method;
use serde_json::{Value, json};

pub use clock::TestClock;

/// Cheap Argon2 parameters: the same code path as production, a fraction of the cost.
pub const TEST_ARGON2_MEMORY_KIB: &str = "64";
/// The password every user made by the harness has.
pub const PASSWORD: &str = "correct horse battery staple";

/// Which database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary folder.
    Sqlite,
    /// A fresh PostgreSQL database (needs `HUB_TEST_POSTGRES_URL`).
    Postgres,
}

/// Defines the tests `sqlite` and `postgres` in the current module, each running `$body` with
/// `$backend` set to its engine. The PostgreSQL one runs when `HUB_TEST_POSTGRES_URL` is set (always
/// in CI); without it, `cargo test` lists it as ignored (see `build.rs`), never as passed.
#[macro_export]
macro_rules! backend_tests {
    (|$backend:ident| $body:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn sqlite() {
            let $backend = $crate::Backend::Sqlite;
            $body
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
        async fn postgres() {
            assert!($crate::postgres_available(), "the PostgreSQL half needs HUB_TEST_POSTGRES_URL");
            let $backend = $crate::Backend::Postgres;
            $body
        }
    };
}

/// A module `$name` whose body runs against a fresh hub, once per backend (see [`backend_tests!`]);
/// `settings = &[("HUB_…", "…")]` starts it with those settings added.
#[macro_export]
macro_rules! hub_test {
    ($(#[$meta:meta])* $name:ident, |$app:ident| $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $crate::backend_tests!(|backend| {
                let $app = $crate::TestApp::spawn(backend).await;
                $body
            });
        }
    };
    ($(#[$meta:meta])* $name:ident, settings = $settings:expr, |$app:ident| $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $crate::backend_tests!(|backend| {
                let $app = $crate::TestApp::spawn_with(backend, $settings).await;
                $body
            });
        }
    };
}

/// Whether PostgreSQL tests can run. In CI (`CI=true`) they must: a missing URL fails the test
/// instead of skipping it.
pub fn postgres_available() -> bool {
    let available = std::env::var("HUB_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty());
    assert!(available || !in_ci(), "CI must run every test on PostgreSQL: set HUB_TEST_POSTGRES_URL");
    available
}

/// Whether this is a CI run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Headers (lower-case names).
    pub headers: reqwest::header::HeaderMap,
    /// The body parsed as JSON (`Null` when empty or not JSON).
    pub body: Value,
    /// The raw body.
    pub text: String,
}

impl Answer {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a problem+json answer with `status` and `code`; returns the body.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status, status, "status of {}", self.text);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "content type of {}", self.text);
        assert_eq!(self.body["status"], json!(status), "problem status in {}", self.text);
        assert_eq!(self.body["code"], json!(code), "problem code in {}", self.text);
        assert!(self.body["title"].is_string() && self.body["detail"].is_string(), "title and detail in {}", self.text);
        &self.body
    }
}

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
            ("HUB_MAIL_PER_RECIPIENT_PER_HOUR", "100000"),
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

    /// Sends a request; `body` is sent as JSON unless `Null`.
    pub async fn request(&self, method: Method, path: &str, token: Option<&str>, body: Value) -> Answer {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if !body.is_null() {
            request = request.json(&body);
        }
        Self::answer(request.send().await.expect("the hub answers")).await
    }

    /// An HTTP client whose connections come from `address` (on Linux every 127.x.y.z is this
    /// machine): another client address, as the hub's throttles see it.
    pub fn client_from(&self, address: &str) -> reqwest::Client {
        let address: std::net::IpAddr = address.parse().expect("an IP address");
        reqwest::Client::builder().local_address(address).timeout(Duration::from_secs(60)).build().expect("client")
    }

    /// POSTs a JSON body with `client` (see [`TestApp::client_from`]).
    pub async fn post_from(&self, client: &reqwest::Client, path: &str, token: Option<&str>, body: Value) -> Answer {
        let mut request = client.post(format!("{}{path}", self.base)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Self::answer(request.send().await.expect("the hub answers")).await
    }

    /// Sends `n` requests at once, built by `build(i, client, base)`; returns the answers in order.
    pub async fn concurrently(
        &self,
        n: usize,
        build: impl Fn(usize, &reqwest::Client, &str) -> reqwest::RequestBuilder,
    ) -> Vec<Answer> {
        let tasks: Vec<_> = (0..n)
            .map(|i| {
                let request = build(i, &self.client, &self.base);
                tokio::spawn(async move { Self::answer(request.send().await.expect("the hub answers")).await })
            })
            .collect();
        let mut answers = Vec::with_capacity(n);
        for task in tasks {
            answers.push(task.await.expect("join"));
        }
        answers
    }

    /// Reads an answer.
    pub async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, headers, body, text }
    }

    /// GET.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.request(Method::GET, path, token, Value::Null).await
    }

    /// An anonymous conditional GET: `If-None-Match: etag`.
    pub async fn get_if_none_match(&self, path: &str, etag: &str) -> Answer {
        let response =
            self.client.get(format!("{}{path}", self.base)).header("if-none-match", etag).send().await.expect("answer");
        Self::answer(response).await
    }

    /// POST with a JSON body.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.request(Method::POST, path, token, body).await
    }

    /// Logs in; returns the token response.
    pub async fn login(&self, email: &str, password: &str) -> Value {
        let answer = self.post("/api/v1/auth/login", None, json!({"email": email, "password": password})).await;
        assert_eq!(answer.status, 200, "login of {email}: {}", answer.text);
        answer.body
    }

    /// Logs in; returns the access token.
    pub async fn token(&self, email: &str) -> String {
        self.login(email, PASSWORD).await["access_token"].as_str().expect("access token").to_owned()
    }

    /// Logs in with `password`; returns the access token.
    pub async fn token_with(&self, email: &str, password: &str) -> String {
        self.login(email, password).await["access_token"].as_str().expect("access token").to_owned()
    }

    /// Registers a founder of a new organisation through the API; returns the user (as `GET /me`).
    pub async fn register(&self, email: &str, org_name: &str, tax_code: &str) -> Value {
        let answer = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({
                    "email": email, "password": PASSWORD, "display_name": "Test User",
                    "organization": {"name": org_name, "kind": "startup", "tax_code": tax_code}
                }),
            )
            .await;
        assert_eq!(answer.status, 202, "register {email}: {}", answer.text);
        self.account(email).await
    }

    /// The account with `email` as `GET /me` shows it, read through the store (registration with a
    /// new organisation answers 202 with no body).
    pub async fn account(&self, email: &str) -> Value {
        let (store, email) = (self.store.clone(), Email::parse(email).expect("valid email"));
        let user = tokio::task::spawn_blocking(move || {
            let (id, _) = store.user_credentials(&email).expect("read").expect("the account exists");
            store.user_get(id).expect("the user")
        })
        .await
        .expect("join");
        serde_json::to_value(api::routes::me::UserDto::from(user)).expect("JSON")
    }

    /// Creates a verified user with `roles` directly (as `hub admin create-user` does), in the
    /// operator organisation or `organization`; returns an access token.
    pub async fn user_with_roles(&self, email: &str, roles: &[Role], organization: Option<OrganizationId>) -> String {
        self.provision(email, roles, organization, &[]).await
    }

    /// Like [`TestApp::user_with_roles`], with expertise tags.
    pub async fn provision(
        &self,
        email: &str,
        roles: &[Role],
        organization: Option<OrganizationId>,
        expertise: &[&str],
    ) -> String {
        let passwords = api::auth::passwords::Passwords::new(self.settings.argon2).expect("hasher");
        let hash = passwords.hash(Password::parse("password", PASSWORD).expect("valid")).await.expect("hash");
        let account = NewAccount {
            email: Email::parse(email).expect("valid email"),
            display_name: DisplayName::parse("Staff Member").expect("valid"),
            password_hash: hash,
            locale: Locale::En,
            expertise: expertise.iter().map(|t| (*t).to_owned()).collect(),
        };
        let organization = organization.unwrap_or_else(|| api::cli::OPERATOR_ORGANIZATION.parse().expect("uuid"));
        let roles: BTreeSet<Role> = roles.iter().copied().collect();
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.user_provision(organization, account, roles, false, false))
            .await
            .expect("join")
            .expect("provision");
        self.token(email).await
    }

    /// The folder of `.eml` files (when no SMTP server is configured).
    pub fn mail_dir(&self) -> PathBuf {
        self.settings.mail_dir()
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
