//! What every handler shares.

use std::sync::Arc;

use persistence::Store;

use crate::auth::jwt::JwtKeys;
use crate::auth::passwords::Passwords;
use crate::auth::throttle::LoginThrottle;
use crate::metrics::Metrics;
use crate::settings::Settings;

/// The application state, behind `web::Data`.
#[derive(Debug)]
pub struct AppState {
    /// The store.
    pub store: Store,
    /// The settings.
    pub settings: Arc<Settings>,
    /// Access-token keys.
    pub jwt: JwtKeys,
    /// Password hashing.
    pub passwords: Passwords,
    /// Login throttle.
    pub throttle: LoginThrottle,
    /// Prometheus metrics.
    pub metrics: Metrics,
}
