//! Configuration: read once from the environment into [`Settings`], and passed down.
//!
//! A wrong value stops start-up with a message that names the variable. Secrets are kept in
//! [`Secret`], whose `Debug` prints nothing.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

mod hooks;
mod objects;
mod vars;

pub use hooks::WebhookSettings;
pub use objects::{AnnexSettings, ObjectStoreSettings, S3Settings};

use vars::{key_setting, parse_range, parse_var};

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
    /// `HUB_API_REQUESTS_PER_MINUTE`: requests to the API from one client address in a minute (all at
    /// once if need be); beyond, 429.
    pub api_requests_per_minute: u32,
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
    /// Where annexes are stored, and their sweep.
    pub annexes: AnnexSettings,
    /// The webhooks' delivery.
    pub webhooks: WebhookSettings,
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
        let annexes = objects::read(&lookup, &data_dir)?;
        let webhooks = hooks::read(&lookup)?;
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Ok(Self {
            database_url: Secret::new(database_url),
            annexes,
            webhooks,
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
            api_requests_per_minute: parse_range(&lookup, "HUB_API_REQUESTS_PER_MINUTE", 1200, 1..=10_000_000)?,
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

#[cfg(test)]
mod tests;
