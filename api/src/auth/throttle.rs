//! The login throttle: per account and per client address, in this process.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// Limits login attempts.
#[derive(Debug)]
pub struct LoginThrottle {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl LoginThrottle {
    /// A throttle allowing bursts of the given sizes, refilled over a minute.
    pub fn new(per_account_per_minute: u32, per_address_per_minute: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            per_account: RateLimiter::keyed(quota(per_account_per_minute)),
            per_address: RateLimiter::keyed(quota(per_address_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt for `account` from `address`.
    ///
    /// # Errors
    /// [`ApiError::TooManyRequests`] with the seconds to wait.
    pub fn check(&self, account: &str, address: Option<IpAddr>) -> Result<(), ApiError> {
        let now = self.clock.now();
        let wait = |not_until: governor::NotUntil<_>| ApiError::TooManyRequests {
            retry_after: not_until.wait_time_from(now).as_secs().max(1),
        };
        if let Some(address) = address {
            self.per_address.check_key(&address).map_err(wait)?;
        }
        self.per_account.check_key(&account.to_owned()).map_err(wait)?;
        Ok(())
    }

    /// Forgets idle keys, so that memory does not grow with every address ever seen.
    pub fn prune(&self) {
        self.per_account.retain_recent();
        self.per_address.retain_recent();
    }
}
