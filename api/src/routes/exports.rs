//! Bulk exports for hub managers (issue 19): every proposal and every review they may read, as one
//! streamed JSON document (`items`) or CSV document (`Accept: text/csv`; cells never open as spreadsheet formulas),
//! of one challenge or all. Each export is recorded in the audit log.

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use domain::page::PageRequest;
use domain::{Actor, HalfPoints, Pillar, Proposal, Scope};
use persistence::{Export, ExportNames, ProposalFilter, ReviewExport, Store, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;
use crate::streamed::{Format, Pages, response};

/// Rows a page of an export reads.
const PAGE: u32 = 100;

/// Which challenge's rows.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Only this challenge's (its id or slug); every challenge's without it.
    #[param(max_length = 80)]
    pub challenge: Option<String>,
}

/// One proposal in the export.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9", "challenge_id": "01900000-0000-7000-8000-000000000002",
    "challenge_slug": "open-call", "organization_id": "0192f0b4-0000-7181-a2b3-c4d5e6f7a8b9",
    "organization": "Aurora Labs S.r.l.", "title": "Gateway FHIR sovrano per le ASL", "state": "under_review",
    "version": 1, "trl": 6, "budget_cents": 25000000, "tags": ["sanità", "interoperabilità"],
    "submitted_at": "2026-03-02T09:00:00Z", "created_at": "2026-02-20T10:00:00Z", "updated_at": "2026-03-05T15:00:00Z"
}))]
pub struct ProposalExportDto {
    /// Id.
    pub id: String,
    /// The challenge's id.
    pub challenge_id: String,
    /// The challenge's slug.
    pub challenge_slug: Option<String>,
    /// The organisation's id.
    pub organization_id: String,
    /// The organisation's name.
    pub organization: Option<String>,
    /// Title.
    pub title: String,
    /// State.
    pub state: String,
    /// Version.
    pub version: i32,
    /// Technology readiness level.
    pub trl: Option<u8>,
    /// Budget requested, in euro cents.
    pub budget_cents: Option<i64>,
    /// Tags.
    pub tags: Vec<String>,
    /// Last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// The proposals export.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalExportDocument {
    /// Every proposal, in id order.
    pub items: Vec<ProposalExportDto>,
}

/// The reviews export.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewExportDocument {
    /// Every review, in id order.
    pub items: Vec<ReviewExportDto>,
}

/// One review in the export, as the blind rule lets its reader read it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0b4-1111-7181-a2b3-c4d5e6f7a8b9", "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    "proposal_version": 1, "challenge_slug": "open-call", "evaluator_id": "0192f0b4-2222-7181-a2b3-c4d5e6f7a8b9",
    "evaluator": "Elena Rinaldi", "state": "submitted", "due_at": "2026-03-20T17:00:00Z",
    "submitted_at": "2026-03-18T11:00:00Z", "on_time": true,
    "scores": {"security_sovereignty": 4.0, "growth_development": 3.5, "talent_skills": 3.0, "effectiveness_sustainability": 4.5},
    "comments": {"talent_skills": "Piano di formazione credibile."}, "overall_comment": "Proposta matura.",
    "confidential_comment": null, "recommendation": "accept", "declined_reason": null, "cancelled_reason": null
}))]
pub struct ReviewExportDto {
    /// Id.
    pub id: String,
    /// The proposal.
    pub proposal_id: String,
    /// The version reviewed.
    pub proposal_version: i32,
    /// The challenge's slug.
    pub challenge_slug: Option<String>,
    /// The evaluator, where the reader may know who reviewed.
    pub evaluator_id: Option<String>,
    /// Their name, likewise.
    pub evaluator: Option<String>,
    /// State.
    pub state: String,
    /// Due.
    pub due_at: DateTime<Utc>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Whether it was submitted by its due date (none before it is submitted).
    pub on_time: Option<bool>,
    /// Score per pillar, where given.
    pub scores: BTreeMap<String, f64>,
    /// Comments to the proposer per pillar.
    pub comments: BTreeMap<String, String>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
    /// The comment for the hub only.
    pub confidential_comment: Option<String>,
    /// `accept`, `revise` or `reject`.
    pub recommendation: Option<String>,
    /// Why it was declined.
    pub declined_reason: Option<String>,
    /// Why it was cancelled.
    pub cancelled_reason: Option<String>,
}

/// The proposals, a page at a time.
#[derive(Clone)]
struct ProposalPages {
    store: Store,
    actor: Actor,
    challenge: Option<String>,
    names: Arc<ExportNames>,
}

impl Pages for ProposalPages {
    type Row = ProposalExportDto;

