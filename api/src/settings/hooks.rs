//! The webhooks' delivery (issue 20): which private addresses the operator allows, how often the worker
//! looks for due deliveries, how long it waits for an answer, how many at once, and when an endpoint that
//! keeps failing is disabled.

use std::time::Duration;

use domain::webhook::{AddressPolicy, DisablePolicy};

use super::vars::parse_range;
use super::{ConfigError, config_error};

/// The webhooks' settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSettings {
    /// `HUB_WEBHOOK_ALLOW_ADDRESSES`: addresses or networks (comma-separated) that deliveries may reach
    /// although they are loopback, private or link-local (default none).
    pub addresses: AddressPolicy,
    /// `HUB_WEBHOOK_POLL_MS`: how often the worker looks for due deliveries (default 500).
    pub poll: Duration,
    /// `HUB_WEBHOOK_TIMEOUT_SECONDS`: how long an endpoint has to answer (default 10).
    pub timeout: Duration,
    /// `HUB_WEBHOOK_CONCURRENCY`: deliveries in flight at once per instance (default 32).
    pub concurrency: usize,
    /// `HUB_WEBHOOK_DISABLE_AFTER_FAILURES` (default 15) failed attempts in a row over at least
    /// `HUB_WEBHOOK_DISABLE_AFTER_HOURS` (default 72) disable an endpoint.
    pub disable: DisablePolicy,
}

pub(super) fn read(lookup: &impl Fn(&str) -> Option<String>) -> Result<WebhookSettings, ConfigError> {
    const ALLOW: &str = "HUB_WEBHOOK_ALLOW_ADDRESSES";
    let allowed = lookup(ALLOW).unwrap_or_default();
    let addresses = AddressPolicy::new(allowed.split(','))
        .map_err(|entry| config_error(ALLOW, format!("`{entry}` is neither an IP address nor a network")))?;
    let defaults = DisablePolicy::default();
    Ok(WebhookSettings {
        addresses,
        poll: Duration::from_millis(u64::from(parse_range(lookup, "HUB_WEBHOOK_POLL_MS", 500, 10..=600_000)?)),
        timeout: Duration::from_secs(u64::from(parse_range(lookup, "HUB_WEBHOOK_TIMEOUT_SECONDS", 10, 1..=60)?)),
        concurrency: parse_range(lookup, "HUB_WEBHOOK_CONCURRENCY", 32, 1..=1024)? as usize,
        disable: DisablePolicy {
            failures: parse_range(lookup, "HUB_WEBHOOK_DISABLE_AFTER_FAILURES", defaults.failures as u32, 1..=10_000)?
                as i32,
            period: chrono::Duration::hours(i64::from(parse_range(
                lookup,
                "HUB_WEBHOOK_DISABLE_AFTER_HOURS",
                defaults.period.num_hours() as u32,
                0..=24 * 365,
            )?)),
        },
    })
}
