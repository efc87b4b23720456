//! The account pages: register, verify, passwords, invitations, profile, personal data, tokens.

/// The pages of this area.
pub fn configure(_cfg: &mut actix_web::web::ServiceConfig) {}
