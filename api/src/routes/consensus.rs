//! Consensus (issue 19): a hub manager designates a rapporteur for the current version of a proposal
//! under review; the rapporteur drafts an agreed score and justification per pillar and a comment to the
//! team; the version's other evaluators concur or dissent; the final report is frozen, and the ranking
//! and the decision use its scores.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use domain::consensus::{Agreed, AgreedInput, Stance};
use domain::pillar::Pillar;
use domain::{DomainError, ProposalId, UserId};
use persistence::ConsensusView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

/// An evaluator's position on the draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionDto {
    /// The evaluator's number in the panel (in the order their reviews were submitted): "Evaluator 2".
    #[schema(format = Int32, minimum = 1)]
    pub evaluator: usize,
    /// Who, for a reader who may know who reviewed (hub managers) and for the reader's own position.
    pub evaluator_name: Option<String>,
    /// Whether it is the reader's own.
    pub yours: bool,
    /// `concur` or `dissent`.
    pub stance: String,
    /// Their note (always given with a dissent).
    pub note: Option<String>,
    /// The draft revision it was taken on.
    pub revision: i32,
    /// Whether it was taken on the current draft (a later draft leaves it on an earlier one).
    pub current: bool,
    /// When.
    pub at: DateTime<Utc>,
}

/// The reviews' aggregate the report reconciles.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewsAggregateDto {
    /// Submitted reviews of the version.
    #[schema(format = Int32, minimum = 0)]
    pub reviews: usize,
    /// Mean score per pillar.
    pub means: BTreeMap<String, f64>,
    /// Max − min per pillar: 2 points or more make the proposal need consensus.
    pub disagreement: BTreeMap<String, f64>,
    /// The weighted total of the means.
    pub weighted_total: f64,
    /// Whether some pillar's disagreement reaches 2 points.
    pub needs_consensus: bool,
}

/// A proposal's consensus on its current version.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    "proposal_version": 1,
    "policy": "when_needed",
    "required": true,
    "state": "draft",
    "revision": 2,
    "rapporteur_name": "Giulia Conti",
    "you_are_rapporteur": false,
    "scores": {"security_sovereignty": 3.5, "growth_development": 4.0, "talent_skills": 3.0, "effectiveness_sustainability": 3.5},
    "justifications": {"security_sovereignty": "Le valutazioni divergevano (2 e 4,5): la cifratura è presente, la gestione delle chiavi è da chiarire."},
    "comment": "Proposta solida; chiarire la gestione delle chiavi.",
    "weighted_total": 3.5,
    "passes": true,
    "reviews": {"reviews": 3, "means": {"security_sovereignty": 3.2}, "disagreement": {"security_sovereignty": 2.5}, "weighted_total": 3.6, "needs_consensus": true},
    "panel": 3,
    "pending": 1,
    "positions": [],
    "finalised_at": null
}))]
pub struct ConsensusDto {
    /// The proposal.
    pub proposal_id: String,
    /// The version whose reviews it reconciles (the current one).
    pub proposal_version: i32,
    /// The challenge's rule: `when_needed` (a spread of 2 points or more on a pillar) or `always`.
    pub policy: String,
    /// Whether a decision needs a final report first (or an override reason).
    pub required: bool,
    /// `draft` or `final`; none before a rapporteur is designated.
    pub state: Option<String>,
    /// The report's revision (its `ETag`); none before a rapporteur is designated.
    pub revision: Option<i32>,
    /// The rapporteur, for a reader who may know who reviewed and for the rapporteur.
    pub rapporteur_name: Option<String>,
    /// Whether the reader is the rapporteur.
    pub you_are_rapporteur: bool,
    /// The agreed score per pillar, once drafted.
    pub scores: Option<BTreeMap<String, f64>>,
    /// The justification per pillar, once drafted.
    pub justifications: Option<BTreeMap<String, String>>,
    /// The comment to the team.
    pub comment: Option<String>,
    /// The weighted total of the agreed scores.
    pub weighted_total: Option<f64>,
    /// Whether the agreed scores pass every threshold.
    pub passes: Option<bool>,
    /// The submitted reviews' aggregate.
    pub reviews: Option<ReviewsAggregateDto>,
    /// How many evaluators submitted a review of the version.
    #[schema(format = Int32, minimum = 0)]
    pub panel: usize,
    /// How many of them (the rapporteur aside) have no position on the current draft.
    #[schema(format = Int32, minimum = 0)]
    pub pending: usize,
    /// The positions taken.
    pub positions: Vec<PositionDto>,
    /// When it was finalised.
    pub finalised_at: Option<DateTime<Utc>>,
}

