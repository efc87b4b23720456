//! `/admin/organizations/…`: registering an organisation (the checks of `POST /api/v1/organizations`);
//! an organisation's page with its members and an invitation to send — the same functions as the
//! API's endpoints. The list is [`super::organization_list`]'s.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{AdministrationStatus, DomainError, Organization, OrganizationId, OrganizationKind, Role, User, UserId};
use serde::Deserialize;

use super::desk::{kind_name, roles_named};
use super::{Done, admin};
use crate::auth::throttle::client_address;
use crate::error::ApiError;
use crate::routes::administrations::verify_one;
use crate::routes::auth::NewOrganizationDto;
use crate::routes::blocking;
use crate::routes::organizations::invite_one;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::manage::{Refusal, refusal_in};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A public administration's state in words: pending, or verified on a day; `None` for other kinds.
pub fn administration_status(tr: Tr, org: &Organization) -> Option<String> {
    match (org.administration_status(), org.verified_at) {
        (Some(AdministrationStatus::Verified), Some(at)) => {
            Some(tr.t1("administration-verified-on", "date", tr.date(&at)))
        }
        (Some(_), _) => Some(tr.t("administration-pending")),
        (None, _) => None,
    }
}

/// A kind as a choice of a select.
pub struct KindChoice {
    pub(super) value: &'static str,
    pub(super) label: String,
    pub(super) chosen: bool,
}

pub(super) fn kinds(tr: Tr, chosen: &str) -> Vec<KindChoice> {
    OrganizationKind::ALL
        .iter()
        .map(|k| KindChoice { value: k.as_str(), label: kind_name(tr, *k), chosen: k.as_str() == chosen })
        .collect()
}

/// The registration form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct NewFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    tax_code: String,
    #[serde(default)]
    ipa_code: String,
}

#[derive(Template)]
#[template(path = "web/admin/organization_new.html")]
struct NewPage {
    l: Layout,
    csrf: String,
    f: NewFields,
    errors: FieldErrors,
    kinds: Vec<KindChoice>,
}

impl NewPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

fn new_page(state: &AppState, req: &HttpRequest, visitor: &mut Visitor, f: NewFields, errors: FieldErrors) -> NewPage {
    let tr = Tr(visitor.locale);
    NewPage {
        csrf: visitor.csrf(state),
        kinds: kinds(tr, &f.kind),
        f,
        errors,
        l: Layout::new(state, req, visitor, "admin"),
    }
}

/// The form to register an organisation.
#[get("/admin/organizations/new")]
pub async fn new(state: web::Data<AppState>, req: HttpRequest, mut visitor: Visitor) -> Result<HttpResponse, ApiError> {
    admin(&visitor, &req)?;
    let page = new_page(&state, &req, &mut visitor, NewFields::default(), FieldErrors::default());
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Registers the organisation; its page follows.
#[post("/admin/organizations")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<NewFields>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let f = form.0;
    let dto = NewOrganizationDto {
        name: f.name.clone(),
        kind: f.kind.clone(),
        tax_code: f.tax_code.trim().to_owned(),
        ipa_code: Some(f.ipa_code.trim().to_owned()).filter(|c| !c.is_empty()),
    };
    let result = match dto.parse("") {
        Ok(org) => {
            let store = state.store.clone();
            blocking(move || store.organization_create(&actor, &org)).await
        }
        Err(error) => Err(error.into()),
    };
    let tr = Tr(visitor.locale);
    let (status, errors) = match result {
        Ok(created) => {
            return Ok(see_other(&state, &visitor, &format!("/admin/organizations/{}?done=created", created.id)));
        }
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            (StatusCode::UNPROCESSABLE_ENTITY, FieldErrors::from_domain(tr, &fields, str::to_owned))
        }
        Err(ApiError::Domain(DomainError::Conflict { code, .. })) if code == "ipa_code_taken" => {
            (StatusCode::CONFLICT, FieldErrors::one(tr, "ipa_code", code))
        }
        Err(ApiError::Domain(DomainError::Conflict { code, .. })) if code == "tax_code_taken" => {
            (StatusCode::CONFLICT, FieldErrors::one(tr, "tax_code", code))
        }
        Err(other) => return Err(other),
    };
    let page = new_page(&state, &req, &mut visitor, f, errors);
    render(&state, &visitor, status, &page)
}

/// A member as the organisation's page lists them.
pub struct Member {
    /// Where the officer button posts.
    officer_action: String,
    href: String,
    name: String,
    email: String,
    roles: String,
    owner: bool,
    officer: bool,
}

#[derive(Template)]
#[template(path = "web/admin/organization.html")]
struct OrganizationPage {
    l: Layout,
    csrf: String,
    id: String,
    name: String,
    kind: String,
    tax_code: String,
    ipa_code: String,
    created: String,
    /// A public administration's state, in words (`None` for other kinds).
    status: Option<String>,
    /// Whether it waits for an admin's verification (the page offers it).
    pending: bool,
    /// Whether it may have officers (a verified administration: each member has a button).
    officers: bool,
    members: Vec<Member>,
    email: String,
    locale: String,
    notice: Option<String>,
    refusal: Option<Refusal>,
}

