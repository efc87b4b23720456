//! The login throttle. It slows whoever guesses passwords without ever locking the owner out:
//!
//! - per account *and* client address: a few free failures, then that address waits 30 s, doubling
//!   with each further failure up to an hour; a success from it forgets its failures;
//! - per client address, whatever the account: a rate (password spraying);
//! - per account, from every address: a ceiling far above what an owner reaches; above it, an address
//!   that already failed for the account waits, while an address without failures (the owner's) may
//!   still try.
//!
//! The client address is the TCP peer's: the hub trusts no forwarding header (see [`client_address`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// The first wait after the free failures; each further failure doubles it.
const FIRST_WAIT: Duration = Duration::from_secs(30);
/// The longest wait.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);
/// How long an address's failures are remembered once its wait is over.
const MEMORY: Duration = Duration::from_secs(3600);

/// The client address a request is throttled by: the TCP peer. The hub reads no `X-Forwarded-For`
/// (a client could write anything there); behind a proxy, every client shares the proxy's address.
pub fn client_address(req: &HttpRequest) -> Option<IpAddr> {
    req.peer_addr().map(|a| a.ip())
}

/// `n` per `period`, as a burst of `n` refilled evenly over the period.
pub(crate) fn quota(n: u32, period: Duration) -> Quota {
    let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period / n.get()).unwrap_or_else(|| Quota::per_second(n)).allow_burst(n)
}

/// The 429 for a wait of `wait`, in whole seconds (at least one).
pub(crate) fn too_many(wait: Duration) -> ApiError {
    ApiError::TooManyRequests { retry_after: wait.as_secs_f64().ceil().max(1.0) as u64 }
}

/// The failures of one account from one address.
#[derive(Debug, Clone, Copy)]
struct Failures {
    /// Failures, counting the attempts still in flight (each counts until it succeeds).
    count: u32,
    /// Attempts let through and not finished yet: not failures of the address until they fail.
    in_flight: u32,
    last: Instant,
    wait_until: Option<Instant>,
}

type AttemptKey = (String, Option<IpAddr>);

/// Limits login attempts (see the module).
#[derive(Debug)]
pub struct LoginThrottle {
    free_failures: u32,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
    failures: Arc<Mutex<HashMap<AttemptKey, Failures>>>,
    /// Accounts above their ceiling, until when.
    besieged: Mutex<HashMap<String, Instant>>,
    clock: DefaultClock,
}

