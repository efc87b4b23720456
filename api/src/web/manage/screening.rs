//! Screening a submitted proposal (eligible, or ineligible with a reason) and asking for a revision
//! (with a note to the team): the same function as the API's moves, as the hub manager signed in.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::{DomainError, ProposalAction, ProposalId};
use serde::Deserialize;

use super::manager;
use super::proposal::{Refusal, manage_page};
use crate::error::ApiError;
use crate::routes::proposals::perform;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Tr, Visitor, render, see_other};

/// What a refused move says on the proposal's page, and its status: a missing or too long text beside
/// its field, separation of duties, a state that changed meanwhile. Anything else stays an error page.
///
/// # Errors
/// `error` itself when it is none of those.
pub fn refusal(tr: Tr, error: ApiError, field: &'static str) -> Result<(StatusCode, Refusal), ApiError> {
    refusal_in("manage", tr, error, field)
}

/// [`refusal`] in another workspace: a conflict's words are `{area}-refused-{code}` when that area
/// says it in its own words, else the managers' (`manage-refused-{code}`, then a general one).
///
/// # Errors
/// `error` itself when it is none of those.
pub fn refusal_in(area: &str, tr: Tr, error: ApiError, field: &'static str) -> Result<(StatusCode, Refusal), ApiError> {
    match error {
        ApiError::Domain(DomainError::Invalid(fields)) => {
            let code = fields.first().map_or("required", |f| f.code);
            let message = crate::web::fields::message(tr, code);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Refusal { message, field: Some(field) }))
        }
        ApiError::Domain(DomainError::Forbidden(_)) => {
            Ok((StatusCode::FORBIDDEN, Refusal { message: tr.t("manage-refused-duties"), field: None }))
        }
        ApiError::Domain(DomainError::Conflict { code, .. }) => {
            let code = code.replace('_', "-");
            let message = [format!("{area}-refused-{code}"), format!("manage-refused-{code}")]
                .iter()
                .map(|key| (tr.t(key), key))
                .find(|(message, key)| message != *key)
                .map_or_else(|| tr.t("manage-refused-conflict"), |(message, _)| message);
            Ok((StatusCode::CONFLICT, Refusal { message, field: None }))
        }
        other => Err(other),
    }
}

/// The screening form.
#[derive(Debug, Deserialize)]
pub struct ScreenForm {
    outcome: String,
    #[serde(default)]
    reason: String,
}

/// Records the screening's outcome.
#[post("/manage/proposals/{id}/screen")]
pub async fn screen(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<ScreenForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let id = path.into_inner();
    let ScreenForm { outcome, reason } = form.0;
    let eligible = outcome == "eligible";
    let action = if eligible { ProposalAction::ScreenEligible } else { ProposalAction::ScreenIneligible };
    let note = (!eligible).then(|| reason.clone());
    match perform(&state, actor, id, action, ("reason", note)).await {
        Ok(_) => {
            let done = if eligible { "eligible" } else { "ineligible" };
            Ok(see_other(&state, &visitor, &format!("/manage/proposals/{id}?done={done}")))
        }
        Err(error) => {
            let (status, why) = refusal(Tr(visitor.locale), error, "reason")?;
            let typed = ("reason".to_owned(), reason);
            let page = manage_page(&state, &req, &mut visitor, id, None, Some(why), typed).await?;
            render(&state, &visitor, status, &page)
        }
    }
}

/// The revision request's form.
#[derive(Debug, Deserialize)]
pub struct RevisionForm {
    #[serde(default)]
    note: String,
}

/// Sends the proposal back to its team with the note.
#[post("/manage/proposals/{id}/request-revision")]
pub async fn request_revision(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<RevisionForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let id = path.into_inner();
    let note = form.0.note;
    match perform(&state, actor, id, ProposalAction::RequestRevision, ("note", Some(note.clone()))).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/manage/proposals/{id}?done=revision"))),
        Err(error) => {
            let (status, why) = refusal(Tr(visitor.locale), error, "note")?;
            let page = manage_page(&state, &req, &mut visitor, id, None, Some(why), ("note".to_owned(), note)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}
