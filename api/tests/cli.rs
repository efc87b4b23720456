//! The `hub` binary as an operator runs it.

#![expect(clippy::expect_used, reason = "a test: a failed expectation is a failed test")]
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HUB: &str = env!("CARGO_BIN_EXE_hub");

fn hub(data: &std::path::Path) -> Command {
    let mut command = Command::new(HUB);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HUB_DATA_DIR", data)
        .env("HUB_BIND", "127.0.0.1:0")
        .env("HUB_ARGON2_MEMORY_KIB", "64")
        .env("HUB_ARGON2_ITERATIONS", "1")
        .env("HUB_LOG", "warn");
    command
}

/// A minimal HTTP/1.1 exchange, so that this test needs no client library.
fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    exchange(addr, method, path, "", body)
}

/// [`http`] with a bearer token.
fn authorized(addr: &str, method: &str, path: &str, token: &str, body: &str) -> (u16, String) {
    exchange(addr, method, path, &format!("Authorization: Bearer {token}\r\n"), body)
}

fn exchange(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// Starts `hub demo` and reads its banner until the accounts are listed; returns the address.
fn demo(data: &std::path::Path) -> (Child, String, Vec<String>) {
    demo_with(data, &[])
}

/// [`demo`] with `extra` variables in its environment.
fn demo_with(data: &std::path::Path, extra: &[(&str, &str)]) -> (Child, String, Vec<String>) {
    let mut child = hub(data)
        .envs(extra.iter().copied())
        .arg("demo")
        .env("HUB_DEMO_PASSWORD", "demo password 2026")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hub demo starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let started = Instant::now();
    let mut banner = Vec::new();
    let mut addr = None;
    while let Some(Ok(line)) = lines.next() {
        assert!(started.elapsed() < Duration::from_secs(60), "demo banner in time");
        if let Some(rest) = line.strip_prefix("Innovation Hub demo is running on ") {
            addr = rest.split(' ').next().map(str::to_owned);
        }
        let done = line.starts_with("Or with the API:");
        banner.push(line);
        if done {
            break;
        }
    }
    // Keep reading: a closed pipe would fail the hub's next print.
    std::thread::spawn(move || lines.for_each(drop));
    (child, addr.expect("the banner names the address"), banner)
}

#[test]
fn demo_prints_the_docs_and_accounts_and_serves_them_idempotently() {
    let data = tempfile::tempdir().expect("temp dir");
    for run in 0..2 {
        let (mut child, addr, banner) = demo(data.path());
        let text = banner.join("\n");
        assert!(text.contains("/docs/"), "docs URL in:\n{text}");
        assert!(text.contains("  Web:        http://") && text.contains("/login"), "the web address first:\n{text}");
        assert!(text.contains("password for all: demo password 2026"), "{text}");
        for email in [
            "admin@hub.example",
            "manager@hub.example",
            "riesami@hub.example",
            "catalogue@hub.example",
            "proposer@aurora-labs.example",
            "referente@mitd.example",
        ] {
            assert!(text.contains(email), "{email} listed (run {run}):\n{text}");
        }
        let accounts = banner.iter().filter(|l| l.trim_start().contains("@") && l.starts_with("  ")).count();
        assert_eq!(
            accounts, 14,
            "one admin, two managers, editor, three evaluators, two proposers, four officers, one pending founder:\n{text}"
        );
        assert!(text.contains("Comune di Castel Rupe (awaiting verification)"), "{text}");
        let (status, body) = http(
            &addr,
            "POST",
            "/api/v1/auth/login",
            r#"{"email":"admin@hub.example","password":"demo password 2026"}"#,
        );
        assert_eq!(status, 200, "demo admin logs in (run {run}): {body}");
        let (status, _) = http(&addr, "GET", "/docs/", "");
        assert_eq!(status, 200);
        // The seeded funnel: the open call, two open challenges and a closed one are public (the draft is not),
        // and loading twice adds nothing.
        let (status, body) = http(&addr, "GET", "/api/v1/challenges?limit=100", "");
        assert_eq!(status, 200, "{body}");
        let slugs = body.matches("\"slug\":").count();
        assert_eq!(slugs, 4, "public challenges (run {run}): {body}");
        assert!(body.contains("\"slug\":\"open-call\"") && !body.contains("dati-aperti-mobilita-urbana"), "{body}");
        // The seeded catalogue: published and deprecated services are public, drafts and retired ones not.
        let (status, body) = http(&addr, "GET", "/api/v1/catalogue/services?limit=100", "");
        assert_eq!(status, 200, "{body}");
        let mut slugs: Vec<&str> = body.split("\"slug\":\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        slugs.sort_unstable();
        assert_eq!(
            slugs,
            ["backup-immutabile", "backup-immutabile-v2", "cruscotto-open-data-lavoro", "soc-sanita-regionale"],
            "public services (run {run}): {body}"
        );
        let (status, body) = http(&addr, "GET", "/api/v1/catalogue/services/backup-immutabile", "");
        assert_eq!(status, 200, "{body}");
        assert!(
            body.contains("\"state\":\"deprecated\"") && body.contains("\"slug\":\"backup-immutabile-v2\""),
            "{body}"
        );
        let (status, body) = http(&addr, "GET", "/api/v1/catalogue/services/soc-sanita-regionale/publiccode.yml", "");
        assert_eq!(status, 200, "{body}");
        assert!(body.starts_with("publiccodeYmlVersion: '0.7'"), "{body}");
        let (status, _) = http(&addr, "GET", "/api/v1/catalogue/services/conservazione-documentale-legacy", "");
        assert_eq!(status, 404, "retired services are not public");
        child.kill().expect("stop");
        child.wait().expect("reap");
    }
    assert!(data.path().join("hub.db").exists(), "the embedded default is a SQLite file in HUB_DATA_DIR");
}

/// The binary gives freed memory back to the system at once (a burst of uploads peaked 20–40 MiB higher while
/// mimalloc kept it for its default second: issue 20, P12), unless its operator chose a delay; `/metrics` shows
/// the delay mimalloc holds. The operator's value read back also shows the option's number is the delay's.
#[test]
fn the_hub_gives_freed_memory_back_at_once_unless_its_operator_chose_a_delay() {
    for (setting, expected) in [(None, 0), (Some("250"), 250)] {
        let data = tempfile::tempdir().expect("temp dir");
        let extra: Vec<(&str, &str)> = setting.map(|v| ("MIMALLOC_PURGE_DELAY", v)).into_iter().collect();
        let (mut child, addr, _) = demo_with(data.path(), &extra);
        let (status, body) = http(&addr, "GET", "/metrics", "");
        assert_eq!(status, 200, "{body}");
        let delay = body
            .lines()
            .find_map(|line| line.strip_prefix("hub_allocator_purge_delay_milliseconds "))
            .and_then(|value| value.trim().parse::<i64>().ok());
        assert_eq!(delay, Some(expected), "MIMALLOC_PURGE_DELAY {setting:?}:\n{body}");
        child.kill().expect("stop");
        child.wait().expect("reap");
    }
}

#[test]
fn openapi_prints_the_checked_in_document() {
    let output = Command::new(HUB).arg("openapi").output().expect("hub openapi");
    assert!(output.status.success());
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).expect("openapi.yaml");
    assert_eq!(String::from_utf8_lossy(&output.stdout), checked_in);
}

#[test]
fn admin_create_user_reads_the_password_from_stdin() {
    let data = tempfile::tempdir().expect("temp dir");
    let create = |email: &str, role: &str, password: &str| {
        let mut child = hub(data.path())
            .args(["admin", "create-user", "--email", email, "--role", role])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("write");
        let output = child.wait_with_output().expect("wait");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, out, err) = create("ops@hub.example", "admin", "a long operator passphrase");
    assert!(ok, "{out}{err}");
    assert!(out.contains("created user ops@hub.example"), "{out}");
    let (ok, _, err) = create("ops@hub.example", "admin", "a long operator passphrase");
    assert!(!ok && err.contains("already exists"), "{err}");
    let (ok, _, err) = create("x@hub.example", "emperor", "a long operator passphrase");
    assert!(!ok && err.contains("--role"), "{err}");
    let (ok, _, err) = create("y@hub.example", "admin", "short");
    assert!(!ok && err.contains("password"), "{err}");
}

#[test]
fn a_wrong_setting_stops_start_up_naming_the_variable() {
    let data = tempfile::tempdir().expect("temp dir");
    let settings =
        [("HUB_BIND", "nowhere"), ("HUB_JWT_SECRET", "short"), ("HUB_AUDIT_KEY", "short"), ("HUB_LOG_FORMAT", "xml")];
    for (variable, value) in settings {
        let output = hub(data.path()).arg("migrate").env(variable, value).output().expect("run");
        assert!(!output.status.success(), "{variable}={value} must stop start-up");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(variable), "{variable} named in: {err}");
        let secret = matches!(variable, "HUB_JWT_SECRET" | "HUB_AUDIT_KEY");
        assert!(!secret || !err.contains(value), "secrets are never printed: {err}");
    }
    let postgres = |extra: &[(&str, &str)]| {
        let mut command = hub(data.path());
        command.arg("migrate").env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none");
        for (k, v) in extra {
            command.env(k, v);
        }
        command.output().expect("run")
    };
    let key = "x".repeat(40);
    let output = postgres(&[("HUB_JWT_SECRET", &key)]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("HUB_AUDIT_KEY") && err.contains("required with PostgreSQL"), "{err}");
    let output = postgres(&[("HUB_JWT_SECRET", &key), ("HUB_AUDIT_KEY", &key)]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("DATABASE_URL"));
}