    fn head(&self) -> &'static [&'static str] {
        &[
            "id",
            "challenge_slug",
            "organization",
            "title",
            "state",
            "version",
            "trl",
            "budget_cents",
            "tags",
            "submitted_at",
            "created_at",
            "updated_at",
            "challenge_id",
            "organization_id",
        ]
    }

    fn page(&self, after: Option<String>) -> Result<(Vec<ProposalExportDto>, Option<String>), StoreError> {
        let filter = ProposalFilter { challenge_id: self.challenge.clone(), ..ProposalFilter::default() };
        let page = self.store.proposals_list(&self.actor, &filter, &PageRequest { after, limit: PAGE })?;
        Ok((page.items.into_iter().map(|p| self.row(p)).collect(), page.next_cursor))
    }

    fn record(&self, p: &ProposalExportDto) -> Vec<String> {
        vec![
            p.id.clone(),
            p.challenge_slug.clone().unwrap_or_default(),
            p.organization.clone().unwrap_or_default(),
            p.title.clone(),
            p.state.clone(),
            p.version.to_string(),
            p.trl.map(|t| t.to_string()).unwrap_or_default(),
            p.budget_cents.map(|b| b.to_string()).unwrap_or_default(),
            p.tags.join("; "),
            time(p.submitted_at),
            p.created_at.to_rfc3339(),
            p.updated_at.to_rfc3339(),
            p.challenge_id.clone(),
            p.organization_id.clone(),
        ]
    }
}

impl ProposalPages {
    fn row(&self, p: Proposal) -> ProposalExportDto {
        let (challenge_id, organization_id) = (p.challenge_id.to_string(), p.organization_id.to_string());
        ProposalExportDto {
            id: p.id.to_string(),
            challenge_slug: self.names.challenges.get(&challenge_id).cloned(),
            organization: self.names.organizations.get(&organization_id).cloned(),
            challenge_id,
            organization_id,
            title: p.content.title,
            state: p.state.as_str().to_owned(),
            version: p.version,
            trl: p.content.trl,
            budget_cents: p.content.budget_cents,
            tags: p.content.tags.into_iter().collect(),
            submitted_at: p.submitted_at,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// The reviews, a page at a time.
#[derive(Clone)]
struct ReviewPages {
    store: Store,
    actor: Actor,
    challenge: Option<String>,
    names: Arc<ExportNames>,
}

/// The reviews' CSV head.
const REVIEW_HEAD: [&str; 22] = [
    "id",
    "proposal_id",
    "proposal_version",
    "challenge_slug",
    "evaluator_id",
    "evaluator",
    "state",
    "due_at",
    "submitted_at",
    "on_time",
    "score_security_sovereignty",
    "score_growth_development",
    "score_talent_skills",
    "score_effectiveness_sustainability",
    "recommendation",
    "comment_security_sovereignty",
    "comment_growth_development",
    "comment_talent_skills",
    "comment_effectiveness_sustainability",
    "overall_comment",
    "confidential_comment",
    "declined_or_cancelled_reason",
];

impl Pages for ReviewPages {
    type Row = ReviewExportDto;

    fn head(&self) -> &'static [&'static str] {
        &REVIEW_HEAD
    }

    fn page(&self, after: Option<String>) -> Result<(Vec<ReviewExportDto>, Option<String>), StoreError> {
        let (rows, next) =
            self.store.reviews_export_page(&self.actor, self.challenge.as_deref(), after.as_deref(), PAGE)?;
        Ok((rows.into_iter().map(|r| self.row(r)).collect(), next))
    }

    fn record(&self, r: &ReviewExportDto) -> Vec<String> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut record = vec![
            r.id.clone(),
            r.proposal_id.clone(),
            r.proposal_version.to_string(),
            text(&r.challenge_slug),
            text(&r.evaluator_id),
            text(&r.evaluator),
            r.state.clone(),
            r.due_at.to_rfc3339(),
            time(r.submitted_at),
            r.on_time.map(|b| b.to_string()).unwrap_or_default(),
        ];
        record.extend(Pillar::ALL.iter().map(|p| r.scores.get(p.key()).map(|s| format!("{s:.1}")).unwrap_or_default()));
        record.push(text(&r.recommendation));
        record.extend(Pillar::ALL.iter().map(|p| r.comments.get(p.key()).cloned().unwrap_or_default()));
        record.extend([text(&r.overall_comment), text(&r.confidential_comment)]);
        record.push(r.declined_reason.clone().or_else(|| r.cancelled_reason.clone()).unwrap_or_default());
        record
    }
}

impl ReviewPages {
    fn row(&self, r: ReviewExport) -> ReviewExportDto {
        let a = r.review;
        ReviewExportDto {
            id: a.id.to_string(),
            proposal_id: a.proposal_id.to_string(),
            proposal_version: a.proposal_version,
            challenge_slug: self.names.challenges.get(&r.challenge_id).cloned(),
            evaluator_id: r.evaluator.is_some().then(|| a.evaluator_id.to_string()),
            evaluator: r.evaluator,
            state: a.state.as_str().to_owned(),
            due_at: a.due_at,
            submitted_at: a.submitted_at,
            on_time: a.submitted_at.map(|at| at <= a.due_at),
            scores: Pillar::ALL
                .iter()
                .filter_map(|p| Some((p.key().to_owned(), a.content.scores[p.index()].map(HalfPoints::value)?)))
                .collect(),
            comments: a.content.comments.into_iter().map(|(p, c)| (p.key().to_owned(), c)).collect(),
            overall_comment: a.content.overall_comment,
            confidential_comment: a.content.confidential_comment,
            recommendation: a.content.recommendation.map(|r| r.as_str().to_owned()),
            declined_reason: a.declined_reason,
            cancelled_reason: a.cancelled_reason,
        }
    }
}

/// A time as RFC 3339, or an empty cell.
fn time(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.to_rfc3339()).unwrap_or_default()
}

