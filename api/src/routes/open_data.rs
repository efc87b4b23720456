//! Open data (issue 19), for anyone: the public catalogue's services with their adopters' counts, the
//! adoptions administrations list, and the funnel's figures per public challenge with no count of
//! proposals under 5 published ([`domain::open_data`]). Each as JSON (`items`) or CSV (`?format=csv` or
//! `Accept: text/csv`, cells never opening as formulas), licensed CC BY 4.0 and described in DCAT-AP_IT
//! at `/open-data/catalog.jsonld` (the page `/open-data`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use domain::AdoptionState;
use domain::open_data::suppress;
use persistence::{OpenAdoption, OpenService};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;

/// How a dataset is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    /// `{"items": […]}`.
    Json,
    /// CSV, a head and a row per item.
    Csv,
}

/// The format asked for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DataQuery {
    /// `json` (the default) or `csv`; `Accept: text/csv` asks for CSV too.
    #[param(inline)]
    pub format: Option<DataFormat>,
}

/// A public service.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenServiceDto {
    /// Slug (its page: `/catalogue/{slug}`).
    pub slug: String,
    /// Name.
    pub name: String,
    /// Who provides it.
    pub provider: String,
    /// `published` or `deprecated`.
    pub state: String,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
    /// Whether it came from a proposal evaluated by the hub.
    pub from_proposal: bool,
    /// Administrations using it (listed or not).
    #[schema(format = Int32, minimum = 0)]
    pub adopters_in_use: usize,
    /// Administrations planning to.
    #[schema(format = Int32, minimum = 0)]
    pub adopters_planned: usize,
    /// Administrations that stopped.
    #[schema(format = Int32, minimum = 0)]
    pub adopters_discontinued: usize,
}

/// An adoption its administration lists publicly.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenAdoptionDto {
    /// The service's slug.
    pub service: String,
    /// The administration.
    pub administration: String,
    /// Its code in the IPA index.
    pub ipa_code: Option<String>,
    /// `planned`, `in_use` or `discontinued`.
    pub state: String,
    /// Since when, as declared.
    pub started_on: Option<String>,
}

/// A public challenge's proposals ever submitted, by where they stand; a count under 5 is `null`, and so
/// is a second count beside a lone hidden one.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenFunnelDto {
    /// The challenge's slug.
    pub challenge: String,
    /// Its title, in Italian.
    pub title: String,
    /// Proposals submitted.
    #[schema(format = Int32, minimum = 0)]
    pub submitted: Option<usize>,
    /// Of those, being evaluated.
    #[schema(format = Int32, minimum = 0)]
    pub in_evaluation: Option<usize>,
    /// Accepted (or in the catalogue).
    #[schema(format = Int32, minimum = 0)]
    pub accepted: Option<usize>,
    /// Rejected.
    #[schema(format = Int32, minimum = 0)]
    pub rejected: Option<usize>,
    /// Withdrawn by their teams.
    #[schema(format = Int32, minimum = 0)]
    pub withdrawn: Option<usize>,
}

/// A dataset of services.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"slug": "soc-sanita-regionale", "name": "SOC per la sanità regionale",
    "provider": "Cyber Sanità S.r.l.", "state": "published", "published_at": "2026-05-02T10:00:00Z",
    "from_proposal": true, "adopters_in_use": 2, "adopters_planned": 1, "adopters_discontinued": 0}]}))]
pub struct OpenServicesDto {
    /// The services, by slug.
    pub items: Vec<OpenServiceDto>,
}

/// A dataset of adoptions.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"service": "soc-sanita-regionale", "administration": "Regione Valserena",
    "ipa_code": "r_valser", "state": "in_use", "started_on": "2026-06-01"}]}))]
pub struct OpenAdoptionsDto {
    /// The listed adoptions, by service and administration.
    pub items: Vec<OpenAdoptionDto>,
}

/// A dataset of the funnel's figures.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"challenge": "open-call", "title": "Call aperta", "submitted": 23,
    "in_evaluation": 9, "accepted": 6, "rejected": null, "withdrawn": null}]}))]
pub struct OpenFunnelsDto {
    /// Each public challenge.
    pub items: Vec<OpenFunnelDto>,
}

/// Whether a request asks for CSV.
fn csv(req: &HttpRequest, query: &DataQuery) -> bool {
    query.format == Some(DataFormat::Csv) || (query.format.is_none() && crate::routes::ranking::wants_csv(req))
}

/// `head` and `rows` as a CSV download named `name`.
fn csv_file(name: &str, head: &[&str], rows: Vec<Vec<String>>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}.csv\"")))
        .body(crate::csv_export::document(head, rows)?))
}

