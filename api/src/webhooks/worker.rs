//! The webhook worker: claims due deliveries with a lease, posts them concurrently, and records the batch's
//! outcomes in one transaction (retries scheduled, endpoints that keep failing disabled and their owners
//! emailed). A worker that dies leaves its leases to expire: the deliveries go out again, with the same
//! `webhook-id`.

use std::sync::Arc;

use futures_util::StreamExt;
use persistence::Store;

use super::Webhooks;

/// Deliveries claimed at once.
const BATCH: i64 = 100;

/// Everything the worker needs.
#[derive(Debug, Clone)]
pub struct WebhookWorker {
    /// The store.
    pub store: Store,
    /// The client and settings.
    pub hooks: Arc<Webhooks>,
    /// The public base URL, for the link in the email of a disabled endpoint.
    pub public_url: String,
}

impl WebhookWorker {
    /// How long a claim lasts: longer than a whole batch takes when every endpoint times out.
    fn lease(&self) -> chrono::Duration {
        let settings = &self.hooks.settings;
        let rounds = (BATCH as u64).div_ceil(settings.concurrency as u64) + 1;
        let seconds = settings.timeout.as_secs().saturating_mul(rounds).max(60);
        chrono::Duration::seconds(i64::try_from(seconds).unwrap_or(i64::MAX))
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            // A batch runs in its own task: even a panic while delivering does not stop the worker (the
            // claimed deliveries are attempted again when their lease ends).
            match tokio::spawn(self.clone().round()).await {
                Ok(Ok(count)) if count as i64 == BATCH => continue,
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::warn!(error = %error, "webhooks: cannot claim or record deliveries"),
                Err(error) => tracing::error!(error = %error, "webhooks: a delivery batch panicked"),
            }
            tokio::time::sleep(self.hooks.settings.poll).await;
        }
    }

    /// Claims, delivers and records one batch; returns how many were claimed.
    ///
    /// # Errors
    /// When the store cannot be reached.
    pub async fn round(self) -> anyhow::Result<usize> {
        let (store, lease) = (self.store.clone(), self.lease());
        let claimed = tokio::task::spawn_blocking(move || store.webhook_claim(BATCH, lease)).await??;
        let count = claimed.len();
        if count == 0 {
            return Ok(0);
        }
        let hooks = self.hooks.clone();
        let outcomes: Vec<_> = futures_util::stream::iter(claimed)
            .map(|c| {
                let hooks = hooks.clone();
                async move { hooks.deliver(c).await }
            })
            .buffer_unordered(self.hooks.settings.concurrency)
            .collect()
            .await;
        for outcome in &outcomes {
            match &outcome.error {
                None => tracing::debug!(delivery = %outcome.delivery_id, "webhooks: delivered"),
                Some(error) => {
                    tracing::info!(delivery = %outcome.delivery_id, error = %error, "webhooks: attempt failed")
                }
            }
        }
        let (store, policy, base) = (self.store.clone(), self.hooks.settings.disable, self.public_url.clone());
        let disabled = tokio::task::spawn_blocking(move || store.webhook_record(&outcomes, policy, &base)).await??;
        for endpoint in disabled {
            tracing::warn!(endpoint = %endpoint, "webhooks: endpoint disabled after repeated failures");
        }
        Ok(count)
    }
}