/// Starts export `what` of `challenge` (id or slug; every challenge without one) for `actor`, audited,
/// written as `format`: the API's endpoints and the managers' downloads.
///
/// # Errors
/// `forbidden` for anyone but hub managers; `not_found` for an unknown challenge.
pub async fn export(
    state: &AppState,
    actor: Actor,
    what: Export,
    challenge: Option<String>,
    format: Format,
) -> Result<HttpResponse, ApiError> {
    actor.require(domain::Role::HubManager, Scope::ReviewsRead)?;
    let store = state.store.clone();
    let reader = actor.clone();
    let (challenge, names) = blocking(move || {
        let challenge = crate::routes::narrowed_to(&store, &reader, challenge.as_deref())?;
        let slug = challenge.as_ref().map(|c| c.content.slug.clone());
        store.export_audited(&reader, what, challenge.as_ref().map(|c| c.id.to_string()).as_deref())?;
        Ok((challenge.map(|c| (c.id.to_string(), slug)), store.export_names(&reader)?))
    })
    .await?;
    let (challenge_id, slug) = challenge.map_or((None, None), |(id, slug)| (Some(id), slug));
    let filename = format!("{}-{}", what.as_str(), slug.as_deref().unwrap_or("all"));
    let (store, names) = (state.store.clone(), Arc::new(names));
    Ok(match what {
        Export::Proposals => {
            response(ProposalPages { store, actor, challenge: challenge_id, names }, format, &filename)
        }
        Export::Reviews => response(ReviewPages { store, actor, challenge: challenge_id, names }, format, &filename),
    })
}

/// The format a request asks for: CSV with `Accept: text/csv`, else JSON.
fn format_of(req: &HttpRequest) -> Format {
    if crate::routes::ranking::wants_csv(req) { Format::Csv } else { Format::Json }
}

/// Export the proposals.
///
/// Hub managers (scope `reviews:read`). Every proposal the reader may see (of challenge `challenge`, if given), in
/// id order, as one JSON object (`items`) streamed as it is read, or as CSV with `Accept: text/csv` (cells never open as
/// spreadsheet formulas). Recorded in the audit log (`export.proposals`).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(ExportQuery), responses(
    (status = 200, description = "The proposals, as JSON or as CSV with `Accept: text/csv`", content(
        (ProposalExportDocument = "application/json"),
        (String = "text/csv"),
    )),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such challenge", body = Problem, content_type = "application/problem+json"),
))]
#[get("/exports/proposals")]
pub async fn proposals(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    export(&state, auth.0, Export::Proposals, query.into_inner().challenge, format_of(&req)).await
}

/// Export the reviews.
///
/// Hub managers (scope `reviews:read`). Every review the reader may read under the blind rule (of challenge
/// `challenge`, if given), in id order — never the reviews of a proposal on the reader's side, beyond their own —
/// with its scores, comments, dates and whether it was on time, as one JSON object (`items`) streamed as it is read, or as CSV
/// with `Accept: text/csv` (cells never open as spreadsheet formulas). Recorded in the audit log (`export.reviews`).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(ExportQuery), responses(
    (status = 200, description = "The reviews, as JSON or as CSV with `Accept: text/csv`", content(
        (ReviewExportDocument = "application/json"),
        (String = "text/csv"),
    )),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such challenge", body = Problem, content_type = "application/problem+json"),
))]
#[get("/exports/reviews")]
pub async fn reviews(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    export(&state, auth.0, Export::Reviews, query.into_inner().challenge, format_of(&req)).await
}
