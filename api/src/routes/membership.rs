//! Managing an organisation: its owner (or an admin) hands the ownership over to a member, renames it,
//! lists the invitations still pending and revokes one, removes a member; a member leaves.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use domain::organization::OrganizationName;
use domain::{Actor, Departure, DomainError, OrganizationId, OutgoingMail, User, UserId, mails};
use persistence::PendingInvitation;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::me::UserDto;
use crate::routes::organizations::OrganizationDto;
use crate::routes::{ListOf, blocking, public_link};
use crate::state::AppState;

/// Who becomes the owner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"user_id": "0192f0a1-2a3b-7c4d-9e5f-60718293a4b5"}))]
pub struct OwnershipRequest {
    /// A member of the organisation who has verified their address.
    pub user_id: Option<String>,
}

/// An organisation's fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Aurora Labs S.p.A."}))]
pub struct OrganizationUpdate {
    /// Its name, 2 to 200 characters.
    pub name: Option<String>,
}

/// An invitation not yet accepted nor expired.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0192f0a9-1a2b-7c3d-8e4f-5a6b7c8d9e0f", "email": "marco@aurora.example",
    "invited_by": "Anna Rossi", "created_at": "2026-02-03T10:00:00Z", "expires_at": "2026-02-17T10:00:00Z"}))]
pub struct PendingInvitationDto {
    /// Id.
    pub id: String,
    /// The address invited.
    pub email: String,
    /// Who invited.
    pub invited_by: String,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
}

impl From<PendingInvitation> for PendingInvitationDto {
    fn from(i: PendingInvitation) -> Self {
        Self { id: i.id, email: i.email, invited_by: i.invited_by, created_at: i.created_at, expires_at: i.expires_at }
    }
}

/// Hand an organisation over.
///
/// Its owner (signed in, not with a token, from a verified address) or an admin makes one of its members its only
/// owner: the owner invites colleagues, appoints officers and manages the organisation. The former owners stay
/// members with their roles, no longer managing it from their next request; they and the new owner are emailed.
/// Someone else is `forbidden` (403); a user who is not a member is `not_found` (404); a member who has not verified
/// their address is `member_unverified` (409).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), request_body = OwnershipRequest,
    params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 200, description = "The new owner", body = UserDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner or an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such organisation or member", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The member has not verified their address", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/ownership")]
pub async fn transfer(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
    body: Json<OwnershipRequest>,
) -> Result<web::Json<UserDto>, ApiError> {
    let member = body.into_inner().user_id.ok_or_else(|| DomainError::invalid("user_id", "required", "is required"))?;
    let member: UserId =
        member.parse().map_err(|_| DomainError::invalid("user_id", "invalid_id", "is not a user id"))?;
    Ok(web::Json(transfer_one(&state, auth.0, path.into_inner(), member).await?.into()))
}

/// Hands organisation `id` over to `member` as `actor`: the API's endpoint and the account page.
///
/// # Errors
/// What [`persistence::Store::organization_transfer`] answers.
pub async fn transfer_one(
    state: &AppState,
    actor: Actor,
    id: OrganizationId,
    member: UserId,
) -> Result<User, ApiError> {
    let link = public_link(state, "/account");
    let store = state.store.clone();
    blocking(move || {
        store.organization_transfer(&actor, id, member, |to, org, owner| {
            OutgoingMail::new(
                to.email.clone(),
                to.locale,
                mails::OwnershipTransferred {
                    display_name: to.display_name.clone(),
                    organization: org.name.clone(),
                    owner: owner.display_name.clone(),
                    link: link.clone(),
                },
            )
        })
    })
    .await
}

/// Rename an organisation.
///
/// Its owner (signed in, from a verified address) or an admin. A verified public administration is named as in the
/// Indice delle Pubbliche Amministrazioni: only an admin corrects its name (`forbidden`, 403, for its owner).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), request_body(content = OrganizationUpdate, content_type = "application/merge-patch+json"),
    params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 200, description = "The organisation", body = OrganizationDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner or an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/organizations/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
    body: Json<OrganizationUpdate>,
) -> Result<web::Json<OrganizationDto>, ApiError> {
    let name = body.into_inner().name.ok_or_else(|| DomainError::invalid("name", "required", "is required"))?;
    Ok(web::Json(rename_one(&state, auth.0, path.into_inner(), &name).await?.into()))
}

