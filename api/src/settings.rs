//! Configuration: read once from the environment into [`Settings`], and passed down.
//!
//! A wrong value stops start-up with a message that names the variable. Secrets are kept in
//! [`Secret`], whose `Debug` prints nothing.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

/// A value that must never reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A configuration error, naming the variable.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    /// The environment variable.
    pub variable: &'static str,
    /// What is wrong with it.
    pub message: String,
}

fn config_error(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { variable, message: message.into() }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Settings {
    /// Memory in KiB (OWASP: 19456).
    pub memory_kib: u32,
    /// Iterations (OWASP: 2).
    pub iterations: u32,
}

/// Every setting of the hub.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL`: a `postgres://` URL or a SQLite file path.
    pub database_url: Secret,
    /// `HUB_DATA_DIR`: where the embedded default keeps its database, secret and mail.
    pub data_dir: PathBuf,
    /// `HUB_BIND`: the listening address.
    pub bind: SocketAddr,
    /// `HUB_PUBLIC_URL`: the base URL for links in emails.
    pub public_url: Url,
    /// `HUB_JWT_SECRET`: the HMAC key of access tokens.
    pub jwt_secret: Secret,
    /// `HUB_AUDIT_KEY`: the HMAC key of the audit chain, kept outside the database.
    pub audit_key: Secret,
    /// `HUB_SMTP_URL`: SMTP server; unset writes `.eml` files to `$HUB_DATA_DIR/mail`.
    pub smtp_url: Option<Secret>,
    /// `HUB_MAIL_FROM`: the sender of every email.
    pub mail_from: String,
    /// `HUB_DEMO_PASSWORD`: password of every demo account.
    pub demo_password: Option<Secret>,
    /// `HUB_ARGON2_MEMORY_KIB`, `HUB_ARGON2_ITERATIONS`.
    pub argon2: Argon2Settings,
    /// `HUB_LOG_FORMAT`: `pretty` (default) or `json`.
    pub log_format: LogFormat,
    /// `HUB_CORS_ORIGINS`: comma-separated allowed origins; CORS is off when unset.
    pub cors_origins: Vec<String>,
    /// `HUB_DB_POOL_SIZE`.
    pub pool_size: u32,
    /// `HUB_WORKERS`: HTTP worker threads.
    pub workers: usize,
    /// `HUB_BLOCKING_THREADS`: the most threads each worker runs database calls on at once.
    pub blocking_threads: usize,
    /// `HUB_LOGIN_FREE_FAILURES`: wrong passwords for one account from one client address before that
    /// address waits (30 s, doubling with each further failure, at most an hour).
    pub login_free_failures: u32,
    /// `HUB_LOGIN_ACCOUNT_FAILURES_PER_HOUR`: failed logins of one account, from every address, above
    /// which only addresses without a failure for it may still try (an owner is never locked out).
    pub login_account_failures_per_hour: u32,
    /// `HUB_LOGIN_PER_ADDRESS_PER_MINUTE`: login attempts from one client address, whatever the account.
    pub login_per_address_per_minute: u32,
    /// `HUB_MAIL_PER_RECIPIENT_PER_HOUR`: emails and accounts asked for one address (registration,
    /// password reset, verification, invitation).
    pub mail_per_recipient_per_hour: u32,
    /// `HUB_MAIL_PER_CLIENT_PER_HOUR`: the same requests from one client address.
    pub mail_per_client_per_hour: u32,
    /// `HUB_OUTBOX_POLL_MS`: how often the mail worker looks for due messages.
    pub outbox_poll: Duration,
    /// `HUB_OUTBOX_MAX_ATTEMPTS`: delivery attempts before a message is dead.
    pub outbox_max_attempts: i32,
    /// `HUB_BODY_LIMIT_BYTES`: the largest request body accepted (default 1 MiB).
    pub body_limit: usize,
    /// `HUB_DB_LOCK_TIMEOUT_MS`: how long a statement waits for a lock held elsewhere (SQLite: the
    /// file's write lock, by another process; PostgreSQL: a row or table lock) before the request
    /// answers 503.
    pub lock_timeout: Duration,
    /// `HUB_CACHE_TTL_MS`: how long a copy of a public catalogue page or of a session check may be
    /// served while this process has written nothing (default 1 s; 0 turns the copies off).
    pub cache_ttl: Duration,
}