fn by_pillar<T>(values: impl Fn(Pillar) -> T) -> BTreeMap<String, T> {
    Pillar::ALL.iter().map(|p| (p.key().to_owned(), values(*p))).collect()
}

impl ConsensusDto {
    /// The view as `reader` reads it.
    pub fn of(view: &ConsensusView, reader: UserId) -> Self {
        let report = view.report.as_ref();
        let agreed = report.and_then(|r| r.agreed.as_ref());
        let aggregate = view.agreed();
        let number = |user: UserId| view.panel.0.iter().position(|u| *u == user).map_or(0, |i| i + 1);
        let name = |user: UserId| if view.named || user == reader { view.names.get(&user).cloned() } else { None };
        Self {
            proposal_id: view.proposal.id.to_string(),
            proposal_version: view.proposal.version,
            policy: view.settings.consensus.as_str().to_owned(),
            required: view.required,
            state: report.map(|r| r.state.as_str().to_owned()),
            revision: report.map(|r| r.revision),
            rapporteur_name: report.and_then(|r| name(r.rapporteur)),
            you_are_rapporteur: report.is_some_and(|r| r.rapporteur == reader),
            scores: agreed.map(|a| by_pillar(|p| a.scores[p.index()].value())),
            justifications: agreed.map(|a| by_pillar(|p| a.justifications[p.index()].clone())),
            comment: agreed.and_then(|a| a.comment.clone()),
            weighted_total: aggregate.map(|a| a.weighted_total),
            passes: aggregate.map(|a| a.passes_all()),
            reviews: view.raw.map(|raw| ReviewsAggregateDto {
                reviews: raw.reviews,
                means: by_pillar(|p| raw.means[p.index()]),
                disagreement: by_pillar(|p| raw.disagreement[p.index()]),
                weighted_total: raw.weighted_total,
                needs_consensus: raw.needs_consensus,
            }),
            panel: view.panel.0.len(),
            pending: report.map_or(0, |r| r.pending(&view.panel).len()),
            positions: report
                .map(|r| {
                    r.positions
                        .iter()
                        .map(|p| PositionDto {
                            evaluator: number(p.evaluator),
                            evaluator_name: name(p.evaluator),
                            yours: p.evaluator == reader,
                            stance: p.stance.as_str().to_owned(),
                            note: p.note.clone(),
                            revision: p.revision,
                            current: p.revision == r.revision,
                            at: p.at,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            finalised_at: report.and_then(|r| r.finalised.map(|(at, _)| at)),
        }
    }
}

/// The answer: the view, with the report's revision as its `ETag` (`"r0"` before a rapporteur is designated).
fn answer(view: &ConsensusView, reader: UserId) -> HttpResponse {
    let revision = view.report.as_ref().map_or(0, |r| r.revision);
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::ETAG, crate::routes::conditional::etag(revision)))
        .json(ConsensusDto::of(view, reader))
}

/// The consensus page of proposal `id`, linked from the emails.
pub fn page_link(state: &AppState, id: ProposalId) -> String {
    public_link(state, &format!("/consensus/{id}"))
}

/// Read a proposal's consensus.
///
/// Hub managers, and the evaluators of its current version once their own review is submitted (scope
/// `reviews:read`): the challenge's rule, the reviews' aggregate, the rapporteur's report (agreed score and
/// justification per pillar, the comment to the team) and the other evaluators' positions. Evaluators read each
/// other anonymised ("Evaluator 2"), as their reviews. Before the reader's own review is submitted, 403; the
/// proposal's team, 404.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The consensus, with the report's revision as its `ETag` (`\"r0\"` before a rapporteur is designated)", body = ConsensusDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Submit your own review of this version first", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/consensus")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let (store, actor, id) = (state.store.clone(), auth.0, path.into_inner());
    let reader = actor.user_id;
    let view = blocking(move || store.consensus_get(&actor, id)).await?;
    Ok(answer(&view, reader))
}

/// Whom to designate.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rapporteur_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6"}))]
pub struct RapporteurRequest {
    /// One of the evaluators who submitted a review of the current version, or a hub manager free of the proposal.
    pub rapporteur_id: String,
}

/// Designate the rapporteur.
///
/// Hub managers (scope `reviews:write`) free of the proposal, for the current version of a proposal under review
/// with at least one submitted review (`reviews_missing`, 409). The first designation opens the report; a later one
/// hands the draft over. The rapporteur is emailed. Someone who is neither a reviewer of the version nor a hub
/// manager free of the proposal is `validation_failed` (`not_a_rapporteur`); a final report is `consensus_final`.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = RapporteurRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Designated", body = ConsensusDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager, or on the proposal's side", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not under review, no submitted review, or the report is final", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a possible rapporteur", body = Problem, content_type = "application/problem+json"),
))]
#[put("/proposals/{id}/consensus/rapporteur")]
pub async fn rapporteur(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<RapporteurRequest>,
) -> Result<HttpResponse, ApiError> {
    let rapporteur =
        body.into_inner().rapporteur_id.parse().map_err(|_| {
            DomainError::invalid("rapporteur_id", "not_a_rapporteur", "no such evaluator or hub manager")
        })?;
    let view = designate(&state, auth.0.clone(), path.into_inner(), rapporteur).await?;
    Ok(answer(&view, auth.0.user_id))
}

