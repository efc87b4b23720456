//! The catalogue editors' workspace: the accepted proposals waiting for promotion and the services by
//! state (`/editor`), the service editor with every field, the publish checklist and a preview of the
//! publiccode.yml (`/editor/services/{slug}`), publication, deprecation and retirement with a
//! confirmation step, and the history — each through the same function as the API's catalogue
//! endpoints, as the person signed in.

use domain::catalogue::ServiceState;
use domain::{Actor, Role, Scope};
use persistence::ServiceView;

use super::{Tr, Visitor};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;

mod desk;
mod fields;
mod form;
mod history;
mod lifecycle;

/// The signed-in catalogue editor, or a 403 page (a redirect to log in when nobody is signed in).
///
/// # Errors
/// `forbidden` for anyone who does not edit the catalogue.
pub fn editor(visitor: &Visitor, req: &actix_web::HttpRequest) -> Result<Actor, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    actor.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    Ok(actor)
}

/// The service `slug` as `GET /api/v1/catalogue/services/{slug}` reads it for `actor`, with the
/// administrations its publiccode.yml preview names.
///
/// # Errors
/// `not_found`.
pub async fn load(state: &AppState, actor: Actor, slug: String) -> Result<ServiceView, ApiError> {
    let store = state.store.clone();
    blocking(move || store.service_publiccode(Some(&actor), &slug)).await
}

/// A service state's name.
pub fn state_name(tr: Tr, state: ServiceState) -> String {
    tr.t(&format!("editor-state-{}", state.as_str()))
}

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(desk::desk)
        .service(desk::promote)
        .service(form::show)
        .service(form::save)
        .service(lifecycle::publish)
        .service(lifecycle::confirm_deprecate)
        .service(lifecycle::deprecate)
        .service(lifecycle::confirm_retire)
        .service(lifecycle::retire)
        .service(history::history);
}
