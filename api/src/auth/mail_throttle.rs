//! The throttle of requests that send an email or create an account (registration, password reset,
//! verification, invitation): per recipient address, so that nobody floods a mailbox, and per client
//! address, so that nobody floods the hub. It counts before the hub looks anything up, so it answers
//! the same whether or not an account exists.

use std::net::IpAddr;
use std::time::Duration;

use domain::Email;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, RateLimiter};

use crate::auth::throttle::{quota, too_many};
use crate::error::ApiError;

const HOUR: Duration = Duration::from_secs(3600);

/// Limits mail-sending and account-creating requests.
#[derive(Debug)]
pub struct MailThrottle {
    per_recipient: DefaultKeyedRateLimiter<String>,
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl MailThrottle {
    /// A throttle allowing `per_recipient_per_hour` and `per_client_per_hour`.
    pub fn new(per_recipient_per_hour: u32, per_client_per_hour: u32) -> Self {
        Self {
            per_recipient: RateLimiter::keyed(quota(per_recipient_per_hour, HOUR)),
            per_client: RateLimiter::keyed(quota(per_client_per_hour, HOUR)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request about `recipient` from `client`.
    ///
    /// # Errors
    /// [`ApiError::TooManyRequests`] with the seconds to wait.
    pub fn check(&self, recipient: &Email, client: Option<IpAddr>) -> Result<(), ApiError> {
        let now = self.clock.now();
        if let Some(client) = client {
            self.per_client.check_key(&client).map_err(|n| too_many(n.wait_time_from(now)))?;
        }
        self.per_recipient.check_key(&recipient.as_str().to_owned()).map_err(|n| too_many(n.wait_time_from(now)))
    }

    /// Forgets idle keys.
    pub fn prune(&self) {
        self.per_recipient.retain_recent();
        self.per_client.retain_recent();
    }
}
