//! The outbox worker: claims due messages, renders, delivers, and records the outcome.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use lettre::message::Mailbox;
use persistence::{OutboxMessage, Store};

use crate::mail::Transport;
use crate::mail::templates::Templates;

/// How long a claim lasts; longer than any delivery attempt (the SMTP timeout is 20 s).
const LEASE_SECONDS: i64 = 120;
const BATCH: i64 = 20;

/// Everything the worker needs.
#[derive(Debug, Clone)]
pub struct MailWorker {
    /// The store.
    pub store: Store,
    /// The channel.
    pub transport: Transport,
    /// The templates.
    pub templates: Arc<Templates>,
    /// The sender.
    pub from: Mailbox,
    /// How often to look for due messages.
    pub poll: Duration,
    /// Attempts before a message is dead.
    pub max_attempts: i32,
    /// The public base URL, for links in reminders.
    pub public_url: String,
}

impl MailWorker {
    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            // A batch runs in its own task: even a panic while delivering does not stop the worker
            // (the claimed messages are retried when their lease ends).
            match tokio::spawn(self.clone().deliver_owned()).await {
                Ok(Ok(count)) if count as i64 == BATCH => continue,
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::warn!(error = %error, "outbox: cannot claim messages"),
                Err(error) => tracing::error!(error = %error, "outbox: a delivery batch panicked"),
            }
            tokio::time::sleep(self.poll).await;
        }
    }

    async fn deliver_owned(self) -> anyhow::Result<usize> {
        // Reminders are written to the outbox like every other email, once each.
        let (store, base) = (self.store.clone(), self.public_url.clone());
        let reminded =
            tokio::task::spawn_blocking(move || store.reviews_remind_due(chrono::Duration::hours(48), &base)).await?;
        if let Err(error) = reminded {
            tracing::warn!(error = %error, "reviews: cannot write due-date reminders");
        }
        self.deliver_due().await
    }

    /// Delivers one batch of due messages; returns how many were claimed.
    ///
    /// # Errors
    /// When the store cannot be reached.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let store = self.store.clone();
        let claimed =
            tokio::task::spawn_blocking(move || store.outbox_claim(BATCH, chrono::Duration::seconds(LEASE_SECONDS)))
                .await??;
        let count = claimed.len();
        for message in claimed {
            self.deliver(message).await;
        }
        Ok(count)
    }

    async fn deliver(&self, message: OutboxMessage) {
        let outcome = match self.templates.render(&message.mail) {
            Ok(rendered) => {
                let created: SystemTime = message.created_at.into();
                self.transport.send(&self.from, &message.id, message.mail.to.as_str(), created, &rendered).await
            }
            Err(error) => Err(anyhow::anyhow!("template: {error}")),
        };
        let store = self.store.clone();
        let id = message.id.clone();
        let max_attempts = self.max_attempts;
        let recorded = match outcome {
            Ok(()) => {
                tracing::info!(message_id = %id, template = %message.mail.template, "outbox: delivered");
                tokio::task::spawn_blocking(move || store.outbox_mark_sent(&id).map(|()| None)).await
            }
            Err(error) => {
                let text = format!("{error:#}");
                tracing::warn!(message_id = %id, attempts = message.attempts, error = %text, "outbox: delivery failed");
                tokio::task::spawn_blocking(move || store.outbox_mark_failed(&id, &text, max_attempts).map(Some)).await
            }
        };
        match recorded {
            Ok(Ok(Some(persistence::OutboxStatus::Dead))) => {
                tracing::error!(message_id = %message.id, "outbox: giving up; the message is dead");
            }
            Ok(Ok(_)) => {}
            // The lease expires and the message is delivered again, with the same Message-ID.
            Ok(Err(error)) => tracing::warn!(message_id = %message.id, error = %error, "outbox: cannot record outcome"),
            Err(error) => tracing::warn!(message_id = %message.id, error = %error, "outbox: cannot record outcome"),
        }
    }
}