/// Renames organisation `id` as `actor`: the API's endpoint and the account page.
///
/// # Errors
/// `validation_failed`, and what [`persistence::Store::organization_rename`] answers.
pub async fn rename_one(
    state: &AppState,
    actor: Actor,
    id: OrganizationId,
    name: &str,
) -> Result<domain::Organization, ApiError> {
    let name = OrganizationName::parse(name).map_err(DomainError::from)?;
    let store = state.store.clone();
    blocking(move || store.organization_rename(&actor, id, &name)).await
}

/// List the pending invitations.
///
/// The organisation's owner or an admin (as for inviting): the invitations neither accepted nor expired, newest first
/// (at most 500).
#[utoipa::path(tag = "organizations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 200, description = "The pending invitations", body = ListOf<PendingInvitationDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner or an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/invitations")]
pub async fn invitations(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
) -> Result<web::Json<ListOf<PendingInvitationDto>>, ApiError> {
    let id = path.into_inner();
    let store = state.store.clone();
    let pending = blocking(move || store.invitations_pending(&auth.0, id)).await?;
    Ok(web::Json(pending.into_iter().map(PendingInvitationDto::from).collect()))
}

/// Revoke a pending invitation.
///
/// The organisation's owner or an admin: its link stops working at once. An invitation accepted, expired or already
/// revoked is `not_found` (404).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(
    ("id" = String, Path, description = "Organisation id"),
    ("invitation_id" = String, Path, description = "Invitation id"),
), responses(
    (status = 204, description = "Revoked"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner or an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such pending invitation", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/invitations/{invitation_id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(OrganizationId, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, invitation) = path.into_inner();
    revoke_one(&state, auth.0, id, invitation).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes `invitation` to organisation `id` as `actor`: the API's endpoint and the account page.
///
/// # Errors
/// What [`persistence::Store::invitation_revoke`] answers.
pub async fn revoke_one(
    state: &AppState,
    actor: Actor,
    id: OrganizationId,
    invitation: String,
) -> Result<(), ApiError> {
    let store = state.store.clone();
    blocking(move || store.invitation_revoke(&actor, id, &invitation)).await
}

/// Remove a member, or leave.
///
/// The organisation's owner (signed in, not with a token, from a verified address) or an admin removes a member; a
/// member removes themself (signed in) to leave. The account is closed at once: its roles, sessions, refresh and
/// personal access tokens end, logging in is refused (`account_closed`, 409), and what it wrote stays attributed as
/// before; an invitation from an organisation to the same address reopens it there. The member is emailed. The owner
/// hands the ownership over first (`owner_must_hand_over`, 409); the hub's only admin cannot go (`last_admin`, 409); an
/// evaluator with reviews still open waits until the hub managers reassign them (`open_reviews`, 409). Someone else is
/// `forbidden` (403); a user who is not a member (or has left) is `not_found` (404).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(
    ("id" = String, Path, description = "Organisation id"),
    ("user_id" = String, Path, description = "The member's user id (your own to leave)"),
), responses(
    (status = 204, description = "No longer a member: the account is closed"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the member, the owner or an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such organisation or member", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The owner, the last admin, or reviews still open", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/members/{user_id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(OrganizationId, UserId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, member) = path.into_inner();
    remove_one(&state, auth.0, id, member).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends `member`'s membership of organisation `id` as `actor` (who leaves when it is themself): the
/// API's endpoint and the account page.
///
/// # Errors
/// What [`persistence::Store::organization_member_remove`] answers.
pub async fn remove_one(
    state: &AppState,
    actor: Actor,
    id: OrganizationId,
    member: UserId,
) -> Result<Departure, ApiError> {
    let link = public_link(state, "/privacy");
    let store = state.store.clone();
    blocking(move || {
        store.organization_member_remove(&actor, id, member, |to, org, departure| {
            OutgoingMail::new(
                to.email.clone(),
                to.locale,
                mails::MembershipEnded {
                    display_name: to.display_name.clone(),
                    organization: org.name.clone(),
                    departure: departure.as_str().to_owned(),
                    link: link.clone(),
                },
            )
        })
    })
    .await
}