impl Settings {
    /// Reads the settings from the process environment.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first variable with a wrong value.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first variable with a wrong value.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(lookup("HUB_DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        let database_url =
            lookup("DATABASE_URL").unwrap_or_else(|| data_dir.join("hub.db").to_string_lossy().into_owned());
        let postgres = persistence::Engine::of_url(&database_url) == persistence::Engine::Postgres;
        if !postgres && database_url.contains("://") && !database_url.starts_with("sqlite://") {
            return Err(config_error("DATABASE_URL", "must be a postgres:// URL or a SQLite file path"));
        }
        let bind: SocketAddr = parse_var(&lookup, "HUB_BIND", "127.0.0.1:8080")?;
        let public_url_raw = lookup("HUB_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        let public_url = Url::parse(&public_url_raw)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| config_error("HUB_PUBLIC_URL", "must be an absolute http(s) URL"))?;
        let embedded_dir = (!postgres).then_some(data_dir.as_path());
        let jwt_secret = key_setting(&lookup, "HUB_JWT_SECRET", embedded_dir, "jwt-secret", "the JWT secret")?;
        let audit_key = key_setting(&lookup, "HUB_AUDIT_KEY", embedded_dir, "audit-key", "the audit key")?;
        let smtp_url = match lookup("HUB_SMTP_URL") {
            Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => Some(Secret::new(url)),
            Some(_) => return Err(config_error("HUB_SMTP_URL", "must start with smtp:// or smtps://")),
            None => None,
        };
        let mail_from =
            lookup("HUB_MAIL_FROM").unwrap_or_else(|| "Innovation Hub <noreply@innovation-hub.localhost>".to_owned());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(config_error("HUB_MAIL_FROM", "must be a mailbox such as `Hub <hub@example.org>`"));
        }
        let demo_password = lookup("HUB_DEMO_PASSWORD").map(Secret::new);
        if let Some(password) = &demo_password {
            domain::Password::parse("HUB_DEMO_PASSWORD", password.expose())
                .map_err(|e| config_error("HUB_DEMO_PASSWORD", e.message))?;
        }
        let argon2 = Argon2Settings {
            memory_kib: parse_range(&lookup, "HUB_ARGON2_MEMORY_KIB", 19_456, 8..=4_194_304)?,
            iterations: parse_range(&lookup, "HUB_ARGON2_ITERATIONS", 2, 1..=64)?,
        };
        let log_format = match lookup("HUB_LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(config_error("HUB_LOG_FORMAT", "must be `pretty` or `json`")),
        };
        let cors_origins = lookup("HUB_CORS_ORIGINS")
            .map(|v| v.split(',').map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect::<Vec<_>>())
            .unwrap_or_default();
        for origin in &cors_origins {
            if Url::parse(origin).is_err() {
                return Err(config_error("HUB_CORS_ORIGINS", format!("`{origin}` is not an origin URL")));
            }
        }
        if lookup("HUB_LOGIN_PER_ACCOUNT_PER_MINUTE").is_some() {
            return Err(config_error(
                "HUB_LOGIN_PER_ACCOUNT_PER_MINUTE",
                "is gone: a stranger's failures no longer lock an account; \
                 see HUB_LOGIN_FREE_FAILURES and HUB_LOGIN_ACCOUNT_FAILURES_PER_HOUR",
            ));
        }
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Ok(Self {
            database_url: Secret::new(database_url),
            data_dir,
            bind,
            public_url,
            jwt_secret,
            audit_key,
            smtp_url,
            mail_from,
            demo_password,
            argon2,
            log_format,
            cors_origins,
            pool_size: parse_range(&lookup, "HUB_DB_POOL_SIZE", 10, 1..=500)?,
            workers: parse_range(&lookup, "HUB_WORKERS", cores as u32, 1..=256)? as usize,
            blocking_threads: parse_range(&lookup, "HUB_BLOCKING_THREADS", 8, 1..=512)? as usize,
            login_free_failures: parse_range(&lookup, "HUB_LOGIN_FREE_FAILURES", 5, 1..=10_000)?,
            login_account_failures_per_hour: parse_range(
                &lookup,
                "HUB_LOGIN_ACCOUNT_FAILURES_PER_HOUR",
                100,
                1..=1_000_000,
            )?,
            login_per_address_per_minute: parse_range(&lookup, "HUB_LOGIN_PER_ADDRESS_PER_MINUTE", 30, 1..=100_000)?,
            mail_per_recipient_per_hour: parse_range(&lookup, "HUB_MAIL_PER_RECIPIENT_PER_HOUR", 5, 1..=100_000)?,
            mail_per_client_per_hour: parse_range(&lookup, "HUB_MAIL_PER_CLIENT_PER_HOUR", 50, 1..=1_000_000)?,
            outbox_poll: Duration::from_millis(u64::from(parse_range(
                &lookup,
                "HUB_OUTBOX_POLL_MS",
                1000,
                10..=600_000,
            )?)),
            outbox_max_attempts: parse_range(&lookup, "HUB_OUTBOX_MAX_ATTEMPTS", 8, 1..=100)? as i32,
            body_limit: parse_range(&lookup, "HUB_BODY_LIMIT_BYTES", 1_048_576, 1024..=64 * 1_048_576)? as usize,
            cache_ttl: Duration::from_millis(u64::from(parse_range(&lookup, "HUB_CACHE_TTL_MS", 1000, 0..=60_000)?)),
            lock_timeout: Duration::from_millis(u64::from(parse_range(
                &lookup,
                "HUB_DB_LOCK_TIMEOUT_MS",
                persistence::DEFAULT_LOCK_TIMEOUT_MS as u32,
                0..=600_000,
            )?)),
        })
    }

    /// Whether the database is the embedded SQLite file.
    pub fn is_embedded(&self) -> bool {
        persistence::Engine::of_url(self.database_url.expose()) == persistence::Engine::Sqlite
    }

    /// Where delivered emails go when no SMTP server is configured.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}

