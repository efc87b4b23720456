//! The admins' workspace.

/// The pages of this area.
pub fn configure(_cfg: &mut actix_web::web::ServiceConfig) {}
