//! `/catalogue/{slug}/community`: a service's reuse community — its provider and the administrations
//! that adopt it, listed or not — and the form its members write to each other with, relayed by email
//! without addresses (`POST /api/v1/catalogue/services/{slug}/messages`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{Actor, DomainError, Role};
use persistence::Adopters;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::adoptions::{MessageRequest, relay_one};
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::manage::Refusal;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A member as the page lists it.
pub struct Member {
    name: String,
    /// "Provider", or the adoption's state in words.
    role: String,
    since: Option<String>,
    /// Not shown to the public.
    unlisted: bool,
}

/// The message form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct Fields {
    #[serde(default)]
    to: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

#[derive(Template)]
#[template(path = "web/browse/community.html")]
struct CommunityPage {
    l: Layout,
    csrf: String,
    slug: String,
    service: String,
    members: Vec<Member>,
    /// The other member organisations the visitor may write to: (id, name).
    recipients: Vec<(String, String)>,
    may_write: bool,
    sent: bool,
    f: Fields,
    errors: FieldErrors,
    refusal: Option<Refusal>,
}

impl CommunityPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// Whether `actor` writes to the community: one of the provider's people, or an adopter's officer.
fn writer(found: &Adopters, actor: &Actor) -> bool {
    found.member && (actor.organization_id == found.service.content.provider_id || actor.has_role(Role::Administration))
}

async fn community_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    actor: Actor,
    slug: String,
    form: Option<(Fields, FieldErrors, Option<Refusal>)>,
    sent: bool,
) -> Result<CommunityPage, ApiError> {
    let store = state.store.clone();
    let (key, reader) = (slug.clone(), actor.clone());
    let found = blocking(move || store.service_adopters(Some(&reader), &key)).await?;
    let hub = [Role::CatalogueEditor, Role::HubManager, Role::Admin].iter().any(|r| actor.has_role(*r));
    if !found.member && !hub {
        return Err(DomainError::Forbidden("the community is its provider's and its adopters'".into()).into());
    }
    let tr = Tr(visitor.locale);
    let provider_id = found.service.content.provider_id;
    let current: Vec<_> = found.adoptions.iter().filter(|a| a.content.state.in_community()).collect();
    let mut members = vec![Member {
        name: found.provider_name.clone(),
        role: tr.t("community-provider"),
        since: None,
        unlisted: false,
    }];
    members.extend(current.iter().map(|a| Member {
        name: a.organization_name.clone(),
        role: tr.t(&format!("adoption-state-{}", a.content.state.as_str())),
        since: a.content.started_on.map(|d| tr.day(d)),
        unlisted: !a.content.listed,
    }));
    let mut recipients = vec![(provider_id.to_string(), found.provider_name.clone())];
    recipients.extend(current.iter().map(|a| (a.organization_id.to_string(), a.organization_name.clone())));
    recipients.retain(|(id, _)| *id != actor.organization_id.to_string());
    let may_write = writer(&found, &actor) && !recipients.is_empty();
    let (f, errors, refusal) = form.unwrap_or_default();
    Ok(CommunityPage {
        csrf: visitor.csrf(state),
        slug,
        service: found.service.content.name.clone(),
        members,
        recipients,
        may_write,
        sent,
        f,
        errors,
        refusal,
        l: Layout::new(state, req, visitor, "catalogue"),
    })
}

/// After a message: `?sent=1` says it went.
#[derive(Debug, Deserialize)]
pub struct Sent {
    sent: Option<String>,
}

/// The community.
#[get("/catalogue/{slug}/community")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    query: web::Query<Sent>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let sent = query.sent.is_some();
    let page = community_page(&state, &req, &mut visitor, actor, path.into_inner(), None, sent).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Relays the message; the community page follows, saying it went.
#[post("/catalogue/{slug}/community")]
pub async fn write(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<Fields>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let slug = path.into_inner();
    let f = form.0;
    let body = MessageRequest {
        to_organization_id: Some(f.to.clone()).filter(|t| !t.is_empty()),
        subject: Some(f.subject.clone()),
        body: Some(f.body.clone()),
    };
    let tr = Tr(visitor.locale);
    let (status, errors, refusal) = match relay_one(&state, actor.clone(), slug.clone(), body).await {
        Ok(()) => return Ok(see_other(&state, &visitor, &format!("/catalogue/{slug}/community?sent=1"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let id = |field: &str| if field == "to_organization_id" { "to".to_owned() } else { field.to_owned() };
            (StatusCode::UNPROCESSABLE_ENTITY, FieldErrors::from_domain(tr, &fields, id), None)
        }
        Err(ApiError::TooManyRequests { retry_after }) => {
            let hours = retry_after.div_ceil(3600);
            let message = tr.t1("community-too-many", "hours", hours);
            (StatusCode::TOO_MANY_REQUESTS, FieldErrors::default(), Some(Refusal { message, field: None }))
        }
        Err(other) => return Err(other),
    };
    let form = Some((f, errors, refusal));
    let page = community_page(&state, &req, &mut visitor, actor, slug, form, false).await?;
    render(&state, &visitor, status, &page)
}