/// A count as a cell: empty where suppressed.
fn cell(n: Option<usize>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl From<OpenService> for OpenServiceDto {
    fn from(s: OpenService) -> Self {
        let count = |state: AdoptionState| s.adopters.get(&state).copied().unwrap_or(0);
        Self {
            adopters_in_use: count(AdoptionState::InUse),
            adopters_planned: count(AdoptionState::Planned),
            adopters_discontinued: count(AdoptionState::Discontinued),
            state: s.state.as_str().to_owned(),
            slug: s.slug,
            name: s.name,
            provider: s.provider,
            published_at: s.published_at,
            from_proposal: s.from_proposal,
        }
    }
}

impl From<OpenAdoption> for OpenAdoptionDto {
    fn from(a: OpenAdoption) -> Self {
        Self {
            service: a.service,
            administration: a.administration,
            ipa_code: a.ipa_code,
            state: a.state.as_str().to_owned(),
            started_on: a.started_on,
        }
    }
}

/// A funnel row, suppressed.
fn funnel_row(challenge: String, title: String, counts: [usize; 4]) -> OpenFunnelDto {
    let s = suppress(&counts);
    OpenFunnelDto {
        challenge,
        title,
        submitted: s.total,
        in_evaluation: s.cells[0],
        accepted: s.cells[1],
        rejected: s.cells[2],
        withdrawn: s.cells[3],
    }
}

/// The funnel's rows, one per public challenge. No row sums them: beside the challenges' rows, a total
/// per column would let a challenge's lone hidden count be worked out by subtraction.
pub async fn funnel_rows(state: &AppState) -> Result<Vec<OpenFunnelDto>, ApiError> {
    let store = state.store.clone();
    let counted = blocking(move || store.open_funnel()).await?;
    Ok(counted.into_iter().map(|(c, counts)| funnel_row(c.content.slug, c.content.title_it, counts)).collect())
}

/// Download the public services.
///
/// Anyone. Every service of the public catalogue (published or deprecated), by slug, with how many administrations
/// use it, plan to or stopped (listed or not). JSON, or CSV with `format=csv` or `Accept: text/csv`. CC BY 4.0.
#[utoipa::path(tag = "catalogue", params(DataQuery), responses(
    (status = 200, description = "The services", content((OpenServicesDto = "application/json"), (String = "text/csv"))),
    (status = 400, description = "An unknown format", body = Problem, content_type = "application/problem+json"),
))]
#[get("/open-data/services")]
pub async fn services(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<DataQuery>,
) -> Result<HttpResponse, ApiError> {
    let store = state.store.clone();
    let items: Vec<OpenServiceDto> =
        blocking(move || store.open_services()).await?.into_iter().map(OpenServiceDto::from).collect();
    if !csv(&req, &query) {
        return Ok(HttpResponse::Ok().json(OpenServicesDto { items }));
    }
    let head = [
        "slug",
        "name",
        "provider",
        "state",
        "published_at",
        "from_proposal",
        "adopters_in_use",
        "adopters_planned",
        "adopters_discontinued",
    ];
    let rows = items
        .into_iter()
        .map(|s| {
            vec![
                s.slug,
                s.name,
                s.provider,
                s.state,
                s.published_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                s.from_proposal.to_string(),
                s.adopters_in_use.to_string(),
                s.adopters_planned.to_string(),
                s.adopters_discontinued.to_string(),
            ]
        })
        .collect();
    csv_file("servizi", &head, rows)
}

/// Download the listed adoptions.
///
/// Anyone. The adoptions of public services that their administrations list publicly (an administration may keep
/// its own unlisted: it is then only counted among the service's adopters). JSON, or CSV with `format=csv` or
/// `Accept: text/csv`. CC BY 4.0.
#[utoipa::path(tag = "catalogue", params(DataQuery), responses(
    (status = 200, description = "The adoptions", content((OpenAdoptionsDto = "application/json"), (String = "text/csv"))),
    (status = 400, description = "An unknown format", body = Problem, content_type = "application/problem+json"),
))]
#[get("/open-data/adoptions")]
pub async fn adoptions(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<DataQuery>,
) -> Result<HttpResponse, ApiError> {
    let store = state.store.clone();
    let items: Vec<OpenAdoptionDto> =
        blocking(move || store.open_adoptions()).await?.into_iter().map(OpenAdoptionDto::from).collect();
    if !csv(&req, &query) {
        return Ok(HttpResponse::Ok().json(OpenAdoptionsDto { items }));
    }
    let rows = items
        .into_iter()
        .map(|a| {
            vec![a.service, a.administration, a.ipa_code.unwrap_or_default(), a.state, a.started_on.unwrap_or_default()]
        })
        .collect();
    csv_file("adozioni", &["service", "administration", "ipa_code", "state", "started_on"], rows)
}

/// Download the funnel's figures.
///
/// Anyone. Per public challenge: the proposals ever submitted, and of those how many
/// are being evaluated, were accepted (or are in the catalogue), rejected or withdrawn. No count from 1 to 4 is
/// published (`null`, an empty cell in CSV), nor a second count that would let a hidden one be worked out from the
/// total. JSON, or CSV with `format=csv` or `Accept: text/csv`. CC BY 4.0.
#[utoipa::path(tag = "catalogue", params(DataQuery), responses(
    (status = 200, description = "The figures", content((OpenFunnelsDto = "application/json"), (String = "text/csv"))),
    (status = 400, description = "An unknown format", body = Problem, content_type = "application/problem+json"),
))]
#[get("/open-data/funnel")]
pub async fn funnel(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<DataQuery>,
) -> Result<HttpResponse, ApiError> {
    let items = funnel_rows(&state).await?;
    if !csv(&req, &query) {
        return Ok(HttpResponse::Ok().json(OpenFunnelsDto { items }));
    }
    let head = ["challenge", "title", "submitted", "in_evaluation", "accepted", "rejected", "withdrawn"];
    let rows = items
        .into_iter()
        .map(|f| {
            vec![
                f.challenge,
                f.title,
                cell(f.submitted),
                cell(f.in_evaluation),
                cell(f.accepted),
                cell(f.rejected),
                cell(f.withdrawn),
            ]
        })
        .collect();
    csv_file("andamento-sfide", &head, rows)
}

/// The datasets, for the DCAT-AP_IT description and the page: each one's path under `/api/v1/open-data/`.
pub const DATASETS: [&str; 3] = ["services", "adoptions", "funnel"];