/// Designates `rapporteur`, as the endpoint does (also the manager's page).
///
/// # Errors
/// As the endpoint.
pub async fn designate(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    chosen: UserId,
) -> Result<ConsensusView, ApiError> {
    let (store, page) = (state.store.clone(), page_link(state, id));
    blocking(move || store.consensus_designate(&actor, id, chosen, &page)).await
}

/// The rapporteur's draft.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "scores": {"security_sovereignty": 3.5, "growth_development": 4.0, "talent_skills": 3.0, "effectiveness_sustainability": 3.5},
    "justifications": {
        "security_sovereignty": "Le valutazioni divergevano (2 e 4,5): la cifratura è presente, la gestione delle chiavi è da chiarire.",
        "growth_development": "Valutazioni concordi.",
        "talent_skills": "Valutazioni concordi.",
        "effectiveness_sustainability": "Valutazioni concordi."
    },
    "comment": "Proposta solida; chiarire la gestione delle chiavi."
}))]
pub struct DraftRequest {
    /// The agreed score per pillar (0 to 5 in half points): every pillar.
    pub scores: BTreeMap<String, Option<f64>>,
    /// Why, per pillar, citing the divergences: every pillar (for the hub and the panel, not the team).
    pub justifications: BTreeMap<String, String>,
    /// The comment to the team, shown with the decision.
    #[serde(default)]
    pub comment: Option<String>,
}

