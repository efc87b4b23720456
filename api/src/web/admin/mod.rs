//! The admins' workspace: the desk (accounts, organisations, the mail outbox and the audit log at a
//! glance), the users (search, filter by role, grant and revoke roles — the last admin keeps the role),
//! the organisations (search, register, members, invitations), the audit log (filters, and the chain's
//! verification) and the outbox's dead letters (their last error, a retry) — each through the same
//! function as the API's endpoint, as the admin signed in.

use actix_web::HttpRequest;
use domain::{Actor, Role};

use crate::error::ApiError;
use crate::web::Visitor;

mod audit;
mod desk;

pub use desk::roles_named;
mod organization_list;
mod organizations;
mod outbox;
mod users;

/// The admin signed in, or the page to log in, or a 403 page for anyone else.
///
/// # Errors
/// `sign_in_required`; `forbidden` for a person without the role.
pub fn admin(visitor: &Visitor, req: &HttpRequest) -> Result<Actor, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    if actor.has_role(Role::Admin) {
        Ok(actor)
    } else {
        Err(domain::DomainError::Forbidden("requires role `admin`".to_owned()).into())
    }
}

/// After a form: what it did (`?done=`), for the page's notice.
#[derive(Debug, serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(desk::desk)
        .service(users::list)
        .service(users::show)
        .service(users::save_roles)
        .service(organization_list::list)
        .service(organization_list::lookup)
        // Before `/admin/organizations/{id}`, which would take `new` for an id.
        .service(organizations::new)
        .service(organizations::create)
        .service(organizations::show)
        .service(organizations::invite)
        .service(organizations::verify)
        .service(organizations::officer)
        .service(audit::list)
        .service(audit::verification)
        .service(outbox::list)
        .service(outbox::retry);
}
