//! The public pages to browse: challenges, the four pillars, the catalogue and its services.

/// The pages of this area.
pub fn configure(_cfg: &mut actix_web::web::ServiceConfig) {}
