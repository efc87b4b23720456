//! A real S3-compatible server for the annex tests: `moto` (5.2.5, `pip install 'moto[server]'`), one
//! per test process, started on a free port the first time a test asks for a bucket. It runs under a
//! small Python watchdog that kills it when its stdin closes, that is when the test process exits.
//! Each test gets a bucket of its own.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The moto version `.ci/run` installs.
pub const MOTO_VERSION: &str = "5.2.5";

/// The watchdog: starts moto on the port given, exits (killing it) once its stdin closes.
const WATCHDOG: &str = "import subprocess, sys\n\
p = subprocess.Popen([sys.executable, '-m', 'moto.server', '-H', '127.0.0.1', '-p', sys.argv[1]],\n\
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
try:\n    sys.stdin.read()\nfinally:\n    p.kill()\n    p.wait()\n";

/// The running server: the watchdog and the pipe whose closing stops it.
struct Server {
    port: u16,
    _child: Mutex<(Child, ChildStdin)>,
}

static SERVER: OnceLock<Server> = OnceLock::new();

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Whether moto's server is installed (`.ci/run` installs it). In CI it must be: its absence fails the
/// test instead of skipping it.
pub fn available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import moto.server"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(found || !crate::in_ci(), "CI must run the S3 tests: pip install 'moto[server]=={MOTO_VERSION}'");
    if !found {
        eprintln!("skipped: moto is not installed (pip install 'moto[server]=={MOTO_VERSION}'; .ci/run does)");
    }
    found
}

/// Sends one HTTP/1.1 request to moto; returns the status code. Moto checks no signature, but refuses an
/// anonymous read of a private object: the request carries an `Authorization` header of the right shape.
fn http(port: u16, method: &str, path: &str, body: &[u8]) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let authorization = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, \
                         SignedHeaders=host, Signature=0000";
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: {authorization}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let line = String::from_utf8_lossy(&answer);
    line.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line}")))
}

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let port = free_port();
        let mut child = Command::new("python3")
            .args(["-c", WATCHDOG, &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs moto (pip install 'moto[server]')");
        let stdin = child.stdin.take().expect("the watchdog's stdin");
        let started = Instant::now();
        // Up once it answers HTTP (the list of buckets).
        while !http(port, "GET", "/", b"").is_ok_and(|s| s == 200) {
            assert!(started.elapsed() < Duration::from_secs(60), "moto did not start on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Server { port, _child: Mutex::new((child, stdin)) }
    })
}

/// A bucket of its own on the test process's moto server.
#[derive(Debug, Clone)]
pub struct S3Bucket {
    /// Its name.
    pub name: String,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    url: String,
    port: u16,
    /// The bucket's folder the hub is told to use (`s3://bucket/prefix`), empty for none.
    prefix: String,
}

impl S3Bucket {
    /// A new, empty bucket (moto started first if need be); `None` when moto is not installed (outside CI).
    pub fn create() -> Option<Self> {
        if !available() {
            return None;
        }
        let port = server().port;
        let name = format!("hub-{}", uuid::Uuid::now_v7().simple());
        let status = http(port, "PUT", &format!("/{name}"), b"").expect("moto answers");
        assert_eq!(status, 200, "create bucket {name}");
        Some(Self {
            url: format!("s3://{name}"),
            endpoint: format!("http://127.0.0.1:{port}"),
            name,
            port,
            prefix: String::new(),
        })
    }

    /// The same bucket, the hub told to keep its objects under `prefix` (`s3://bucket/prefix`); [`Self::has`]
    /// and [`Self::put`] then name keys under it.
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.url = format!("s3://{}/{prefix}", self.name);
        self.prefix = format!("{prefix}/");
        self
    }

    /// The hub's settings that store annexes in this bucket, for [`crate::TestApp::spawn_with`].
    pub fn settings(&self) -> Vec<(&str, &str)> {
        vec![
            ("HUB_OBJECT_STORE_URL", self.url.as_str()),
            ("HUB_OBJECT_STORE_ENDPOINT", self.endpoint.as_str()),
            ("HUB_OBJECT_STORE_REGION", "us-east-1"),
            ("HUB_OBJECT_STORE_ACCESS_KEY_ID", "testing"),
            ("HUB_OBJECT_STORE_SECRET_ACCESS_KEY", "testing"),
        ]
    }

    /// Writes an object straight into the bucket (moto takes unsigned requests); returns the status.
    pub fn put(&self, key: &str, body: &[u8]) -> u16 {
        http(self.port, "PUT", &format!("/{}/{}{key}", self.name, self.prefix), body).expect("moto answers")
    }

    /// Whether the object `key` is in the bucket (under its prefix).
    pub fn has(&self, key: &str) -> bool {
        self.has_exactly(&format!("{}{key}", self.prefix))
    }

    /// Whether the object `key`, whatever the prefix, is in the bucket.
    pub fn has_exactly(&self, key: &str) -> bool {
        let status = http(self.port, "HEAD", &format!("/{}/{key}", self.name), b"").expect("moto answers");
        assert!(status == 200 || status == 404, "HEAD {key}: {status}");
        status == 200
    }
}
