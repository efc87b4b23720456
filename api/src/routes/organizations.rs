//! Organisations and invitations.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use domain::{
    AdministrationStatus, DomainError, Email, Locale, Organization, OrganizationId, OrganizationKind, OutgoingMail,
    Role, Scope, mails,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::auth::throttle::client_address;
use crate::auth::tokens::new_secret;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::query::Query;
use crate::routes::auth::{NewOrganizationDto, email_link};
use crate::routes::{PageOf, PageQuery, blocking, public_link};
use crate::state::AppState;

const INVITATION_DAYS: i64 = 14;

/// An organisation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "name": "Nuvola Verde S.r.l.",
    "kind": "startup",
    "tax_code": "04987650753",
    "ipa_code": null,
    "created_at": "2026-01-20T08:30:00Z",
    "administration_status": null,
    "verified_at": null
}))]
pub struct OrganizationDto {
    /// Id (UUID v7).
    pub id: String,
    /// Name.
    pub name: String,
    /// `startup`, `university`, `research_centre`, `company` or `public_administration`.
    pub kind: String,
    /// Partita IVA / codice fiscale.
    pub tax_code: String,
    /// IPA code (public administrations).
    pub ipa_code: Option<String>,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Public administrations: `pending` until an admin verifies it against the IPA, then `verified`; `null` for other
    /// kinds.
    pub administration_status: Option<String>,
    /// When an admin verified the administration.
    pub verified_at: Option<DateTime<Utc>>,
}

impl From<Organization> for OrganizationDto {
    fn from(o: Organization) -> Self {
        Self {
            administration_status: o.administration_status().map(|s| s.as_str().to_owned()),
            verified_at: o.verified_at,
            id: o.id.to_string(),
            name: o.name,
            kind: o.kind.as_str().to_owned(),
            tax_code: o.tax_code,
            ipa_code: o.ipa_code,
            created_at: o.created_at,
        }
    }
}

/// Filters of the organisation list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationFilter {
    /// Only organisations of this kind.
    pub kind: Option<String>,
    /// Only public administrations `pending` verification, or `verified`.
    pub status: Option<String>,
    /// Words found in the name, the tax code or the IPA code (case does not matter).
    pub q: Option<String>,
}

/// An invitation to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "luca.ferri@nuvolaverde.example", "locale": "it"}))]
pub struct InvitationRequest {
    /// Who to invite.
    #[schema(example = "marco.bianchi@aurora-labs.example")]
    pub email: String,
    /// Language of the invitation email: `it` (default) or `en`.
    pub locale: Option<String>,
}

/// A sent invitation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0e8-a3b4-75c5-a6f7-a8b9cadbecfd",
    "email": "luca.ferri@nuvolaverde.example",
    "expires_at": "2026-02-17T10:00:00Z"
}))]
pub struct InvitationDto {
    /// Id.
    pub id: String,
    /// Invited address.
    pub email: String,
    /// When the invitation expires.
    pub expires_at: DateTime<Utc>,
}

/// List organisations.
///
/// Admins (scope `admin`) and hub managers (scope `proposals:read`), who look up the organisations that evaluators and
/// sponsors belong to. Every organisation's profile (never its members), paginated by cursor; `kind` keeps one kind (`startup`,
/// `university`, `research_centre`, `company`, `public_administration`); `status` keeps the public administrations
/// `pending` verification (an admin's queue) or `verified`; `q` keeps those whose name, tax code or IPA code contains
/// its words.
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(PageQuery, OrganizationFilter), responses(
    (status = 200, description = "A page of organisations", body = PageOf<OrganizationDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Neither an admin nor a hub manager", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: Query<PageQuery>,
    filter: Query<OrganizationFilter>,
) -> Result<PageOf<OrganizationDto>, ApiError> {
    let page = page.parse()?;
    let kind = filter.kind.as_deref().map(str::parse::<OrganizationKind>).transpose().map_err(DomainError::from)?;
    let status =
        filter.status.as_deref().map(str::parse::<AdministrationStatus>).transpose().map_err(DomainError::from)?;
    let wanted = persistence::OrganizationFilter { kind, status, q: filter.into_inner().q };
    let store = state.store.clone();
    let orgs = blocking(move || store.organizations_list(&auth.0, &wanted, &page)).await?;
    Ok(PageOf::from_page(orgs, OrganizationDto::from))
}

/// Register an organisation.
///
/// Admins only (scope `admin`); users found their own organisation when they register. The tax code (codice fiscale
/// or partita IVA) is validated by its check digit, and a public administration needs its IPA code; one an admin
/// registers is verified by them. An IPA code already registered is `ipa_code_taken` (409), an administration's tax
/// code that a verified one has `tax_code_taken` (409); invalid fields are `validation_failed` (422).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), request_body = NewOrganizationDto, responses(
    (status = 201, description = "Created", body = OrganizationDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "IPA code or tax code taken", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<NewOrganizationDto>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require(Role::Admin, Scope::Admin)?;
    let org = body.parse("")?;
    let store = state.store.clone();
    let created = blocking(move || store.organization_create(&auth.0, &org)).await?;
    let location = format!("/api/v1/organizations/{}", created.id);
    Ok(crate::routes::located(HttpResponse::Created().json(OrganizationDto::from(created)), &location))
}

/// Read an organisation.
///
/// Its members, admins and hub managers may read it; to anyone else it does not exist (`not_found`, 404).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 200, description = "The organisation", body = OrganizationDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
) -> Result<web::Json<OrganizationDto>, ApiError> {
    let id = path.into_inner();
    let store = state.store.clone();
    let org = blocking(move || store.organization_get(&auth.0, id)).await?;
    Ok(web::Json(org.into()))
}

