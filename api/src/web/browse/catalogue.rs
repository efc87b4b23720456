//! `/catalogue` and `/catalogue/{slug}`: the catalogue searched with the API's filters and orders, a
//! page at a time, and a service's page (descriptions, provider, licence, links, scores at acceptance
//! as a chart and a table, the deprecation notice naming the successor, the publiccode.yml download).

use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::Pillar;
use domain::catalogue::{ServiceModel, ServiceState};
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::catalogue::ServiceQuery;
use crate::routes::{PageQuery, blocking};
use crate::state::AppState;
use crate::web::chart::{Bar, Chart};
use crate::web::listing::filled;
use crate::web::public::{ServiceCard, localized};
use crate::web::rubric::{name_of, pillars};
use crate::web::{Layout, Tr, Visitor, catalogue_page, rendered};

/// The search form, as a browser sends it (empty fields are no filter).
#[derive(Debug, Default, Deserialize)]
pub struct SearchForm {
    q: Option<String>,
    service_model: Option<String>,
    pillar: Option<String>,
    min_score: Option<String>,
    sort: Option<String>,
    tag: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
}

#[derive(Template)]
#[template(path = "web/browse/catalogue.html")]
struct SearchPage {
    l: Layout,
    q: String,
    tag: String,
    service_model: String,
    pillar: String,
    min_score: String,
    sort: String,
    models: Vec<&'static str>,
    pillars: Vec<(&'static str, String)>,
    services: Vec<ServiceCard>,
    next: Option<String>,
}

/// The catalogue.
#[get("/catalogue")]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    form: web::Query<SearchForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    catalogue_page(&state, &req, &visitor, async || search_html(&state, &req, visitor.clone(), form).await).await
}

