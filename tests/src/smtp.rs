//! A real SMTP server for tests: Python's maintained `aiosmtpd`, writing every received message to a
//! maildir. It can be stopped and started again on the same port to simulate an outage.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::mail::{Mail, read_all, wait_for};

/// A running (or stopped) SMTP sink.
#[derive(Debug)]
pub struct SmtpSink {
    /// The port it listens on while running.
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl SmtpSink {
    /// Whether `aiosmtpd` is installed (`.ci/run` installs it). In CI it must be: its absence fails
    /// the test instead of skipping it.
    pub fn available() -> bool {
        let found = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(found || !crate::in_ci(), "CI must run the SMTP tests: pip install aiosmtpd");
        if !found {
            eprintln!("skipped: aiosmtpd is not installed (pip install aiosmtpd; .ci/run does)");
        }
        found
    }

    /// Starts a sink on a free port.
    pub fn start() -> Self {
        let mut sink = Self { port: free_port(), dir: tempfile::tempdir().expect("temp dir"), child: None };
        sink.resume();
        sink
    }

    /// The `HUB_SMTP_URL` that reaches it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn maildir(&self) -> PathBuf {
        self.dir.path().join("maildir")
    }

    /// Starts (again) on the same port and waits until it accepts connections.
    pub fn resume(&mut self) {
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(self.maildir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops it: connections are refused until [`SmtpSink::resume`].
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Mail> {
        let (new, cur) = (self.maildir().join("new"), self.maildir().join("cur"));
        read_all(&[new.as_path(), cur.as_path()])
    }

    /// Waits until `count` messages to `to` arrived.
    pub async fn wait_for(&self, to: &str, count: usize) -> Vec<Mail> {
        let (new, cur) = (self.maildir().join("new"), self.maildir().join("cur"));
        wait_for(&[new.as_path(), cur.as_path()], to, count, Duration::from_secs(30)).await
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}
