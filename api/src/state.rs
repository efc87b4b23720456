//! What every handler shares.

use std::sync::Arc;

use domain::{Actor, UserId};
use persistence::Store;

use crate::auth::jwt::JwtKeys;
use crate::auth::mail_throttle::MailThrottle;
use crate::auth::passwords::Passwords;
use crate::auth::throttle::LoginThrottle;
use crate::cache::{CachedPage, ReadCache};
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
    /// The API's request limit per client address.
    pub api_limit: crate::auth::api_limit::ApiLimit,
    /// Throttle of mail-sending and account-creating requests.
    pub mail_throttle: MailThrottle,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// Copies of anonymous catalogue pages, by the slug (or id) asked for.
    pub public_pages: ReadCache<String, Arc<CachedPage>>,
    /// Short-lived copies of the catalogue's HTML pages as an anonymous visitor reads them, by path
    /// and query and language (the same rule as `public_pages`).
    pub public_html: ReadCache<(String, domain::Locale), actix_web::web::Bytes>,
    /// The pages' assets, by their hashed names.
    pub assets: crate::web::assets::Assets,
    /// Copies of session checks, by what the access token says.
    pub sessions: ReadCache<SessionKey, Actor>,
    /// The annexes' files (issue 20).
    pub annexes: Arc<crate::annexes::Annexes>,
    /// The webhooks' client and settings (issue 20).
    pub webhooks: Arc<crate::webhooks::Webhooks>,
}

/// What a session check depends on: the user, session, token version and roles an access token names.
pub type SessionKey = (UserId, String, i32, Option<Vec<String>>);