#[test]
fn audit_verify_names_what_it_found() {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, RunQueryDsl};
    let data = tempfile::tempdir().expect("temp dir");
    let create_user = |email: &str, key: Option<&str>| {
        let mut command = hub(data.path());
        if let Some(key) = key {
            command.env("HUB_AUDIT_KEY", key);
        }
        let mut child = command
            .args(["admin", "create-user", "--email", email, "--role", "admin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child.stdin.take().expect("stdin").write_all(b"a long operator passphrase\n").expect("write");
        let output = child.wait_with_output().expect("wait");
        (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    for email in ["ops@hub.example", "eva@hub.example", "max@hub.example"] {
        assert!(create_user(email, None).0);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key_file = std::fs::metadata(data.path().join("audit-key")).expect("the generated audit key");
        assert_eq!(key_file.permissions().mode() & 0o777, 0o600);
    }
    let verify = |key: Option<&str>| {
        let mut command = hub(data.path());
        if let Some(key) = key {
            command.env("HUB_AUDIT_KEY", key);
        }
        let output = command.args(["audit", "verify"]).output().expect("hub audit verify");
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let (code, out) = verify(None);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("audit log intact: 3 entries verified; head: entry 3, MAC "), "{out}");

    // Another key: named as such, and the hub refuses to write with it.
    let other = "another key, not the one this chain was written with";
    let (code, out) = verify(Some(other));
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("NOT VERIFIED: wrong key"), "{out}");
    let (created, err) = create_user("eve@hub.example", Some(other));
    assert!(!created && err.contains("HUB_AUDIT_KEY"), "{err}");

    // An intruder with access to the file: the triggers refuse; dropped, the last entry is removed,
    // then the second one edited.
    let file = data.path().join("hub.db");
    assert!(file.exists(), "the embedded database is {}", file.display());
    let mut conn = diesel::SqliteConnection::establish(&file.to_string_lossy()).expect("open");
    let tamper = "UPDATE audit_log SET details = '{\"roles\":\"proposer\"}' WHERE seq = 2";
    let refused = diesel::sql_query(tamper).execute(&mut conn).expect_err("append-only");
    assert!(refused.to_string().contains("append-only"), "{refused}");
    conn.batch_execute("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").expect("drop");
    assert_eq!(diesel::sql_query("DELETE FROM audit_log WHERE seq = 3").execute(&mut conn).expect("cut"), 1);
    let (code, out) = verify(None);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("BROKEN at entry 3: the chain ends before the recorded head at entry 3 (truncated)"), "{out}");
    assert_eq!(diesel::sql_query(tamper).execute(&mut conn).expect("tamper"), 1);
    let (code, out) = verify(None);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("BROKEN at entry 2: its MAC does not match its content"), "{out}");
}

#[path = "cli/sqlite_beside.rs"]
mod sqlite_beside;