/// The organisation's page, with what was just done or refused and the invitation typed.
async fn organization_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: OrganizationId,
    notice: Option<String>,
    refusal: Option<Refusal>,
    typed: (String, String),
) -> Result<OrganizationPage, ApiError> {
    let actor = admin(visitor, req)?;
    let store = state.store.clone();
    let (org, members): (Organization, Vec<User>) =
        blocking(move || Ok((store.organization_get(&actor, id)?, store.organization_people(&actor, id)?))).await?;
    let tr = Tr(visitor.locale);
    let members = members_rows(tr, id, &members);
    Ok(OrganizationPage {
        csrf: visitor.csrf(state),
        id: id.to_string(),
        status: administration_status(tr, &org),
        pending: org.administration_status() == Some(AdministrationStatus::Pending),
        officers: org.is_verified_administration(),
        kind: kind_name(tr, org.kind),
        tax_code: org.tax_code,
        ipa_code: org.ipa_code.unwrap_or_else(|| "—".to_owned()),
        created: tr.datetime(&org.created_at),
        name: org.name,
        members,
        email: typed.0,
        locale: typed.1,
        notice,
        refusal,
        l: Layout::new(state, req, visitor, "admin"),
    })
}

fn members_rows(tr: Tr, org: OrganizationId, users: &[User]) -> Vec<Member> {
    users
        .iter()
        .map(|u| Member {
            officer_action: format!("/admin/organizations/{org}/officers/{}", u.id),
            officer: u.roles.contains(&Role::Administration),
            href: format!("/admin/users/{}", u.id),
            name: u.display_name.clone(),
            email: u.email.clone(),
            roles: roles_named(tr, &u.roles),
            owner: u.is_org_owner,
        })
        .collect()
}

/// An organisation's page.
#[get("/admin/organizations/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<OrganizationId>,
    done: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let notice = match done.done.as_deref() {
        Some("created") => Some(tr.t("admin-organization-created")),
        Some("invited") => Some(tr.t("admin-invitation-sent")),
        Some("verified") => Some(tr.t("admin-administration-verified")),
        Some("appointed") => Some(tr.t("admin-officer-appointed")),
        Some("dismissed") => Some(tr.t("admin-officer-dismissed")),
        _ => None,
    };
    let id = path.into_inner();
    let page = organization_page(&state, &req, &mut visitor, id, notice, None, Default::default()).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The invitation's form.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    locale: String,
}

/// Sends an invitation to join the organisation.
#[post("/admin/organizations/{id}/invitations")]
pub async fn invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<OrganizationId>,
    form: Form<InviteForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let id = path.into_inner();
    let InviteForm { email, locale } = form.0;
    let language = Some(locale.as_str()).filter(|l| !l.is_empty());
    match invite_one(&state, actor, id, email.trim(), language, client_address(&req)).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/admin/organizations/{id}?done=invited"))),
        Err(error) => {
            let (status, why) = refusal_in("admin", Tr(visitor.locale), error, "email")?;
            let page = organization_page(&state, &req, &mut visitor, id, None, Some(why), (email, locale)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}

/// Verifies the administration (`POST /api/v1/organizations/{id}/verification`).
#[post("/admin/organizations/{id}/verification")]
pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<OrganizationId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let id = path.into_inner();
    match verify_one(&state, actor, id).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/admin/organizations/{id}?done=verified"))),
        Err(error) => refused(&state, &req, &mut visitor, id, error).await,
    }
}

/// The officer form: `officer` is `1` to appoint, anything else to remove.
#[derive(Debug, Deserialize)]
pub struct OfficerForm {
    #[serde(default)]
    officer: String,
}

/// Appoints or removes an officer (`PUT` and `DELETE /api/v1/organizations/{id}/officers/{user_id}`).
#[post("/admin/organizations/{id}/officers/{user_id}")]
pub async fn officer(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(OrganizationId, UserId)>,
    form: Form<OfficerForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let (id, user_id) = path.into_inner();
    let appoint = form.0.officer == "1";
    let store = state.store.clone();
    match blocking(move || store.organization_set_officer(&actor, id, user_id, appoint)).await {
        Ok(_) => {
            let done = if appoint { "appointed" } else { "dismissed" };
            Ok(see_other(&state, &visitor, &format!("/admin/organizations/{id}?done={done}")))
        }
        Err(error) => refused(&state, &req, &mut visitor, id, error).await,
    }
}

/// The organisation's page again, with why the hub refused.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: OrganizationId,
    error: ApiError,
) -> Result<HttpResponse, ApiError> {
    let (status, why) = refusal_in("admin", Tr(visitor.locale), error, "email")?;
    let page = organization_page(state, req, visitor, id, None, Some(why), Default::default()).await?;
    render(state, visitor, status, &page)
}
