//! The owner of an organisation invites a colleague from their account page (the same function as
//! `POST /api/v1/organizations/{id}/invitations`), and the owner of a verified administration appoints
//! and removes its officers (as `PUT` and `DELETE /api/v1/organizations/{id}/officers/{user_id}`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::{DomainError, UserId};
use serde::Deserialize;

use super::profile::page;
use crate::auth::throttle::client_address;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::organizations::invite_one;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Tr, Visitor, render, see_other};

/// The invitation's form.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    invite_email: String,
    #[serde(default)]
    invite_locale: String,
}

/// Sends the invitation; a refusal shows the account page again with its reason beside the address.
#[post("/account/invitations")]
pub async fn invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<InviteForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let organization = actor.organization_id;
    let InviteForm { invite_email, invite_locale } = form.0;
    let locale = Some(invite_locale.as_str()).filter(|l| !l.is_empty());
    let tr = Tr(visitor.locale);
    let (status, errors) =
        match invite_one(&state, actor, organization, invite_email.trim(), locale, client_address(&req)).await {
            Ok(_) => return Ok(see_other(&state, &visitor, "/account?done=invited")),
            Err(ApiError::Domain(DomainError::Invalid(fields))) => {
                let code = fields.first().map_or("invalid", |f| f.code);
                (StatusCode::UNPROCESSABLE_ENTITY, FieldErrors::one(tr, "invite_email", code))
            }
            // Not the owner, or an address not verified yet.
            Err(ApiError::Domain(DomainError::Forbidden(_))) => {
                (StatusCode::FORBIDDEN, FieldErrors::one(tr, "invite_email", "invite_not_allowed"))
            }
            Err(ApiError::Domain(DomainError::Conflict { code: "organization_unverified", .. })) => {
                (StatusCode::CONFLICT, FieldErrors::one(tr, "invite_email", "organization_unverified"))
            }
            Err(other) => return Err(other),
        };
    let mut shown = page(&state, &req, &mut visitor, None, errors, None).await?;
    shown.invite_email = invite_email;
    render(&state, &visitor, status, &shown)
}

/// The officer form: `officer` is `1` to appoint, anything else to remove.
#[derive(Debug, Deserialize)]
pub struct OfficerForm {
    #[serde(default)]
    officer: String,
}

/// Appoints or removes an officer of the owner's administration; a refusal is its error page.
#[post("/account/officers/{user_id}")]
pub async fn officer(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<UserId>,
    form: Form<OfficerForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let appoint = form.0.officer == "1";
    let (organization, user_id) = (actor.organization_id, path.into_inner());
    let store = state.store.clone();
    blocking(move || store.organization_set_officer(&actor, organization, user_id, appoint)).await?;
    let done = if appoint { "appointed" } else { "dismissed" };
    Ok(see_other(&state, &visitor, &format!("/account?done={done}")))
}
