//! What the fault tests share: the `hub` binary as a child process on a fixed port (so that it can be
//! killed and started again on the same address and data), a small HTTP client, and the environment.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

/// The binary under test.
pub const HUB: &str = env!("CARGO_BIN_EXE_hub");
/// The password of every demo account in these tests.
pub const PASSWORD: &str = "fault-test demo password 2026";

/// One fault test at a time: they start hubs, kill them and stop database clusters, and what they
/// measure should not depend on what a sibling test does to the two cores meanwhile.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Whether this is a CI run (as `hub_tests::in_ci`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The PostgreSQL admin URL, when PostgreSQL tests can run. In CI they must (as
/// `hub_tests::postgres_available`): a missing URL fails the test instead of skipping it.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("HUB_TEST_POSTGRES_URL").ok().filter(|v| !v.is_empty());
    assert!(url.is_some() || !in_ci(), "CI must run every test on PostgreSQL: set HUB_TEST_POSTGRES_URL");
    url
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// How a hub runs: data folder, port, environment and the file its stdout and stderr go to.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// `HUB_DATA_DIR`.
    pub data: PathBuf,
    /// The port of `HUB_BIND`, the same across restarts.
    pub port: u16,
    /// Extra environment (`DATABASE_URL`, `HUB_JWT_SECRET`, `HUB_LOG`…), after the defaults.
    pub env: Vec<(String, String)>,
    /// Where stdout and stderr are appended.
    pub log: PathBuf,
}

impl HubConfig {
    /// A hub on `data` with the test defaults and `extra` settings; it logs to `data/hub.log`.
    pub fn new(data: &Path, extra: &[(&str, &str)]) -> Self {
        Self {
            data: data.to_owned(),
            port: free_port(),
            env: extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            log: data.join("hub.log"),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The `hub` command with this configuration (a clean environment: only what is set here).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(HUB);
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HUB_DATA_DIR", &self.data)
            .env("HUB_BIND", format!("127.0.0.1:{}", self.port))
            .env("HUB_ARGON2_MEMORY_KIB", "64")
            .env("HUB_ARGON2_ITERATIONS", "1")
            .env("HUB_DEMO_PASSWORD", PASSWORD)
            .env("HUB_OUTBOX_POLL_MS", "100")
            .env("HUB_WORKERS", "2")
            .env("HUB_LOGIN_FREE_FAILURES", "1000")
            .env("HUB_MAIL_PER_RECIPIENT_PER_HOUR", "100000")
            .env("HUB_MAIL_PER_CLIENT_PER_HOUR", "1000000")
            .env("HUB_API_REQUESTS_PER_MINUTE", "10000000")
            .env("HUB_LOGIN_PER_ADDRESS_PER_MINUTE", "10000")
            .env("HUB_LOG", "info,actix_server=warn");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }

    /// Everything the hub wrote so far.
    pub fn log_text(&self) -> String {
        std::fs::read(&self.log).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }

    fn log_tail(&self) -> String {
        let text = self.log_text();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

/// A running `hub` process, killed when dropped.
#[derive(Debug)]
pub struct Hub {
    child: Option<Child>,
}

impl Hub {
    /// Runs `hub <command>` and waits until it is ready (for `demo`: until the banner is printed).
    pub async fn start(config: &HubConfig, command: &str) -> Self {
        let banners = config.log_text().matches("Or with the API:").count();
        let append = || File::options().create(true).append(true).open(&config.log).expect("the log file");
        let child = config
            .command(&[command])
            .stdout(Stdio::from(append()))
            .stderr(Stdio::from(append()))
            .spawn()
            .expect("the hub starts");
        let mut hub = Self { child: Some(child) };
        let client = Client::new(&config.base(), Duration::from_secs(5));
        let started = Instant::now();
        loop {
            if let Some(status) = hub.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
                panic!("`hub {command}` exited with {status}:\n{}", config.log_tail());
            }
            let ready = client.get("/readyz", None).await.is_ok_and(|r| r.status == 200);
            let banner = command != "demo" || config.log_text().matches("Or with the API:").count() > banners;
            if ready && banner {
                return hub;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "`hub {command}` ready in time:\n{}",
                config.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Content-Type` header.
    pub content_type: String,
    /// The body as JSON (`Null` when it is not).
    pub body: Value,
    /// The body.
    pub text: String,
}

/// A client of one hub address.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Client {
    /// A client whose every request is answered within `timeout` or fails.
    pub fn new(base: &str, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(2))
            .pool_max_idle_per_host(0)
            .build()
            .expect("an HTTP client");
        Self { http, base: base.to_owned() }
    }

    /// Sends a request; `body` is sent as JSON.
    ///
    /// # Errors
    /// No answer: refused, reset or timed out.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Result<Reply, reqwest::Error> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (etag, content_type) = (header("etag"), header("content-type").unwrap_or_default());
        let text = response.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Reply { status, etag, content_type, body, text })
    }

    /// GET.
    ///
    /// # Errors
    /// No answer.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Result<Reply, reqwest::Error> {
        self.send(Method::GET, path, token, &[], None).await
    }

    /// POST of a JSON value (`Null`: no body).
    ///
    /// # Errors
    /// No answer.
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Result<Reply, reqwest::Error> {
        let body = (!body.is_null()).then(|| body.to_string().into_bytes());
        self.send(Method::POST, path, token, &[], body).await
    }

    /// Logs in; returns the token response.
    pub async fn login(&self, email: &str, password: &str) -> Value {
        let reply =
            self.post("/api/v1/auth/login", None, &json!({"email": email, "password": password})).await.expect("login");
        assert_eq!(reply.status, 200, "login of {email}: {}", reply.text);
        reply.body
    }

    /// Logs in; returns the access token.
    pub async fn token(&self, email: &str) -> String {
        self.login(email, PASSWORD).await["access_token"].as_str().expect("an access token").to_owned()
    }
}

/// The text of a JSON string field (empty when absent).
pub fn text(value: &Value, field: &str) -> String {
    value[field].as_str().unwrap_or_default().to_owned()
}