/// The search page's HTML.
async fn search_html(
    state: &AppState,
    req: &HttpRequest,
    mut visitor: Visitor,
    form: SearchForm,
) -> Result<web::Bytes, ApiError> {
    let min_score = filled(form.min_score.as_deref())
        .map(|m| m.replace(',', ".").parse::<f64>())
        .transpose()
        .map_err(|_| domain::DomainError::invalid("min_score", "invalid_type", "must be a number"))?;
    let filter = ServiceQuery {
        q: filled(form.q.as_deref()),
        service_model: filled(form.service_model.as_deref()),
        tag: filled(form.tag.as_deref()),
        provider_id: None,
        state: None,
        min_score,
        pillar: filled(form.pillar.as_deref()),
        sort: filled(form.sort.as_deref()),
    }
    .into_filter()?;
    let page = PageQuery { limit: form.limit.or(Some(20)), cursor: filled(form.cursor.as_deref()) }.parse()?;
    let (store, actor) = (state.store.clone(), visitor.signed_in.as_ref().map(|s| s.actor.clone()));
    let (found, rubric) = blocking(move || {
        Ok::<_, persistence::StoreError>((
            store.services_list(actor.as_ref(), &filter, &page)?,
            store.rubric_current()?,
        ))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let next = found.next_cursor.as_ref().map(|cursor| {
        let fields = [
            ("q", &form.q),
            ("service_model", &form.service_model),
            ("pillar", &form.pillar),
            ("min_score", &form.min_score),
            ("sort", &form.sort),
            ("tag", &form.tag),
        ];
        let mut pairs: Vec<(&str, String)> =
            fields.iter().filter_map(|(k, v)| filled(v.as_deref()).map(|v| (*k, v))).collect();
        pairs.push(("cursor", cursor.clone()));
        format!("/catalogue?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    });
    let page = SearchPage {
        q: filled(form.q.as_deref()).unwrap_or_default(),
        tag: filled(form.tag.as_deref()).unwrap_or_default(),
        service_model: filled(form.service_model.as_deref()).unwrap_or_default(),
        pillar: filled(form.pillar.as_deref()).unwrap_or_default(),
        min_score: filled(form.min_score.as_deref()).unwrap_or_default(),
        sort: filled(form.sort.as_deref()).unwrap_or_default(),
        models: ServiceModel::ALL.iter().map(|m| m.as_str()).collect(),
        pillars: pillars(&rubric, tr.0).into_iter().map(|p| (p.key, p.name)).collect(),
        services: found.items.iter().map(|s| ServiceCard::of(tr.0, s)).collect(),
        next,
        l: Layout::new(state, req, &mut visitor, "catalogue"),
    };
    rendered(&page)
}

#[derive(Template)]
#[template(path = "web/browse/service.html")]
struct ServicePage {
    l: Layout,
    slug: String,
    name: String,
    summary: String,
    description: String,
    features: Vec<String>,
    provider: String,
    licence: Option<String>,
    version: Option<String>,
    status: Option<String>,
    model: Option<String>,
    repository: Option<String>,
    landing: Option<String>,
    platforms: Vec<String>,
    tags: Vec<String>,
    contacts: Vec<domain::catalogue::Contact>,
    /// Deprecated (or retired): the notice, with the reason and the successor.
    deprecated: bool,
    deprecation_reason: Option<String>,
    /// The successor's page and name.
    successor: Option<(String, String)>,
    chart: Option<Chart>,
    a: Adoptions,
}

/// The service's adopters as its page shows them, and what the visitor may do about them.
struct Adoptions {
    /// How many administrations use it or mean to.
    count: usize,
    /// Those named: (name, state in words, since).
    named: Vec<(String, String, Option<String>)>,
    /// How many asked not to be named.
    unlisted: usize,
    /// The officer's form: its label ("declare" or "update").
    declare: Option<String>,
    /// Whether the visitor opens the community's page.
    community: bool,
}

impl Adoptions {
    fn of(tr: Tr, found: &persistence::Adopters, actor: Option<&domain::Actor>) -> Self {
        use domain::Role;
        let named = found
            .adoptions
            .iter()
            .filter(|a| a.content.state.in_community())
            .map(|a| {
                let state = tr.t(&format!("adoption-state-{}", a.content.state.as_str()));
                (a.organization_name.clone(), state, a.content.started_on.map(|d| tr.day(d)))
            })
            .collect();
        let service = &found.service;
        let officer =
            actor.is_some_and(|a| a.has_role(Role::Administration) && a.organization_id != service.content.provider_id);
        let open = service.state == ServiceState::Published || found.own.is_some();
        let hub = actor
            .is_some_and(|a| [Role::CatalogueEditor, Role::HubManager, Role::Admin].iter().any(|r| a.has_role(*r)));
        Self {
            count: found.adopters,
            named,
            unlisted: found.unlisted,
            declare: (officer && open)
                .then(|| tr.t(if found.own.is_some() { "adoption-update" } else { "adoption-declare" })),
            community: found.member || hub,
        }
    }
}

/// A service of the catalogue.
#[get("/catalogue/{slug}")]
pub async fn service_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    catalogue_page(&state, &req, &visitor, async || service_html(&state, &req, visitor.clone(), slug).await).await
}

/// The service page's HTML.
async fn service_html(
    state: &AppState,
    req: &HttpRequest,
    mut visitor: Visitor,
    slug: String,
) -> Result<web::Bytes, ApiError> {
    let (store, actor) = (state.store.clone(), visitor.signed_in.as_ref().map(|s| s.actor.clone()));
    let reader = actor.clone();
    let (view, rubric, adopters) = blocking(move || {
        Ok::<_, persistence::StoreError>((
            store.service_get(reader.as_ref(), &slug)?,
            store.rubric_current()?,
            store.service_adopters(reader.as_ref(), &slug)?,
        ))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let views = pillars(&rubric, tr.0);
    let service = &view.service;
    let content = &service.content;
    let chart = service.scores.as_ref().map(|_| {
        let bars: Vec<Bar> = Pillar::ALL
            .iter()
            .filter_map(|p| service.pillar_score(*p).map(|s| (p, s.value())))
            .map(|(p, value)| Bar { label: name_of(&views, *p), value, shown: tr.number(value, 1), threshold: None })
            .collect();
        let description = bars.iter().map(|b| format!("{}: {}", b.label, b.shown)).collect::<Vec<_>>().join("; ");
        Chart::new(tr.t1("service-scores-chart-title", "name", &content.name), description, String::new(), bars)
    });
    let features = if tr.0 == domain::Locale::En && !content.features_en.is_empty() {
        content.features_en.clone()
    } else {
        content.features_it.clone()
    };
    let page = ServicePage {
        slug: content.slug.clone(),
        name: content.name.clone(),
        summary: localized(tr.0, &content.short_description_it, content.short_description_en.as_deref()),
        description: localized(tr.0, &content.long_description_it, content.long_description_en.as_deref()),
        features,
        provider: view.provider_name.clone(),
        licence: content.license.clone(),
        version: content.version.clone(),
        status: content.development_status.map(|s| tr.t(&format!("development-status-{}", s.as_str()))),
        model: content.service_model.map(|m| m.as_str().to_uppercase()),
        repository: content.repository_url.clone(),
        landing: content.landing_url.clone(),
        platforms: content.platforms.iter().cloned().collect(),
        tags: content.tags.iter().cloned().collect(),
        contacts: content.contacts.clone(),
        deprecated: matches!(service.state, ServiceState::Deprecated | ServiceState::Retired),
        deprecation_reason: service.deprecation_reason.clone(),
        successor: view.replacement.clone().map(|(slug, name)| (format!("/catalogue/{slug}"), name)),
        chart,
        a: Adoptions::of(tr, &adopters, actor.as_ref()),
        l: Layout::new(state, req, &mut visitor, "catalogue"),
    };
    rendered(&page)
}
