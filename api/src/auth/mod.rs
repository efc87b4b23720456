//! Authentication: passwords, access tokens, personal access tokens, the login and mail throttles, and the
//! extractor that turns a bearer credential into a domain [`domain::Actor`].

pub mod api_limit;
pub mod extractor;
pub mod jwt;
pub mod mail_throttle;
pub mod optional;
pub mod passwords;
pub mod throttle;
pub mod tokens;

pub use extractor::Authenticated;
pub use optional::MaybeAuthenticated;
