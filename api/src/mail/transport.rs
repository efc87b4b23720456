//! Where emails go: an SMTP server (STARTTLS or TLS through rustls), or `.eml` files in a folder.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use lettre::message::{Mailbox, Message, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::mail::templates::Rendered;
use crate::settings::Settings;

/// A delivery channel.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A folder of `.eml` files named by message id (the embedded default).
    Files(PathBuf),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("Transport::Smtp"),
            Self::Files(dir) => write!(f, "Transport::Files({})", dir.display()),
        }
    }
}

impl Transport {
    /// The transport the settings select.
    ///
    /// # Errors
    /// When `HUB_SMTP_URL` cannot be used or the mail folder cannot be created.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        match &settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("HUB_SMTP_URL: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(Self::Smtp(transport))
            }
            None => {
                let dir = settings.mail_dir();
                crate::files::private_dir(&dir).map_err(|e| {
                    anyhow::anyhow!("HUB_DATA_DIR: cannot create {} or make it private (0700): {e}", dir.display())
                })?;
                Ok(Self::Files(dir))
            }
        }
    }

    /// Delivers one message: MIME 1.0, a multipart/alternative of the plain text and its HTML. The
    /// same outbox row always yields the same Message-ID and Date, so a delivery repeated after a
    /// crash is recognisably the same email.
    ///
    /// # Errors
    /// The transport's error, to be retried.
    pub async fn send(
        &self,
        from: &Mailbox,
        message_id: &str,
        to: &str,
        created_at: SystemTime,
        rendered: &Rendered,
    ) -> anyhow::Result<()> {
        let to: Mailbox = to.parse()?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(rendered.subject.clone())
            .message_id(Some(format!("<{message_id}@{}>", from.email.domain())))
            .date(created_at)
            .multipart(MultiPart::alternative_plain_html(rendered.body.clone(), rendered.html.clone()))?;
        match self {
            Self::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Self::Files(dir) => {
                let path = dir.join(format!("{message_id}.eml"));
                let temp = dir.join(format!(".{message_id}.eml.tmp"));
                let bytes = message.formatted();
                // Readable by the owner only: it carries live tokens.
                let mut file = tokio::fs::OpenOptions::from(crate::files::private_options())
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&temp)
                    .await?;
                tokio::io::AsyncWriteExt::write_all(&mut file, &bytes).await?;
                tokio::io::AsyncWriteExt::flush(&mut file).await?;
                drop(file);
                crate::files::private_file(&temp)?;
                tokio::fs::rename(&temp, &path).await?;
            }
        }
        Ok(())
    }
}
