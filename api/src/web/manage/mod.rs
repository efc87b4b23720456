//! The hub managers' workspace: the desk (funnel per challenge, reviews overdue, proposals needing
//! consensus or ready for a decision), the proposals with every filter, a proposal's management page
//! (screening, revision request, assignments with the evaluator picker, decision with its override),
//! automatic assignment with a preview of the plan, and the ranking — each through the same function
//! as the API's endpoint, as the person signed in.

use actix_web::HttpRequest;
use domain::{Actor, Role};

use crate::error::ApiError;
use crate::web::Visitor;

mod analytics;
mod assign;
mod auto_assign;
pub mod challenge_annexes;
pub mod challenge_form;
pub mod challenge_page;
mod challenges;
mod decide;
mod desk;
mod evaluators;
mod expertise;
mod exports;
mod notice;
mod proposal;
mod proposals;
mod quality;
pub use quality::RatingPanel;
mod ranking;
mod redress;
mod screening;

pub use proposal::Refusal;
pub use screening::refusal_in;

/// The hub manager signed in, or the page to log in, or a 403 page for anyone else.
///
/// # Errors
/// `sign_in_required`; `forbidden` for a person without the role.
pub fn manager(visitor: &Visitor, req: &HttpRequest) -> Result<Actor, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    if actor.has_role(Role::HubManager) {
        Ok(actor)
    } else {
        Err(domain::DomainError::Forbidden("requires role `hub_manager`".to_owned()).into())
    }
}

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(desk::desk)
        .service(analytics::analytics)
        .service(evaluators::directory)
        .service(quality::record)
        .service(quality::rate)
        .service(quality::rate_from_review)
        .service(expertise::show)
        .service(expertise::save)
        .service(expertise::retire)
        .service(proposals::list)
        .service(proposal::show)
        .service(screening::screen)
        .service(screening::request_revision)
        .service(assign::picker)
        .service(assign::assign)
        .service(assign::remove)
        .service(decide::ask)
        .service(decide::decide)
        .service(notice::give)
        .service(redress::handle)
        .service(auto_assign::ask)
        .service(auto_assign::plan)
        .service(ranking::ranking)
        .service(ranking::csv)
        .service(exports::download)
        .service(challenges::list)
        .service(challenges::new)
        .service(challenges::create)
        .service(challenges::edit)
        .service(challenges::save)
        // Last: `/manage/challenges/{id}/{action}` would take the paths above.
        .service(challenges::lifecycle);
}

/// The end of day `date` (`YYYY-MM-DD`, as a date input sends it) in Rome: when a review is due.
///
/// # Errors
/// `validation_failed` on `due_at` for anything but a date.
pub fn due_at(date: &str) -> Result<chrono::DateTime<chrono::Utc>, domain::DomainError> {
    use chrono::TimeZone;
    let invalid = || domain::DomainError::invalid("due_at", "invalid_type", "must be a date");
    let day = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| invalid())?;
    let end = day.and_hms_opt(23, 59, 0).ok_or_else(invalid)?;
    chrono_tz::Europe::Rome
        .from_local_datetime(&end)
        .earliest()
        .map(|at| at.with_timezone(&chrono::Utc))
        .ok_or_else(invalid)
}

/// The day a new review is due by default: two weeks from `now`, in Rome, as a date input shows it.
pub fn default_due(now: chrono::DateTime<chrono::Utc>) -> String {
    (now + chrono::Duration::days(14)).with_timezone(&chrono_tz::Europe::Rome).format("%Y-%m-%d").to_string()
}

/// The start of day `date` (`YYYY-MM-DD`) in Rome: when a challenge opens.
///
/// # Errors
/// `validation_failed` on `opens_at` for anything but a date.
pub fn start_of(date: &str) -> Result<chrono::DateTime<chrono::Utc>, domain::DomainError> {
    use chrono::TimeZone;
    let invalid = || domain::DomainError::invalid("opens_at", "invalid_type", "must be a date");
    let day = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| invalid())?;
    let start = day.and_hms_opt(0, 0, 0).ok_or_else(invalid)?;
    chrono_tz::Europe::Rome
        .from_local_datetime(&start)
        .earliest()
        .map(|at| at.with_timezone(&chrono::Utc))
        .ok_or_else(invalid)
}
