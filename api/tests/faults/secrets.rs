//! No secret in any log line: the hub logs at `debug` through a whole account flow, and its output is
//! searched for every secret the flow used.

use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Client, Hub, HubConfig, free_port, text};

fn random(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::now_v7().simple())
}

/// Decodes a quoted-printable body (soft line breaks and `=XX`).
fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The single-use tokens of every email delivered to `dir` so far.
fn mailed_tokens(dir: &Path) -> Vec<String> {
    let mut tokens = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(".eml") {
            continue;
        }
        let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let body = quoted_printable(&raw);
        if let Some(start) = body.find("\"token\": \"").map(|i| i + 10)
            && let Some(end) = body[start..].find('"')
        {
            tokens.push(body[start..start + end].to_owned());
        }
    }
    tokens
}

/// Waits for the email carrying a token not in `known`.
async fn next_token(dir: &Path, known: &[String]) -> String {
    let started = Instant::now();
    loop {
        if let Some(token) = mailed_tokens(dir).into_iter().find(|t| !known.contains(t)) {
            return token;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "an email with a new token in {}", dir.display());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn expect(client: &Client, method: Method, path: &str, token: Option<&str>, body: Value, status: u16) -> Value {
    let bytes = (!body.is_null()).then(|| body.to_string().into_bytes());
    let reply = client.send(method.clone(), path, token, &[], bytes).await.expect("the hub answers");
    assert_eq!(reply.status, status, "{method} {path}: {}", reply.text);
    reply.body
}

/// The secrets a token response carries: both tokens, and the access token's signature alone.
fn token_secrets(tokens: &Value) -> Vec<String> {
    let access = text(tokens, "access_token");
    let signature = access.rsplit('.').next().unwrap_or_default().to_owned();
    vec![access, signature, text(tokens, "refresh_token")]
}

/// Runs the account flow against a hub logging at `level` (`HUB_LOG`) in `format`
/// (`HUB_LOG_FORMAT`); returns the log and the secrets used.
pub async fn account_flow(data: &Path, level: &str, format: &str) -> (String, Vec<(&'static str, String)>) {
    let jwt_secret = random("jwt-secret-of-the-log-test");
    let audit_key = random("audit-key-of-the-log-test");
    let config = HubConfig::new(
        data,
        &[
            ("HUB_LOG", level),
            ("HUB_LOG_FORMAT", format),
            ("HUB_JWT_SECRET", &jwt_secret),
            ("HUB_AUDIT_KEY", &audit_key),
        ],
    );
    let mut hub = Hub::start(&config, "serve").await;
    let c = Client::new(&config.base(), Duration::from_secs(30));
    let mail = data.join("mail");
    let email = "anna.secrets@aurora.example";
    let (first, second, wrong) = (random("First-password"), random("Second-password"), random("Wrong-password"));
    let mut secrets: Vec<(&'static str, String)> = vec![
        ("HUB_JWT_SECRET", jwt_secret.clone()),
        ("HUB_AUDIT_KEY", audit_key.clone()),
        ("password", first.clone()),
        ("new password", second.clone()),
        ("wrong password", wrong.clone()),
    ];
    let api = "/api/v1";

    let register = json!({
        "email": email, "password": first, "display_name": "Anna Segreti",
        "organization": {"name": "Aurora Labs S.r.l.", "kind": "startup", "tax_code": "04817250931"}
    });
    expect(&c, Method::POST, &format!("{api}/auth/register"), None, register, 202).await;
    let verification = next_token(&mail, &[]).await;
    secrets.push(("verification token", verification.clone()));
    expect(&c, Method::POST, &format!("{api}/auth/verify-email"), None, json!({"token": verification}), 204).await;
    expect(&c, Method::POST, &format!("{api}/auth/verify-email"), None, json!({"token": verification}), 422).await;

    let login = |password: &str| json!({"email": email, "password": password});
    expect(&c, Method::POST, &format!("{api}/auth/login"), None, login(&wrong), 401).await;
    let session = expect(&c, Method::POST, &format!("{api}/auth/login"), None, login(&first), 200).await;
    secrets.extend(token_secrets(&session).into_iter().map(|s| ("login token", s)));
    let access = text(&session, "access_token");
    expect(&c, Method::GET, &format!("{api}/me"), Some(&access), Value::Null, 200).await;
    let refresh = json!({"refresh_token": text(&session, "refresh_token")});
    let refreshed = expect(&c, Method::POST, &format!("{api}/auth/refresh"), None, refresh.clone(), 200).await;
    secrets.extend(token_secrets(&refreshed).into_iter().map(|s| ("refreshed token", s)));
    // A spent refresh token presented again: the error path, and the whole session revoked.
    expect(&c, Method::POST, &format!("{api}/auth/refresh"), None, refresh, 401).await;
    let session = expect(&c, Method::POST, &format!("{api}/auth/login"), None, login(&first), 200).await;
    secrets.extend(token_secrets(&session).into_iter().map(|s| ("second login token", s)));
    let access = text(&session, "access_token");

    let created = json!({"name": "scoring script", "scopes": ["proposals:read"]});
    let pat = expect(&c, Method::POST, &format!("{api}/me/tokens"), Some(&access), created, 201).await;
    let pat = text(&pat, "secret");
    assert!(pat.starts_with("hubpat_"), "a personal access token: {pat}");
    secrets.push(("personal access token", pat.clone()));
    expect(&c, Method::GET, &format!("{api}/me"), Some(&pat), Value::Null, 200).await;
    expect(&c, Method::GET, &format!("{api}/proposals"), Some(&pat), Value::Null, 200).await;
    let forged = random("hubpat_forged");
    secrets.push(("unknown personal access token", forged.clone()));
    expect(&c, Method::GET, &format!("{api}/me"), Some(&forged), Value::Null, 401).await;
    let tampered = format!("{}x", access.trim_end_matches(|ch: char| ch != '.'));
    expect(&c, Method::GET, &format!("{api}/me"), Some(&tampered), Value::Null, 401).await;

    expect(&c, Method::POST, &format!("{api}/auth/password-reset"), None, json!({"email": email}), 202).await;
    let reset = next_token(&mail, std::slice::from_ref(&verification)).await;
    secrets.push(("reset token", reset.clone()));
    let confirm = json!({"token": reset, "new_password": second});
    expect(&c, Method::POST, &format!("{api}/auth/password-reset/confirm"), None, confirm.clone(), 204).await;
    let reused = expect(&c, Method::POST, &format!("{api}/auth/password-reset/confirm"), None, confirm, 422).await;
    assert!(reused["code"].is_string(), "{reused}");
    expect(&c, Method::POST, &format!("{api}/auth/login"), None, login(&first), 401).await;
    let session = expect(&c, Method::POST, &format!("{api}/auth/login"), None, login(&second), 200).await;
    secrets.extend(token_secrets(&session).into_iter().map(|s| ("token after the reset", s)));
    let access = text(&session, "access_token");
    let logout = json!({"refresh_token": text(&session, "refresh_token")});
    expect(&c, Method::POST, &format!("{api}/auth/logout"), Some(&access), logout.clone(), 204).await;
    expect(&c, Method::POST, &format!("{api}/auth/refresh"), None, logout, 401).await;
    expect(&c, Method::GET, &format!("{api}/me"), Some(&access), Value::Null, 401).await;
    hub.kill();
    (config.log_text(), secrets)
}

/// A hub that cannot reach its database or its mail server, both URLs with passwords: whatever it
/// says about them must not include the passwords.
pub async fn unreachable_services(data: &Path) -> (String, Vec<(&'static str, String)>) {
    let (db_password, smtp_password) = (random("DbPassword"), random("SmtpPassword"));
    let jwt = random("jwt-secret-of-the-unreachable-test");
    let audit_key = random("audit-key-of-the-unreachable-test");
    let database_url = format!("postgres://hub:{db_password}@127.0.0.1:{}/hub", free_port());
    let smtp_url = format!("smtp://mailer:{smtp_password}@127.0.0.1:{}", free_port());
    let config = HubConfig::new(
        data,
        &[
            ("HUB_LOG", "debug"),
            ("HUB_JWT_SECRET", &jwt),
            ("HUB_AUDIT_KEY", &audit_key),
            ("HUB_SMTP_URL", &smtp_url),
            ("HUB_OUTBOX_POLL_MS", "50"),
        ],
    );
    let migrate = config.command(&["migrate"]).env("DATABASE_URL", &database_url).output().expect("hub migrate");
    assert!(!migrate.status.success(), "no database there");
    let mut log = format!("{}{}", String::from_utf8_lossy(&migrate.stdout), String::from_utf8_lossy(&migrate.stderr));
    assert!(
        log.contains("DATABASE_URL") && log.contains("Connection refused"),
        "the failure names the variable and the server's reason: {log}"
    );
    // On SQLite, with an SMTP server that is not there: a registration's email fails to be delivered.
    let mut hub = Hub::start(&config, "serve").await;
    let c = Client::new(&config.base(), Duration::from_secs(30));
    let register = json!({
        "email": "smtp.secrets@aurora.example", "password": random("Password"), "display_name": "Anna Segreti",
        "organization": {"name": "Aurora Labs S.r.l.", "kind": "startup", "tax_code": "04817250931"}
    });
    expect(&c, Method::POST, "/api/v1/auth/register", None, register, 202).await;
    let started = Instant::now();
    while !config.log_text().contains("delivery failed") {
        assert!(started.elapsed() < Duration::from_secs(20), "a failed delivery is logged:\n{}", config.log_text());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    hub.kill();
    log.push_str(&config.log_text());
    (
        log,
        vec![
            ("database password", db_password),
            ("SMTP password", smtp_password),
            ("HUB_JWT_SECRET", jwt),
            ("HUB_AUDIT_KEY", audit_key),
        ],
    )
}