/// An attempt let through: counted as a failure until [`LoginThrottle::succeeded`] says otherwise
/// (so that concurrent guesses cannot all pass before the first failure is counted). Dropped without
/// success, it is a finished failure.
#[derive(Debug)]
#[must_use]
pub struct Attempt {
    key: AttemptKey,
    failures: Arc<Mutex<HashMap<AttemptKey, Failures>>>,
    settled: bool,
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if !self.settled
            && let Some(failures) = locked(&self.failures).get_mut(&self.key)
        {
            failures.in_flight = failures.in_flight.saturating_sub(1);
        }
    }
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl LoginThrottle {
    /// A throttle with `free_failures` per account and address, a ceiling of
    /// `account_failures_per_hour` per account, and `per_address_per_minute` attempts per address.
    pub fn new(free_failures: u32, account_failures_per_hour: u32, per_address_per_minute: u32) -> Self {
        Self {
            free_failures: free_failures.max(1),
            per_address: RateLimiter::keyed(quota(per_address_per_minute, Duration::from_secs(60))),
            per_account: RateLimiter::keyed(quota(account_failures_per_hour, Duration::from_secs(3600))),
            failures: Arc::default(),
            besieged: Mutex::new(HashMap::new()),
            clock: DefaultClock::default(),
        }
    }

    /// The wait after `count` failures (none before the free ones are spent).
    fn wait_after(&self, count: u32) -> Option<Duration> {
        let beyond = count.checked_sub(self.free_failures)?;
        Some(FIRST_WAIT.saturating_mul(1_u32 << beyond.min(16)).min(LONGEST_WAIT))
    }

    /// Lets an attempt for `account` from `address` through, or says how long to wait.
    ///
    /// # Errors
    /// [`ApiError::TooManyRequests`] with the seconds to wait.
    pub fn begin(&self, account: &str, address: Option<IpAddr>) -> Result<Attempt, ApiError> {
        let now = Instant::now();
        if let Some(address) = address {
            let clock_now = self.clock.now();
            self.per_address.check_key(&address).map_err(|n| too_many(n.wait_time_from(clock_now)))?;
        }
        let key = (account.to_owned(), address);
        let mut failures = locked(&self.failures);
        let mine = failures.get(&key).copied();
        if let Some(wait_until) = mine.and_then(|f| f.wait_until).filter(|&until| until > now) {
            return Err(too_many(wait_until - now));
        }
        // Every attempt counts against the account's ceiling; above it, an address that failed for the
        // account waits, and one without failures (the owner's) goes on.
        // (Attempts still in flight are not failures yet: concurrent logins of the owner are not.)
        let failed_before = mine.is_some_and(|f| f.count > f.in_flight);
        let besieged_until = locked(&self.besieged).get(account).copied().filter(|&until| until > now);
        if let (true, Some(until)) = (failed_before, besieged_until) {
            return Err(too_many(until - now));
        }
        let clock_now = self.clock.now();
        if let Err(not_until) = self.per_account.check_key(&key.0) {
            let until = now + not_until.wait_time_from(clock_now);
            locked(&self.besieged).insert(key.0.clone(), until);
            if failed_before {
                return Err(too_many(until - now));
            }
        }
        let count = mine.map_or(0, |f| f.count).saturating_add(1);
        let in_flight = mine.map_or(0, |f| f.in_flight).saturating_add(1);
        let wait_until = self.wait_after(count).map(|wait| now + wait);
        failures.insert(key.clone(), Failures { count, in_flight, last: now, wait_until });
        drop(failures);
        Ok(Attempt { key, failures: self.failures.clone(), settled: false })
    }

    /// The attempt had the right password: its address's failures for the account are forgotten.
    pub fn succeeded(&self, mut attempt: Attempt) {
        locked(&self.failures).remove(&attempt.key);
        attempt.settled = true;
    }

    /// Forgets idle keys, so that memory does not grow with every address ever seen.
    pub fn prune(&self) {
        let now = Instant::now();
        self.per_account.retain_recent();
        self.per_address.retain_recent();
        locked(&self.failures)
            .retain(|_, f| f.wait_until.is_some_and(|until| until > now) || now.duration_since(f.last) < MEMORY);
        locked(&self.besieged).retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1)));
    const AWAY: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2)));
    const THIRD: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 3)));

    fn retry(result: Result<Attempt, ApiError>) -> Option<u64> {
        match result {
            Err(ApiError::TooManyRequests { retry_after }) => Some(retry_after),
            _ => None,
        }
    }

    #[test]
    fn failures_make_one_address_wait_longer_and_longer() {
        let throttle = LoginThrottle::new(3, 1000, 1000);
        for _ in 0..3 {
            assert!(throttle.begin("anna", AWAY).is_ok());
        }
        assert_eq!(retry(throttle.begin("anna", AWAY)), Some(30));
        assert_eq!(throttle.wait_after(4), Some(Duration::from_secs(60)));
        assert_eq!(throttle.wait_after(40), Some(LONGEST_WAIT));
        assert_eq!(throttle.wait_after(2), None);
        // The owner elsewhere is not affected.
        let owner = throttle.begin("anna", HOME).expect("another address tries");
        throttle.succeeded(owner);
    }

    #[test]
    fn a_success_forgets_the_failures_of_its_address() {
        let throttle = LoginThrottle::new(2, 1000, 1000);
        let _ = throttle.begin("anna", HOME).expect("first");
        throttle.succeeded(throttle.begin("anna", HOME).expect("second"));
        for _ in 0..2 {
            assert!(throttle.begin("anna", HOME).is_ok(), "two free failures again");
        }
        assert!(retry(throttle.begin("anna", HOME)).is_some());
    }

    /// Logins of the owner in parallel (a script, the benchmark's storm) from an address without
    /// failures go on above the ceiling: an attempt still in flight is not a failure yet.
    #[test]
    fn above_the_ceiling_the_owners_parallel_logins_go_on() {
        let throttle = LoginThrottle::new(1000, 2, 1000);
        for round in 0..5 {
            let first = throttle.begin("anna", HOME).unwrap_or_else(|_| panic!("round {round}: first"));
            let second = throttle.begin("anna", HOME).unwrap_or_else(|_| panic!("round {round}: second"));
            throttle.succeeded(first);
            throttle.succeeded(second);
        }
        // A finished failure still makes the address wait above the ceiling.
        drop(throttle.begin("anna", HOME).expect("a wrong password"));
        assert!(retry(throttle.begin("anna", HOME)).is_some(), "it failed before: it waits");
    }

    #[test]
    fn above_the_ceiling_only_addresses_that_failed_wait() {
        let throttle = LoginThrottle::new(100, 2, 1000);
        let _ = throttle.begin("anna", AWAY).expect("first failure");
        let _ = throttle.begin("anna", AWAY).expect("second failure");
        let _ = throttle.begin("anna", THIRD).expect("third, the ceiling is passed");
        assert!(retry(throttle.begin("anna", AWAY)).is_some(), "a failing address waits");
        assert!(retry(throttle.begin("anna", THIRD)).is_some(), "so does the next one");
        throttle.succeeded(throttle.begin("anna", HOME).expect("an address without failures tries"));
        assert!(throttle.begin("bruno", AWAY).is_ok(), "other accounts are not besieged");
    }
}