/// Save the consensus draft.
///
/// The rapporteur (scope `reviews:write`). Replaces the whole draft: every pillar's agreed score and justification,
/// and the comment to the team. Each save is a new revision: positions taken on an earlier one stand on it, and
/// whoever took one is emailed (the first draft is emailed to every other evaluator of the version). With `If-Match`
/// (the `ETag` last read) it is saved only if the report did not change since (412).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = DraftRequest,
    params(("id" = String, Path, description = "Proposal id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read")), responses(
    (status = 200, description = "Saved, with its new `ETag`", body = ConsensusDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the rapporteur", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No rapporteur yet, the report is final, or the proposal left review at this version", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "The report changed since the `ETag` given", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A score or justification missing or wrong", body = Problem, content_type = "application/problem+json"),
))]
#[put("/proposals/{id}/consensus")]
pub async fn draft(
    state: web::Data<AppState>,
    req: HttpRequest,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<DraftRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = crate::routes::conditional::optional_revision(&req)?;
    let reader = auth.0.user_id;
    let view = save_draft(&state, auth.0, path.into_inner(), body.into_inner(), expected).await?;
    Ok(answer(&view, reader))
}

/// Saves the draft as the endpoint does (also the rapporteur's page).
///
/// # Errors
/// As the endpoint.
pub async fn save_draft(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    body: DraftRequest,
    expected: Option<i32>,
) -> Result<ConsensusView, ApiError> {
    let agreed = Agreed::parse(AgreedInput {
        scores: body.scores.into_iter().collect(),
        justifications: body.justifications.into_iter().collect(),
        comment: body.comment,
    })?;
    let (store, page) = (state.store.clone(), page_link(state, id));
    blocking(move || store.consensus_draft(&actor, id, agreed, expected, &page)).await
}

/// An evaluator's position.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"stance": "dissent", "note": "Il punteggio sulla sicurezza resta troppo generoso."}))]
pub struct PositionRequest {
    /// `concur` or `dissent`.
    pub stance: String,
    /// Why (required to dissent).
    #[serde(default)]
    pub note: Option<String>,
}

/// Take your position on the draft.
///
/// An evaluator who submitted a review of the current version, other than the rapporteur (scope `reviews:write`):
/// `concur` or `dissent` (with a `note`), on the current draft (`nothing_to_concur`, 409, before one), replacing
/// their earlier position.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = PositionRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Recorded", body = ConsensusDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not one of the version's other evaluators", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No draft yet, the report is final, or the proposal left review at this version", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown stance, or a dissent without a note", body = Problem, content_type = "application/problem+json"),
))]
#[put("/proposals/{id}/consensus/position")]
pub async fn position(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<PositionRequest>,
) -> Result<HttpResponse, ApiError> {
    let reader = auth.0.user_id;
    let view = take_position(&state, auth.0, path.into_inner(), body.into_inner()).await?;
    Ok(answer(&view, reader))
}

/// Records a position as the endpoint does (also the evaluator's page).
///
/// # Errors
/// As the endpoint.
pub async fn take_position(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    body: PositionRequest,
) -> Result<ConsensusView, ApiError> {
    let stance: Stance = body.stance.parse().map_err(|e| DomainError::Invalid(vec![e]))?;
    let store = state.store.clone();
    blocking(move || store.consensus_position(&actor, id, stance, body.note)).await
}

/// Finalise the consensus report.
///
/// The rapporteur, once every other evaluator of the version has a position on the current draft
/// (`positions_pending`, 409); or a hub manager free of the proposal at any time (scope `reviews:write`). The
/// report is frozen; the ranking and the decision use its agreed scores. The panel and the manager who designated
/// the rapporteur are emailed.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Final", body = ConsensusDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Neither the rapporteur nor a hub manager free of the proposal", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No draft, positions pending, already final, or the proposal left review", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/consensus/finalise")]
pub async fn finalise(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let reader = auth.0.user_id;
    let view = finalise_report(&state, auth.0, path.into_inner()).await?;
    Ok(answer(&view, reader))
}

/// Finalises as the endpoint does (also the page).
///
/// # Errors
/// As the endpoint.
pub async fn finalise_report(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
) -> Result<ConsensusView, ApiError> {
    let (store, page) = (state.store.clone(), page_link(state, id));
    blocking(move || store.consensus_finalise(&actor, id, &page)).await
}
