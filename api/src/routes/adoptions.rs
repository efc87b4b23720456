//! Adoption and reuse (CAD art. 68–69): an administration's officer declares that it adopts a catalogue
//! service; everyone reads a service's listed adopters; the provider and the adopters (the service's reuse
//! community) write to each other through the hub, which relays by email without showing addresses.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use domain::adoption::AdoptionInput;
use domain::{Actor, Adoption, AdoptionContent, CommunityMessage, DomainError, OrganizationId, OutgoingMail, mails};
use persistence::{Adopters, Relayed};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::{ListOf, blocking, located, public_link};
use crate::state::AppState;

/// What an officer declares.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"state": "in_use", "started_on": "2026-03-01", "note": "Usato per gli sportelli anagrafici.", "listed": true}))]
pub struct AdoptionRequest {
    /// `planned`, `in_use` or `discontinued`.
    pub state: Option<String>,
    /// When the administration started using it, or means to (`YYYY-MM-DD`; no later than today unless planned).
    pub started_on: Option<String>,
    /// When it stopped (`YYYY-MM-DD`): required of a discontinued adoption, refused of the others.
    pub ended_on: Option<String>,
    /// How the administration uses it, what it changed (at most 2,000 characters).
    pub note: Option<String>,
    /// Whether the public sees the administration among the adopters (default `true`); the service's community always
    /// does.
    pub listed: Option<bool>,
}

/// An administration's adoption of a service.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6", "organization_name": "Comune di Porto Aurelio",
    "state": "in_use", "started_on": "2026-03-01", "ended_on": null, "note": "Usato per gli sportelli anagrafici.", "listed": true,
    "created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-03-01T09:00:00Z"}))]
pub struct AdoptionDto {
    /// The administration.
    pub organization_id: String,
    /// Its name.
    pub organization_name: String,
    /// `planned`, `in_use` or `discontinued`.
    pub state: String,
    /// Started, or means to (`YYYY-MM-DD`).
    pub started_on: Option<String>,
    /// Stopped (`YYYY-MM-DD`).
    pub ended_on: Option<String>,
    /// What it adds.
    pub note: Option<String>,
    /// Shown to the public.
    pub listed: bool,
    /// First declared.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Adoption> for AdoptionDto {
    fn from(a: Adoption) -> Self {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        Self {
            organization_id: a.organization_id.to_string(),
            organization_name: a.organization_name,
            state: a.content.state.as_str().to_owned(),
            started_on: day(a.content.started_on),
            ended_on: day(a.content.ended_on),
            note: a.content.note.map(domain::Note::into_string),
            listed: a.content.listed,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// A service's adopters.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"adopters": 3, "unlisted": 1, "member": false, "items": [{"organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "organization_name": "Comune di Porto Aurelio", "state": "in_use", "started_on": "2026-03-01", "ended_on": null, "note": null,
    "listed": true, "created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-03-01T09:00:00Z"}]}))]
pub struct AdoptersDto {
    /// How many administrations use the service or mean to.
    pub adopters: u32,
    /// How many of them are not named to you (they asked not to be listed publicly).
    pub unlisted: u32,
    /// Whether you belong to its reuse community (its provider, or an administration that adopts it).
    pub member: bool,
    /// The adoptions you may read, oldest first: the listed ones; every one for the community, catalogue editors,
    /// hub managers and admins. Former adopters (`discontinued`) too.
    pub items: Vec<AdoptionDto>,
}

impl From<Adopters> for AdoptersDto {
    fn from(a: Adopters) -> Self {
        Self {
            adopters: u32::try_from(a.adopters).unwrap_or(u32::MAX),
            unlisted: u32::try_from(a.unlisted).unwrap_or(u32::MAX),
            member: a.member,
            items: a.adoptions.into_iter().map(AdoptionDto::from).collect(),
        }
    }
}

/// A message to another member of a service's reuse community.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"subject": "Integrazione con ANPR", "body": "Come avete configurato l'accesso ad ANPR? Ci servirebbe un esempio."}))]
pub struct MessageRequest {
    /// The member organisation written to: the provider when absent.
    pub to_organization_id: Option<String>,
    /// One line, 3 to 150 characters.
    pub subject: Option<String>,
    /// 10 to 5,000 characters.
    pub body: Option<String>,
}

/// A relayed message.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "relayed"}))]
pub struct RelayedDto {
    /// `relayed`: written to the outbox for the recipient organisation's people.
    pub status: &'static str,
}

