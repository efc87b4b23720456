//! The proposers' pages: their organisation's proposals, the form, submission, history, revision, withdrawal, feedback.

/// The pages of this area.
pub fn configure(_cfg: &mut actix_web::web::ServiceConfig) {}