fn parse_var<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: &str,
) -> Result<T, ConfigError> {
    let raw = lookup(variable).unwrap_or_else(|| default.to_owned());
    raw.parse().map_err(|_| config_error(variable, format!("`{raw}` is not valid")))
}

fn parse_range(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, ConfigError> {
    let value: u32 = parse_var(lookup, variable, &default.to_string())?;
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(config_error(variable, format!("must be between {} and {}", range.start(), range.end())))
    }
}

/// A key of at least 32 characters from `variable`; when unset, the embedded default keeps one in
/// `file` in its data folder (`embedded_dir`), and PostgreSQL (`None`: instances share the database,
/// so they must share the key) requires it.
fn key_setting(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    embedded_dir: Option<&Path>,
    file: &str,
    what: &str,
) -> Result<Secret, ConfigError> {
    match (lookup(variable), embedded_dir) {
        (Some(key), _) if key.len() >= 32 => Ok(Secret::new(key)),
        (Some(_), _) => Err(config_error(variable, "must be at least 32 characters")),
        (None, None) => Err(config_error(variable, "is required with PostgreSQL (at least 32 characters)")),
        (None, Some(dir)) => Ok(Secret::new(load_or_create_secret(&dir.join(file), what)?)),
    }
}

/// Reads one of the embedded default's secrets (`what`: the JWT secret, the audit key), creating it
/// (mode 0600, in a folder of mode 0700) on first start.
fn load_or_create_secret(path: &Path, what: &str) -> Result<String, ConfigError> {
    let fail =
        |e: std::io::Error| config_error("HUB_DATA_DIR", format!("cannot keep {what} in {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        crate::files::private_dir(dir).map_err(fail)?;
    }
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            // A secret kept by an earlier version may be readable by others.
            crate::files::private_file(path).map_err(fail)?;
            return Ok(existing);
        }
    }
    let secret = crate::auth::tokens::random_token();
    let mut options = crate::files::private_options();
    options.write(true).create(true).truncate(true);
    let mut file = options.open(path).map_err(fail)?;
    crate::files::private_file(path).map_err(fail)?;
    std::io::Write::write_all(&mut file, secret.as_bytes()).map_err(fail)?;
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn wrong_values_name_their_variable() {
        let dir = tempfile_dir();
        let data = dir.to_string_lossy().into_owned();
        let cases = [
            ("HUB_BIND", "nowhere"),
            ("HUB_PUBLIC_URL", "ftp://x"),
            ("HUB_JWT_SECRET", "short"),
            ("HUB_AUDIT_KEY", "short"),
            ("HUB_SMTP_URL", "http://mail"),
            ("HUB_LOG_FORMAT", "xml"),
            ("HUB_ARGON2_MEMORY_KIB", "lots"),
            ("HUB_DEMO_PASSWORD", "short"),
            ("DATABASE_URL", "mysql://db"),
            ("HUB_LOGIN_PER_ACCOUNT_PER_MINUTE", "5"),
            ("HUB_MAIL_PER_RECIPIENT_PER_HOUR", "0"),
        ];
        for (variable, value) in cases {
            let error = settings(&[("HUB_DATA_DIR", &data), (variable, value)]).err();
            assert_eq!(error.map(|e| e.variable), Some(variable), "{variable}={value}");
        }
        let defaults = settings(&[("HUB_DATA_DIR", &data)]).expect("defaults");
        let throttles = (
            defaults.login_free_failures,
            defaults.login_account_failures_per_hour,
            defaults.login_per_address_per_minute,
            defaults.mail_per_recipient_per_hour,
            defaults.mail_per_client_per_hour,
        );
        assert_eq!(throttles, (5, 100, 30, 5, 50), "the documented defaults");
        let error = settings(&[("DATABASE_URL", "postgres://localhost/hub")]).err();
        assert_eq!(error.map(|e| e.variable), Some("HUB_JWT_SECRET"));
        let jwt = "j".repeat(32);
        let error = settings(&[("DATABASE_URL", "postgres://localhost/hub"), ("HUB_JWT_SECRET", &jwt)]).err();
        assert_eq!(error.map(|e| e.variable), Some("HUB_AUDIT_KEY"), "required with PostgreSQL");
    }

    #[test]
    fn the_embedded_default_keeps_its_secret() {
        let dir = tempfile_dir();
        let data = dir.to_string_lossy().into_owned();
        let first = settings(&[("HUB_DATA_DIR", &data)]).map(|s| (s.jwt_secret, s.audit_key));
        let second = settings(&[("HUB_DATA_DIR", &data)]).map(|s| (s.jwt_secret, s.audit_key));
        assert!(first.is_ok());
        assert_eq!(first.ok(), second.ok());
        let keys = settings(&[("HUB_DATA_DIR", &data)]).map(|s| (s.jwt_secret, s.audit_key)).ok();
        assert!(keys.is_some_and(|(jwt, audit)| jwt != audit), "two keys, not one");
        #[cfg(unix)]
        for file in ["jwt-secret", "audit-key"] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(file)).map(|m| m.permissions().mode() & 0o777).ok();
            assert_eq!(mode, Some(0o600), "{file}");
        }
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hub-settings-{}", uuid::Uuid::now_v7()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    }
}
