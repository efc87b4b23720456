//! The API's request limit per client address: every answer of `/api/v1` says the limit, what is left
//! of it and when it is whole again (`X-RateLimit-Limit`, `-Remaining`, `-Reset`, as the Italian API
//! guidelines ask); beyond it the answer is 429 with `Retry-After`. Like the login throttle, it counts
//! by the TCP peer: behind a proxy, every client shares the proxy's limit.

use std::net::IpAddr;
use std::time::Duration;

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{NotUntil, RateLimiter};

use crate::auth::throttle::{quota, too_many};
use crate::error::ApiError;

/// The limit of the window.
pub const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// What is left of it.
pub const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// Seconds until it is whole again.
pub const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

const MINUTE: Duration = Duration::from_secs(60);

type Limiter = RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock, StateInformationMiddleware>;

/// What one request leaves of its client's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    /// Requests per minute.
    pub limit: u32,
    /// Requests left now.
    pub remaining: u32,
    /// Seconds until every request of the minute is available again.
    pub reset: u64,
}

impl Allowance {
    /// Writes the three fields on an answer.
    pub fn write(&self, headers: &mut HeaderMap) {
        for (name, value) in
            [(LIMIT, u64::from(self.limit)), (REMAINING, u64::from(self.remaining)), (RESET, self.reset)]
        {
            headers.insert(name, HeaderValue::from(value));
        }
    }
}

/// The API's request limit.
#[derive(Debug)]
pub struct ApiLimit {
    limiter: Limiter,
    per_minute: u32,
    clock: DefaultClock,
}

impl ApiLimit {
    /// `per_minute` requests per client address, all of them at once if need be.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = per_minute.max(1);
        Self {
            limiter: RateLimiter::keyed(quota(per_minute, MINUTE)).with_middleware::<StateInformationMiddleware>(),
            per_minute,
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request from `client` (unknown peers share one allowance).
    ///
    /// # Errors
    /// [`ApiError::TooManyRequests`] with the seconds to wait, and the allowance to write on the 429.
    pub fn check(&self, client: Option<IpAddr>) -> Result<Allowance, (ApiError, Allowance)> {
        let key = client.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let per_request = MINUTE / self.per_minute;
        match self.limiter.check_key(&key) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                let missing = self.per_minute.saturating_sub(remaining);
                let reset = (per_request * missing).as_secs_f64().ceil() as u64;
                Ok(Allowance { limit: self.per_minute, remaining, reset })
            }
            Err(not_until) => {
                let wait = NotUntil::wait_time_from(&not_until, self.clock.now());
                let reset = (wait + per_request * self.per_minute.saturating_sub(1)).as_secs_f64().ceil() as u64;
                Err((too_many(wait), Allowance { limit: self.per_minute, remaining: 0, reset }))
            }
        }
    }

    /// Forgets idle clients.
    pub fn prune(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowance_shrinks_with_each_request_and_the_limit_answers_429() {
        let limit = ApiLimit::new(3);
        let client = Some(IpAddr::from([192, 0, 2, 7]));
        let first = limit.check(client).expect("allowed");
        assert_eq!((first.limit, first.remaining), (3, 2));
        assert!((1..=20).contains(&first.reset), "one request's worth of the minute: {}", first.reset);
        assert_eq!(limit.check(client).expect("allowed").remaining, 1);
        assert_eq!(limit.check(client).expect("allowed").remaining, 0);
        let Err((ApiError::TooManyRequests { retry_after }, refused)) = limit.check(client) else {
            panic!("the fourth request in a minute is refused")
        };
        assert!((1..=20).contains(&retry_after), "{retry_after}");
        assert_eq!((refused.remaining, refused.limit), (0, 3));
        assert!(refused.reset >= retry_after);
        // Another client has its own allowance.
        assert_eq!(limit.check(Some(IpAddr::from([192, 0, 2, 8]))).expect("allowed").remaining, 2);
    }
}
