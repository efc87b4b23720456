//! The public pages to browse: challenges, the four pillars, the catalogue and its services.

mod catalogue;
mod challenges;
mod pillars;

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(challenges::list)
        .service(challenges::show)
        .service(pillars::show)
        .service(catalogue::search)
        .service(catalogue::service_page);
}
