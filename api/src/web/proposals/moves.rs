//! The proposer's moves: submit (listing what is still missing), resubmit after a revision request,
//! and withdraw after a confirmation page — the same function as the API's moves.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, ProposalAction, ProposalId};
use serde::Deserialize;

use super::page::{Refusal, proposal_page};
use super::{field_messages, may, pillars};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::proposals::perform;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// Submits or resubmits: the proposal's page with a notice, or with why not (the missing fields, an
/// address not verified yet).
async fn send(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    id: ProposalId,
    action: ProposalAction,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let verified = actor.email_verified;
    let done = if action == ProposalAction::Submit { "submitted" } else { "resubmitted" };
    let tr = Tr(visitor.locale);
    let (status, refusal) = match perform(&state, actor, id, action, ("note", None)).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/proposals/{id}?done={done}"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let store = state.store.clone();
            let rubric = blocking(move || store.rubric_current()).await?;
            let missing = field_messages(tr, &pillars(&rubric, tr.0), &fields);
            (StatusCode::UNPROCESSABLE_ENTITY, Refusal { message: tr.t("proposal-submit-missing"), missing })
        }
        Err(ApiError::Domain(DomainError::Forbidden(_))) if !verified => {
            (StatusCode::FORBIDDEN, Refusal { message: tr.t("proposal-submit-unverified"), missing: Vec::new() })
        }
        Err(ApiError::Domain(DomainError::Conflict { code: "challenge_not_open", .. })) => {
            (StatusCode::CONFLICT, Refusal { message: tr.t("proposal-submit-closed"), missing: Vec::new() })
        }
        Err(other) => return Err(other),
    };
    let page = proposal_page(&state, &req, &mut visitor, id, None, Some(refusal)).await?;
    render(&state, &visitor, status, &page)
}

/// Submits a draft.
#[post("/proposals/{id}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<ProposalId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    send(state, req, visitor, path.into_inner(), ProposalAction::Submit).await
}

/// Resubmits a revised proposal (a new version).
#[post("/proposals/{id}/resubmit")]
pub async fn resubmit(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<ProposalId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    send(state, req, visitor, path.into_inner(), ProposalAction::Resubmit).await
}

#[derive(Template)]
#[template(path = "web/proposals/withdraw.html")]
struct WithdrawPage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    note: String,
    error: Option<String>,
}

/// The confirmation page: withdrawing is for good.
#[get("/proposals/{id}/withdraw")]
pub async fn confirm_withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let p = super::load(&state, actor.clone(), path.into_inner()).await?;
    if !may(&actor, &p, ProposalAction::Withdraw) {
        // What the move itself would answer: another role's 403, another state's 409.
        domain::proposal::next_state(p.state, ProposalAction::Withdraw, &actor.roles)?;
        return Err(DomainError::Forbidden("only its organisation may do this".to_owned()).into());
    }
    let page = WithdrawPage {
        csrf: visitor.csrf(&state),
        id: p.id.to_string(),
        title: p.content.title,
        note: String::new(),
        error: None,
        l: Layout::new(&state, &req, &mut visitor, "proposals"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The confirmation's fields.
#[derive(Debug, Deserialize)]
pub struct WithdrawFields {
    #[serde(default)]
    note: String,
}

/// Withdraws, with the optional note kept in the history.
#[post("/proposals/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<WithdrawFields>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let note = form.0.note;
    let given = Some(note.clone()).filter(|n| !n.trim().is_empty());
    match perform(&state, actor.clone(), id, ProposalAction::Withdraw, ("note", given)).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/proposals/{id}?done=withdrawn"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let tr = Tr(visitor.locale);
            let code = fields.first().map_or("invalid", |f| f.code);
            let p = super::load(&state, actor, id).await?;
            let page = WithdrawPage {
                csrf: visitor.csrf(&state),
                id: id.to_string(),
                title: p.content.title,
                note,
                error: Some(crate::web::fields::message(tr, code)),
                l: Layout::new(&state, &req, &mut visitor, "proposals"),
            };
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}