/// Invite a colleague.
///
/// The organisation's owner, or an admin. Emails an invitation, valid for 14 days and only for that address, whose
/// token `/auth/register` accepts. The inviter must have verified their address (403 `forbidden` otherwise), and
/// the organisation must be verified: its founder verified their address, or an admin registered it
/// (`organization_unverified`, 409). The answer is the same whether or not the address has an account (if it has,
/// the email says that it cannot join). Throttled per invited address and per client address (`too_many_requests`,
/// 429 with `Retry-After`).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), request_body = InvitationRequest,
    params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 201, description = "Invitation sent", body = InvitationDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner, or an unverified address", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`organization_unverified`: nobody verified the organisation yet", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many invitations for the address or from the client", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/invitations")]
pub async fn invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
    body: Json<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let body = body.into_inner();
    let invitation = invite_one(&state, auth.0, id, &body.email, body.locale.as_deref(), client_address(&req)).await?;
    // The invitation's own URI (it has no representation to GET; DELETE may come with revocation).
    let location = format!("/api/v1/organizations/{id}/invitations/{}", invitation.id);
    Ok(crate::routes::located(HttpResponse::Created().json(invitation), &location))
}

/// Invites `email` (in `locale`, Italian by default) to organisation `id` as `actor`, from `client`:
/// the API's endpoint and the admins' page.
///
/// # Errors
/// What [`persistence::Store::invitation_create`] answers; `validation_failed` for a malformed address
/// or language; `too_many_requests` when throttled.
pub async fn invite_one(
    state: &AppState,
    actor: domain::Actor,
    id: OrganizationId,
    email: &str,
    locale: Option<&str>,
    client: Option<std::net::IpAddr>,
) -> Result<InvitationDto, ApiError> {
    let email = Email::parse(email).map_err(DomainError::from)?;
    let locale: Locale = locale.map_or(Ok(Locale::default()), str::parse).map_err(DomainError::from)?;
    state.mail_throttle.check(&email, client)?;
    let (token, secret) = new_secret(chrono::Duration::days(INVITATION_DAYS));
    let link = email_link(state, "/accept-invitation", &token);
    let login = public_link(state, "/login");
    let store = state.store.clone();
    let inviter = {
        let store = store.clone();
        let user_id = actor.user_id;
        blocking(move || store.user_get(user_id)).await?.display_name
    };
    let to = email.clone();
    let address = email.as_str().to_owned();
    let invitation_id = blocking(move || {
        store.invitation_create(&actor, id, &email, secret, |org, has_account| {
            let organization = org.name.clone();
            if has_account {
                OutgoingMail::new(to, locale, mails::InvitationAccountExists { organization, inviter, link: login })
            } else {
                let days = INVITATION_DAYS;
                OutgoingMail::new(to, locale, mails::Invitation { organization, inviter, link, token, days })
            }
        })
    })
    .await?;
    let expires_at = state.store.now() + chrono::Duration::days(INVITATION_DAYS);
    Ok(InvitationDto { id: invitation_id, email: address, expires_at })
}
