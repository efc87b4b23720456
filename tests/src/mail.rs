//! Reading delivered emails: `.eml` files and maildir messages.

use std::path::Path;
use std::time::{Duration, Instant};

use base64::Engine as _;

/// A delivered email.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The `To` header.
    pub to: String,
    /// The decoded subject.
    pub subject: String,
    /// The `Message-ID` header.
    pub message_id: String,
    /// The `MIME-Version` header.
    pub mime_version: String,
    /// The message's `Content-Type` header.
    pub content_type: String,
    /// The plain-text body (the text/plain part of a multipart message).
    pub body: String,
    /// The text/html part, if any.
    pub html: Option<String>,
    /// The content types of the parts of a multipart message, in order.
    pub parts: Vec<String>,
}

/// One MIME entity: its unfolded headers and its decoded body.
struct Entity {
    head: String,
    body: String,
}

impl Entity {
    fn parse(raw: &str) -> Self {
        let (head, body) = raw.split_once("\n\n").unwrap_or((raw, ""));
        let head = head.replace("\n ", " ").replace("\n\t", " ");
        let mut entity = Self { head, body: String::new() };
        entity.body = match entity.header("Content-Transfer-Encoding").to_ascii_lowercase().as_str() {
            "quoted-printable" => {
                quoted_printable::decode(body.replace('\n', "\r\n"), quoted_printable::ParseMode::Robust)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .unwrap_or_else(|| body.to_owned())
                    .replace("\r\n", "\n")
            }
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_else(|| body.to_owned())
                .replace("\r\n", "\n"),
            _ => body.to_owned(),
        };
        entity
    }

    fn header(&self, name: &str) -> String {
        self.head
            .lines()
            .find_map(|l| {
                l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_default()
    }

    /// The media type, lower case, without parameters.
    fn media_type(&self) -> String {
        let value = self.header("Content-Type");
        value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
    }

    /// The parts of a multipart entity.
    fn parts(&self) -> Vec<Entity> {
        let value = self.header("Content-Type");
        let Some(boundary) = value.split(';').find_map(|p| p.trim().strip_prefix("boundary=")) else {
            return Vec::new();
        };
        let delimiter = format!("--{}", boundary.trim_matches('"'));
        self.body
            .split(delimiter.as_str())
            .skip(1)
            .take_while(|part| !part.starts_with("--"))
            .map(|part| Entity::parse(part.trim_start_matches('\n')))
            .collect()
    }
}

impl Mail {
    /// Parses an RFC 5322 message: a plain-text body, or a multipart one with text and HTML parts.
    pub fn parse(raw: &str) -> Self {
        let raw = raw.replace("\r\n", "\n");
        let message = Entity::parse(&raw);
        let parts = message.parts();
        let part = |media: &str| parts.iter().find(|p| p.media_type() == media).map(|p| p.body.clone());
        let (body, html) = if message.media_type().starts_with("multipart/") {
            (part("text/plain").unwrap_or_default(), part("text/html"))
        } else {
            (message.body.clone(), None)
        };
        Self {
            to: message.header("To"),
            subject: decode_words(&message.header("Subject")),
            message_id: message.header("Message-ID"),
            mime_version: message.header("MIME-Version"),
            content_type: message.header("Content-Type"),
            body,
            html,
            parts: parts.iter().map(|p| p.header("Content-Type")).collect(),
        }
    }

    /// The single-use token the email carries (from the API instructions in its body).
    pub fn token(&self) -> String {
        let start = self.body.find("token\": \"").map(|i| i + 9).expect("a token in the mail");
        let rest = &self.body[start..];
        rest[..rest.find('"').expect("closing quote")].to_owned()
    }
}

/// Decodes RFC 2047 `=?utf-8?b?…?=` words.
fn decode_words(value: &str) -> String {
    value
        .split(' ')
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
                base64::engine::general_purpose::STANDARD
                    .decode(&word[10..word.len() - 2])
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .unwrap_or_else(|| word.to_owned())
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every message file in `dirs` (non-recursive), parsed.
pub fn read_all(dirs: &[&Path]) -> Vec<Mail> {
    dirs.iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|entries| entries.flatten())
        .filter(|e| e.path().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|raw| Mail::parse(&raw))
        .collect()
}

/// Waits up to `timeout` until `count` messages to `to` are in `dirs`; returns them all.
pub async fn wait_for(dirs: &[&Path], to: &str, count: usize, timeout: Duration) -> Vec<Mail> {
    let started = Instant::now();
    loop {
        let found: Vec<Mail> = read_all(dirs).into_iter().filter(|m| m.to.contains(to)).collect();
        if found.len() >= count || started.elapsed() > timeout {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl crate::TestApp {
    /// Waits for the `.eml` file of the one email to `to` and returns it.
    pub async fn mail_to(&self, to: &str) -> Mail {
        let dir = self.mail_dir();
        let mut found = wait_for(&[dir.as_path()], to, 1, Duration::from_secs(15)).await;
        assert_eq!(found.len(), 1, "exactly one email to {to}");
        found.remove(0)
    }

    /// Waits for `count` `.eml` files to `to`.
    pub async fn mails_to(&self, to: &str, count: usize) -> Vec<Mail> {
        let dir = self.mail_dir();
        wait_for(&[dir.as_path()], to, count, Duration::from_secs(15)).await
    }
}