/// List a service's adopters.
///
/// Whoever may read the service. The administrations that adopt it (`planned`, `in_use`) or did (`discontinued`), with
/// how many use it or mean to; an administration that asked not to be listed is counted but named only to the
/// service's community (its provider and its adopters), catalogue editors, hub managers and admins.
#[utoipa::path(tag = "catalogue", security((), ("bearer" = [])), params(("slug" = String, Path, description = "Service slug")), responses(
    (status = 200, description = "The adopters", body = AdoptersDto),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such service, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services/{slug}/adoptions")]
pub async fn list(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    path: web::Path<String>,
) -> Result<web::Json<AdoptersDto>, ApiError> {
    let store = state.store.clone();
    let slug = path.into_inner();
    let found = blocking(move || store.service_adopters(auth.0.as_ref(), &slug)).await?;
    Ok(web::Json(found.into()))
}

/// Read an administration's adoption of a service.
///
/// As the list shows it: an unlisted adoption exists only for the community, the administration itself and the hub.
#[utoipa::path(tag = "catalogue", security((), ("bearer" = [])), params(("slug" = String, Path, description = "Service slug"),
    ("organization_id" = String, Path, description = "The administration's id")), responses(
    (status = 200, description = "The adoption", body = AdoptionDto),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such service or adoption, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services/{slug}/adoptions/{organization_id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    path: web::Path<(String, OrganizationId)>,
) -> Result<web::Json<AdoptionDto>, ApiError> {
    let (slug, org) = path.into_inner();
    let store = state.store.clone();
    let found = blocking(move || store.service_adopters(auth.0.as_ref(), &slug)).await?;
    let adoption = found.adoptions.into_iter().find(|a| a.organization_id == org);
    adoption.map(|a| web::Json(a.into())).ok_or_else(|| DomainError::NotFound("adoption").into())
}

/// Declare an adoption.
///
/// An officer of a verified administration (role `administration`; a token needs the scope `administration`), for
/// their own administration (another id is `forbidden`): one declaration per administration and service, kept up to
/// date. A published service is open to adoption; a deprecated or retired one only records a `discontinued`
/// adoption, or corrects one without taking the service up again (`service_not_adoptable`, 409); the provider does not
/// adopt its own service (`own_service`, 409). A new declaration is 201, a change 200; a new one or a new state emails
/// the provider's people. publiccode.yml's `usedBy` names the listed administrations in use.
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), request_body = AdoptionRequest,
    params(("slug" = String, Path, description = "Service slug"), ("organization_id" = String, Path, description = "Your administration's id")), responses(
    (status = 200, description = "Updated", body = AdoptionDto),
    (status = 201, description = "Declared", body = AdoptionDto, headers(("Location" = String, description = "The adoption"))),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an officer of this administration", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such service, or not visible to you", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The service is not open to this declaration, or the administration is not verified", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[put("/catalogue/services/{slug}/adoptions/{organization_id}")]
pub async fn declare(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(String, OrganizationId)>,
    body: Json<AdoptionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (slug, org) = path.into_inner();
    if org != auth.0.organization_id {
        domain::need::require_officer(&auth.0)?;
        return Err(DomainError::Forbidden("an officer declares adoptions for their own administration".into()).into());
    }
    let (adoption, created) = declare_one(&state, auth.0, slug.clone(), body.into_inner()).await?;
    let location = format!("/api/v1/catalogue/services/{slug}/adoptions/{org}");
    let dto = AdoptionDto::from(adoption);
    Ok(if created { located(HttpResponse::Created().json(dto), &location) } else { HttpResponse::Ok().json(dto) })
}

/// Declares the adoption of service `slug` by the officer's administration (the API and the service's page):
/// the adoption, and whether it is new.
///
/// # Errors
/// `validation_failed`, and what [`persistence::Store::adoption_declare`] answers.
pub async fn declare_one(
    state: &AppState,
    actor: Actor,
    slug: String,
    body: AdoptionRequest,
) -> Result<(Adoption, bool), ApiError> {
    domain::need::require_officer(&actor)?;
    // Dates are the administration's calendar days: Rome's.
    let today = state.store.now().with_timezone(&chrono_tz::Europe::Rome).date_naive();
    let content = AdoptionContent::parse(
        AdoptionInput {
            state: body.state,
            started_on: body.started_on,
            ended_on: body.ended_on,
            note: body.note,
            listed: body.listed,
        },
        today,
    )?;
    let mail = declared_mail(public_link(state, &format!("/catalogue/{slug}/community")), content.state);
    let store = state.store.clone();
    blocking(move || store.adoption_declare(&actor, &slug, content, mail)).await
}

/// The email to a service's provider about an adoption now in `declared`, linking its community page
/// `link` (the API, the pages and the seeds alike).
pub fn declared_mail(
    link: String,
    declared: domain::AdoptionState,
) -> impl Fn(&persistence::Recipient, &domain::Service, &str) -> OutgoingMail + Send + 'static {
    move |to, service, administration| {
        OutgoingMail::new(
            to.email.clone(),
            to.locale,
            mails::AdoptionDeclared {
                display_name: to.display_name.clone(),
                administration: administration.to_owned(),
                service: service.content.name.clone(),
                state: declared.as_str().to_owned(),
                link: link.clone(),
            },
        )
    }
}

