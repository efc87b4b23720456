//! `/account/organization`: the signed-in person's organisation — its members and, for its owner, the
//! ways to manage it: rename it (`PATCH /api/v1/organizations/{id}`), hand its ownership over to a
//! colleague (`POST …/ownership`), see and revoke the invitations still pending (`GET`, `DELETE
//! …/invitations`), remove a member (`DELETE …/members/{user_id}`); for a member who does not own
//! it, the way to leave it (the same call on themself). Refusals the page cannot prevent are error
//! pages.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{Actor, AdministrationStatus, DomainError, UserId};
use persistence::PendingInvitation;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::membership::{remove_one, rename_one, revoke_one, transfer_one};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other, see_other_signed_out};

/// A member as the page lists them.
struct Member {
    name: String,
    roles: String,
    owner: bool,
    /// Where "make owner" posts, when the reader may hand the organisation to them.
    heir_action: Option<String>,
    /// Whether they have not verified their address (and so cannot become owner yet).
    unverified: bool,
    /// Where "remove" posts, when the reader may remove them.
    remove_action: Option<String>,
}

/// A pending invitation as the page lists it.
struct Invitation {
    email: String,
    invited_by: String,
    expires: String,
    revoke_action: String,
}

#[derive(Template)]
#[template(path = "web/account/organization.html")]
struct OrganizationPage {
    l: Layout,
    csrf: String,
    name: String,
    /// The name typed in the rename form.
    typed_name: String,
    /// Whether the reader manages it (its owner, signed in from a verified address, or an admin).
    manages: bool,
    /// Whether they may rename it (not a verified administration's owner).
    renames: bool,
    /// A verified administration's name is the IPA's.
    ipa_named: bool,
    members: Vec<Member>,
    invitations: Vec<Invitation>,
    /// Whether the reader may leave it (a member who does not own it); its owner hands it over first.
    leaves: bool,
    errors: FieldErrors,
    done: Option<String>,
}

impl OrganizationPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

async fn organization_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    typed: Option<String>,
    errors: FieldErrors,
    done: Option<&str>,
) -> Result<OrganizationPage, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    let id = actor.organization_id;
    let manages = actor.may_manage_members(id).is_ok();
    let store = state.store.clone();
    let reader = actor.clone();
    let (org, people, pending) = blocking(move || {
        let org = store.organization_get(&reader, id)?;
        let people = store.organization_people(&reader, id)?;
        let pending = if reader.can_invite_to(id) { store.invitations_pending(&reader, id)? } else { Vec::new() };
        Ok::<_, persistence::StoreError>((org, people, pending))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let renames = org.check_rename(&actor).is_ok();
    let members = people
        .iter()
        .map(|p| Member {
            name: p.display_name.clone(),
            roles: crate::web::admin::roles_named(tr, &p.roles),
            owner: p.is_org_owner,
            heir_action: (manages && !p.is_org_owner && org.check_new_owner(&actor, p).is_ok())
                .then(|| format!("/account/organization/owner/{}", p.id)),
            unverified: p.email_verified_at.is_none(),
            remove_action: (manages && !p.is_org_owner && p.id != actor.user_id)
                .then(|| format!("/account/organization/members/{}/remove", p.id)),
        })
        .collect();
    let invitations = pending
        .into_iter()
        .map(|i: PendingInvitation| Invitation {
            revoke_action: format!("/account/organization/invitations/{}/revoke", i.id),
            email: i.email,
            invited_by: i.invited_by,
            expires: tr.date(&i.expires_at),
        })
        .collect();
    let done = done
        .filter(|d| ["renamed", "owner", "revoked", "removed"].contains(d))
        .map(|d| tr.t1(&format!("organization-done-{d}"), "organization", &org.name));
    Ok(OrganizationPage {
        csrf: visitor.csrf(state),
        typed_name: typed.unwrap_or_else(|| org.name.clone()),
        ipa_named: org.administration_status() == Some(AdministrationStatus::Verified) && !renames,
        name: org.name,
        manages,
        renames,
        members,
        invitations,
        leaves: !actor.is_org_owner,
        errors,
        done,
        l: Layout::new(state, req, visitor, "account"),
    })
}

/// `?done=` after a form.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The page.
#[get("/account/organization")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let page =
        organization_page(&state, &req, &mut visitor, None, FieldErrors::default(), query.done.as_deref()).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The rename form.
#[derive(Debug, Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
}

/// Renames the organisation; an invalid name is shown again beside the field.
#[post("/account/organization/name")]
pub async fn rename(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<RenameForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let name = form.0.name;
    match rename_one(&state, actor.clone(), actor.organization_id, &name).await {
        Ok(_) => Ok(see_other(&state, &visitor, "/account/organization?done=renamed")),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, str::to_owned);
            let page = organization_page(&state, &req, &mut visitor, Some(name), errors, None).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// Hands the organisation over to a colleague.
#[post("/account/organization/owner/{user_id}")]
pub async fn owner(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<UserId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor: Actor = visitor.person(&req)?.actor.clone();
    transfer_one(&state, actor.clone(), actor.organization_id, path.into_inner()).await?;
    Ok(see_other(&state, &visitor, "/account/organization?done=owner"))
}

/// Revokes a pending invitation.
#[post("/account/organization/invitations/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<String>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    revoke_one(&state, actor.clone(), actor.organization_id, path.into_inner()).await?;
    Ok(see_other(&state, &visitor, "/account/organization?done=revoked"))
}

/// Removes a member: their account is closed.
#[post("/account/organization/members/{user_id}/remove")]
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<UserId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    remove_one(&state, actor.clone(), actor.organization_id, path.into_inner()).await?;
    Ok(see_other(&state, &visitor, "/account/organization?done=removed"))
}

/// Leaves the organisation: the account is closed, so the session ends too.
#[post("/account/organization/leave")]
pub async fn leave(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    remove_one(&state, actor.clone(), actor.organization_id, actor.user_id).await?;
    see_other_signed_out(&state, &visitor, "/?left=1")
}
