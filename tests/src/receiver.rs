//! A real webhook receiver for tests: `receiver/webhook_receiver.py`, which verifies every delivery
//! with the maintained `standardwebhooks` library and records it, verified or not, in a folder. All
//! its state lives in that folder, so it can be stopped and started again on the same port to
//! simulate an outage.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One request the receiver got, as recorded in `received.jsonl`.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The request target (path and query) it was posted to.
    pub path: String,
    /// The `webhook-id` header (empty if missing).
    pub id: String,
    /// The `webhook-timestamp` header (empty if missing).
    pub timestamp: String,
    /// The `webhook-signature` header (empty if missing).
    pub signature: String,
    /// The body parsed as JSON, `Null` if it is not JSON.
    pub body: Value,
    /// The body as received (invalid UTF-8 replaced).
    pub raw: String,
    /// Whether one of the path's trusted secrets verified it (signature and timestamp tolerance).
    pub verified: bool,
    /// The status it was answered.
    pub status: u16,
    /// When it arrived, in Unix seconds.
    pub received_at: f64,
}

/// A line of `received.jsonl`.
#[derive(serde::Deserialize)]
struct Line {
    path: String,
    id: String,
    timestamp: String,
    signature: String,
    body: String,
    verified: bool,
    status: u16,
    received_at: f64,
}

/// A running (or stopped) webhook receiver.
#[derive(Debug)]
pub struct Receiver {
    /// The port it listens on while running.
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("receiver").join("webhook_receiver.py")
}

/// Whether `GET /healthz` on `port` answers 200.
fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut reply = String::new();
    stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_ok()
        && stream.read_to_string(&mut reply).is_ok()
        && reply.split_whitespace().nth(1) == Some("200")
}

impl Receiver {
    /// Whether `standardwebhooks` is installed (`pip install standardwebhooks==1.3.0`). In CI it
    /// must be: its absence fails the test instead of skipping it.
    pub fn available() -> bool {
        let found = Command::new("python3")
            .args(["-c", "import standardwebhooks"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(found || !crate::in_ci(), "CI must run the webhook tests: pip install standardwebhooks==1.3.0");
        if !found {
            eprintln!("skipped: standardwebhooks is not installed (pip install standardwebhooks==1.3.0)");
        }
        found
    }

    /// Starts a receiver on a free port, trusting no secret yet.
    pub fn start() -> Self {
        let mut receiver = Self { port: free_port(), dir: tempfile::tempdir().expect("temp dir"), child: None };
        receiver.resume();
        receiver
    }

    /// The URL that reaches `path` (which starts with `/`) on it.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Makes `path` trust exactly `secrets` (`whsec_…`): a delivery is verified if any of them
    /// verifies it. Other paths keep theirs.
    pub fn trust(&self, path: &str, secrets: &[&str]) {
        let secrets: Vec<String> = secrets.iter().map(|s| (*s).to_owned()).collect();
        self.merge("secrets.json", path, secrets);
    }

    /// Makes verified deliveries to `path` answered `status` (204 by default).
    pub fn answer(&self, path: &str, status: u16) {
        self.merge("answers.json", path, status);
    }

    /// Sets `path` to `value` in the JSON object in `file`, atomically (a temporary file renamed).
    fn merge<T: Serialize + DeserializeOwned>(&self, file: &str, path: &str, value: T) {
        let target = self.dir.path().join(file);
        let mut map: BTreeMap<String, T> = match std::fs::read_to_string(&target) {
            Ok(text) => serde_json::from_str(&text).expect("the receiver's JSON"),
            Err(_) => BTreeMap::new(),
        };
        map.insert(path.to_owned(), value);
        let mut temp = tempfile::NamedTempFile::new_in(self.dir.path()).expect("a temporary file");
        serde_json::to_writer(&mut temp, &map).expect("write the receiver's JSON");
        temp.as_file().sync_all().expect("sync the receiver's JSON");
        temp.persist(&target).expect("rename the receiver's JSON");
    }

    /// Starts (again) on the same port and waits until it answers `GET /healthz`. Nothing is lost:
    /// its secrets, answers and records are in its folder.
    pub fn resume(&mut self) {
        self.stop();
        let log = std::fs::File::create(self.dir.path().join("receiver.log")).expect("the receiver's log");
        let mut child = Command::new("python3")
            .arg(script())
            .args(["--port", &self.port.to_string(), "--dir"])
            .arg(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("python3 receiver/webhook_receiver.py");
        let started = Instant::now();
        while !healthy(self.port) {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(self.dir.path().join("receiver.log")).unwrap_or_default();
                panic!("the webhook receiver exited ({status}):\n{log}");
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the webhook receiver did not start on port {}", self.port);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.child = Some(child);
    }

    /// Stops it: connections are refused until [`Receiver::resume`].
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every request received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        let Ok(text) = std::fs::read_to_string(self.dir.path().join("received.jsonl")) else { return Vec::new() };
        // Only complete lines: the last one may still be being written.
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        complete
            .lines()
            .map(|line| {
                let line: Line = serde_json::from_str(line).expect("a line of received.jsonl");
                Received {
                    body: serde_json::from_str(&line.body).unwrap_or(Value::Null),
                    path: line.path,
                    id: line.id,
                    timestamp: line.timestamp,
                    signature: line.signature,
                    raw: line.body,
                    verified: line.verified,
                    status: line.status,
                    received_at: line.received_at,
                }
            })
            .collect()
    }

    /// Polls every 50 ms until `check` holds for the requests received, for at most `timeout`; then
    /// returns them, whether it held or not (the caller asserts).
    pub async fn wait_until(&self, timeout: Duration, check: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let received = self.received();
            if check(&received) || started.elapsed() > timeout {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop();
    }
}