/// Write to a service's reuse community.
///
/// A member of the community: one of the provider's people (a token needs `proposals:write`), or an officer of an
/// administration that uses the service or means to (a token needs `administration`). The message goes to another
/// member organisation (the provider when `to_organization_id` is absent), relayed by email to its people with no
/// address shown either way; they answer from the service's community page. Each person relays at most 5 messages in
/// 24 hours (`too_many_requests`, 429, with `Retry-After`). Problems: `forbidden` (403) outside the community,
/// `validation_failed` (422) for the fields or a recipient outside the community.
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), request_body = MessageRequest,
    params(("slug" = String, Path, description = "Service slug")), responses(
    (status = 202, description = "Relayed by email", body = RelayedDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a member of the service's community", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such service, or not visible to you", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields or recipient", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many messages; `Retry-After` says when the next one fits", body = Problem, content_type = "application/problem+json"),
))]
#[post("/catalogue/services/{slug}/messages")]
pub async fn write_message(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
    body: Json<MessageRequest>,
) -> Result<HttpResponse, ApiError> {
    relay_one(&state, auth.0, path.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(RelayedDto { status: "relayed" }))
}

/// Relays a message in service `slug`'s community (the API and the community page).
///
/// # Errors
/// `validation_failed`; `too_many_requests` past the allowance; what
/// [`persistence::Store::community_message`] answers.
pub async fn relay_one(state: &AppState, actor: Actor, slug: String, body: MessageRequest) -> Result<(), ApiError> {
    let message = CommunityMessage::parse(body.subject.as_deref(), body.body.as_deref())?;
    let to = body
        .to_organization_id
        .as_deref()
        .map(|id| {
            id.parse::<OrganizationId>().map_err(|_| {
                DomainError::invalid("to_organization_id", "not_in_community", "must be a member organisation's id")
            })
        })
        .transpose()?;
    let link = public_link(state, &format!("/catalogue/{slug}/community"));
    let store = state.store.clone();
    let relayed = blocking(move || {
        let to = match to {
            Some(to) => to,
            None => store.service_adopters(Some(&actor), &slug)?.service.content.provider_id,
        };
        store.community_message(&actor, &slug, to, &message, |reader, service, sender, organization| {
            OutgoingMail::new(
                reader.email.clone(),
                reader.locale,
                mails::CommunityMessage {
                    display_name: reader.display_name.clone(),
                    sender: sender.to_owned(),
                    organization: organization.to_owned(),
                    service: service.content.name.clone(),
                    subject: message.subject.clone(),
                    body: message.body.clone(),
                    link: link.clone(),
                },
            )
        })
    })
    .await?;
    match relayed {
        Relayed::Sent => Ok(()),
        Relayed::Throttled(retry_after) => Err(ApiError::TooManyRequests { retry_after }),
    }
}

/// List an administration's adoptions.
///
/// Its own people, hub managers and admins; to anyone else the organisation does not exist (`not_found`, 404). Every
/// service it adopts or did, most recently changed first.
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 200, description = "Its adoptions", body = ListOf<OrganizationAdoptionDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/adoptions")]
pub async fn of_organization(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
) -> Result<web::Json<ListOf<OrganizationAdoptionDto>>, ApiError> {
    let store = state.store.clone();
    let org = path.into_inner();
    let found = blocking(move || store.organization_adoptions(&auth.0, org)).await?;
    Ok(web::Json(
        found
            .into_iter()
            .map(|(adoption, slug, name)| OrganizationAdoptionDto {
                slug,
                service_name: name,
                adoption: adoption.into(),
            })
            .collect(),
    ))
}

/// An adoption in an administration's list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"slug": "cruscotto-open-data-lavoro", "service_name": "Cruscotto open data sul mercato del lavoro",
    "organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6", "organization_name": "Comune di Porto Aurelio", "state": "planned",
    "started_on": "2027-01-15", "ended_on": null, "note": null, "listed": true, "created_at": "2026-11-02T09:00:00Z",
    "updated_at": "2026-11-02T09:00:00Z"}))]
pub struct OrganizationAdoptionDto {
    /// The service's slug (`/api/v1/catalogue/services/{slug}`).
    pub slug: String,
    /// Its name.
    pub service_name: String,
    /// The adoption.
    #[serde(flatten)]
    pub adoption: AdoptionDto,
}
