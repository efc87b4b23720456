//! `POST /manage/proposals/{id}/redress`: a hub manager other than the one who decided handles the team's
//! request for review from the proposal's page — rejects it with reasons, or upholds it and reopens the
//! evaluation; the same function as `POST /api/v1/proposals/{id}/redress/handle`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::{DomainError, ProposalId};
use serde::Deserialize;

use super::manager;
use super::proposal::{Refusal, manage_page};
use super::refusal_in;
use crate::error::ApiError;
use crate::routes::redress::handle_request;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Tr, Visitor, render, see_other};

/// The handling as the form sends it.
#[derive(Debug, Deserialize)]
pub struct HandleForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
}

/// Handles the request: the proposal's page with what was done, or again with why not.
#[post("/manage/proposals/{id}/redress")]
pub async fn handle(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<HandleForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let id = path.into_inner();
    let HandleForm { outcome, reason } = form.0;
    let tr = Tr(visitor.locale);
    let uphold = outcome == "uphold";
    let (status, refusal) = match handle_request(&state, actor, id, uphold, Some(reason.clone())).await {
        Ok(_) => {
            let done = if uphold { "redress-upheld" } else { "redress-rejected" };
            return Ok(see_other(&state, &visitor, &format!("/manage/proposals/{id}?done={done}")));
        }
        // Refused to the manager who decided (the form is not shown to them): say so, not "duties".
        Err(ApiError::Domain(DomainError::Forbidden(_))) => {
            (StatusCode::FORBIDDEN, Refusal { message: tr.t("redress-refused-same-manager"), field: None })
        }
        Err(error) => refusal_in("redress", tr, error, "reason")?,
    };
    let message = refusal.message.clone();
    let mut page =
        manage_page(&state, &req, &mut visitor, id, None, Some(refusal), (String::new(), String::new())).await?;
    if let Some(panel) = page.redress.as_mut() {
        panel.typed = reason;
        panel.error = Some(message);
    }
    render(&state, &visitor, status, &page)
}
