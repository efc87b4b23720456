//! The public pages to browse: challenges, the four pillars, the catalogue and its services.

mod adoption;
mod catalogue;
mod challenges;
mod community;
mod pillars;
mod provider;

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(challenges::list)
        .service(challenges::show)
        .service(pillars::show)
        .service(catalogue::search)
        .service(adoption::show)
        .service(adoption::declare)
        .service(community::show)
        .service(community::write)
        .service(catalogue::service_page)
        .service(provider::show);
}
