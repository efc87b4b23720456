//! The evaluators' workspace: the queue of their reviews, the conflict-of-interest step, the review form
//! (a draft saved with a button and, with script on, on its own; the ETag decides between two windows),
//! submission listing what is missing, and the other reviews once theirs is in — each through the same
//! function as the API's `/reviews` endpoints, as the person signed in.

use domain::review::ReviewState;

use super::Tr;

mod consensus;
mod form;
mod queue;
mod review;

pub use review::{SentReview, own_review_page};

/// A review state's name.
pub fn state_name(tr: Tr, state: ReviewState) -> String {
    tr.t(&format!("review-state-{}", state.as_str().replace('_', "-")))
}

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(queue::queue)
        .service(queue::bundle)
        .service(review::show)
        .service(review::confirm)
        .service(review::decline)
        .service(form::save)
        .service(consensus::show)
        .service(consensus::designate)
        .service(consensus::draft)
        .service(consensus::position)
        .service(consensus::finalise);
}
