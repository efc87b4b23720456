//! The embedded database shared with another SQLite client while the hub serves.

use std::process::Command;

use super::{authorized, demo, http};

/// SQLite's shell, or `None` with a notice outside CI when this machine has none (`.ci/run` installs it).
fn sqlite3_shell() -> Option<&'static str> {
    if Command::new("sqlite3").arg("-version").output().is_ok_and(|o| o.status.success()) {
        return Some("sqlite3");
    }
    assert!(std::env::var_os("CI").is_none(), "CI needs the sqlite3 shell (.ci/run installs it)");
    eprintln!("skipped: no sqlite3 shell on this machine (apt install sqlite3)");
    None
}

/// Another SQLite client opens and closes the embedded database while the hub serves (an operator's
/// `sqlite3 hub.db`, a backup tool, a second hub process); the hub's later writes must survive. Before the
/// fix, the hub's start-up reopened and closed the database file while its first connection was open:
/// closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's shared lock
/// included. The other client, closing last as far as the locks said, checkpointed and deleted the
/// write-ahead log under the hub, whose next writes went to the deleted file and were lost at the next
/// start ("database disk image is malformed" in `bench/run`).
#[test]
fn a_write_after_another_client_closed_the_database_survives_a_restart() {
    let data = tempfile::tempdir().expect("temp dir");
    // The hazard was at a start on an existing database, as every start but the first.
    let (mut first, _, _) = demo(data.path());
    first.kill().expect("stop");
    first.wait().expect("reap");
    let (mut child, addr, _) = demo(data.path());
    let token = |addr: &str| {
        let (status, body) = http(
            addr,
            "POST",
            "/api/v1/auth/login",
            r#"{"email":"proposer@aurora-labs.example","password":"demo password 2026"}"#,
        );
        assert_eq!(status, 200, "{body}");
        let start = body.find("\"access_token\":\"").expect("a token") + 16;
        body[start..].split('"').next().expect("token end").to_owned()
    };
    let bearer = token(&addr);
    // Another client: SQLite's own shell, as an operator runs it (an older SQLite than the hub's bundled one,
    // which closes the write-ahead log when it believes it is the last one out).
    let Some(shell) = sqlite3_shell() else { return };
    let read = Command::new(shell)
        .arg(data.path().join("hub.db"))
        .arg("SELECT COUNT(*) FROM users")
        .output()
        .expect("sqlite3 runs");
    assert!(read.status.success(), "sqlite3: {}", String::from_utf8_lossy(&read.stderr));
    let (status, body) = authorized(
        &addr,
        "POST",
        "/api/v1/me/tokens",
        &bearer,
        r#"{"name":"Scritto dopo la chiusura","scopes":["proposals:read"]}"#,
    );
    assert_eq!(status, 201, "{body}");
    child.kill().expect("stop");
    child.wait().expect("reap");
    let (mut child, addr, _) = demo(data.path());
    let (status, body) = authorized(&addr, "GET", "/api/v1/me/tokens", &token(&addr), "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"name\":\"Scritto dopo la chiusura\""), "the acknowledged write is kept: {body}");
    child.kill().expect("stop");
    child.wait().expect("reap");
}
