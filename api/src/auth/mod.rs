//! Authentication: passwords, access tokens, personal access tokens, the login throttle, and the
//! extractor that turns a bearer credential into a domain [`domain::Actor`].

pub mod extractor;
pub mod jwt;
pub mod optional;
pub mod passwords;
pub mod throttle;
pub mod tokens;

pub use extractor::Authenticated;
pub use optional::MaybeAuthenticated;
