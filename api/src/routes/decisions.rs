//! Decisions on evaluated proposals and the anonymised feedback to their teams.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use domain::proposal::NOTE_MAX;
use domain::{DomainError, Note, Pillar, ProposalId, Scope};
use persistence::Feedback;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::blocking;
use crate::routes::proposals::ProposalDto;
use crate::state::AppState;

/// What a hub manager decides on a proposal under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Accept it.
    Accept,
    /// Reject it.
    Reject,
    /// Any other word: refused with 422 `unknown_decision` on `decision` (not in the document).
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "decision": "accept",
    "rationale": "Proposta solida: supera tutte le soglie con tre valutazioni concordi.",
    "override_reason": null
}))]
pub struct DecisionRequest {
    /// `accept` or `reject`.
    #[schema(example = "accept")]
    pub decision: Decision,
    /// Why (required); the proposal's team reads it with the feedback.
    pub rationale: Option<String>,
    /// To accept without the minimum of submitted reviews or below the thresholds: why. Kept in the
    /// history and the audit log for hub managers and admins; never shown to the team or evaluators.
    pub override_reason: Option<String>,
    /// With a rejection after the team sent observations on the notice of the grounds (art. 10-bis): why they
    /// do not change the outcome (required then, refused otherwise). The team reads it with the decision.
    pub observations_reply: Option<String>,
}

/// Scores per pillar with their thresholds.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"mean": 3.5, "threshold": 3.0, "weight": 25, "passes": true}))]
pub struct PillarFeedbackDto {
    /// Mean of the submitted reviews.
    pub mean: f64,
    /// The challenge's threshold.
    pub threshold: f64,
    /// The challenge's weight.
    pub weight: u8,
    /// Whether the mean reaches the threshold.
    pub passes: bool,
}

/// One review as the team reads it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "evaluator": "Evaluator 1",
    "scores": {
        "effectiveness_sustainability": 4.0,
        "growth_development": 3.5,
        "security_sovereignty": 4.5,
        "talent_skills": 3.5
    },
    "comments": {"talent_skills": "Piano di formazione per gli operatori ben descritto."},
    "overall_comment": "Progetto maturo e ben calato sul territorio.",
    "submitted_at": "2026-04-02T10:15:00Z"
}))]
pub struct AnonymousReviewDto {
    /// "Evaluator 1" … "Evaluator n".
    pub evaluator: String,
    /// Score by pillar (empty where the challenge shows the team only the comments before its decision).
    pub scores: BTreeMap<String, f64>,
    /// Comments by pillar.
    pub comments: BTreeMap<String, String>,
    /// Overall comment.
    pub overall_comment: Option<String>,
    /// When it was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

impl From<persistence::AnonymousReview> for AnonymousReviewDto {
    fn from(r: persistence::AnonymousReview) -> Self {
        Self {
            evaluator: r.label,
            scores: r
                .scores
                .map(|scores| Pillar::ALL.iter().map(|p| (p.key().to_owned(), scores[p.index()])).collect())
                .unwrap_or_default(),
            comments: r.comments.into_iter().map(|(k, v)| (k.key().to_owned(), v)).collect(),
            overall_comment: r.overall_comment,
            submitted_at: r.submitted_at,
        }
    }
}

/// The decision and the anonymised reviews behind it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "decision": "accepted",
    "decided_at": "2026-04-10T16:30:00Z",
    "version": 1,
    "rationale": "Proposta solida: supera tutte le soglie con tre valutazioni concordi.",
    "override_reason": null,
    "weighted_total": 3.9,
    "overall_threshold": 3.0,
    "responsible_officer": "Marta Galli",
    "scores_agreed": false,
    "consensus_comment": null,
    "pillars": {
        "effectiveness_sustainability": {"mean": 4.0, "threshold": 3.0, "weight": 25, "passes": true},
        "growth_development": {"mean": 3.5, "threshold": 3.0, "weight": 25, "passes": true},
        "security_sovereignty": {"mean": 4.5, "threshold": 3.0, "weight": 25, "passes": true},
        "talent_skills": {"mean": 3.5, "threshold": 3.0, "weight": 25, "passes": true}
    },
    "reviews": [
        {
            "evaluator": "Evaluator 1",
            "scores": {
                "effectiveness_sustainability": 4.0,
                "growth_development": 3.5,
                "security_sovereignty": 4.5,
                "talent_skills": 3.5
            },
            "comments": {"talent_skills": "Piano di formazione per gli operatori ben descritto."},
            "overall_comment": "Progetto maturo e ben calato sul territorio.",
            "submitted_at": "2026-04-02T10:15:00Z"
        }
    ]
}))]
pub struct FeedbackDto {
    /// `accept` or `reject`.
    pub decision: String,
    /// The hub's rationale.
    pub rationale: Option<String>,
    /// Why the hub accepted against the rules (hub managers and admins only).
    pub override_reason: Option<String>,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The version decided on.
    pub version: i32,
    /// Per pillar: mean (the consensus report's agreed score, where there is one), threshold, weight, pass.
    pub pillars: BTreeMap<String, PillarFeedbackDto>,
    /// Whether the evaluators' consensus report agreed the scores above (the reviews below stay as written).
    pub scores_agreed: bool,
    /// The consensus report's comment to the team, if it has one.
    pub consensus_comment: Option<String>,
    /// The weighted total.
    pub weighted_total: Option<f64>,
    /// The overall threshold.
    pub overall_threshold: f64,
    /// The reviews, without identities or confidential comments.
    pub reviews: Vec<AnonymousReviewDto>,
    /// The name of the challenge's responsible officer (*responsabile del procedimento*), once named.
    pub responsible_officer: Option<String>,
}

impl From<Feedback> for FeedbackDto {
    fn from(f: Feedback) -> Self {
        let pillars = Pillar::ALL
            .iter()
            .filter_map(|p| {
                let i = p.index();
                f.aggregate.map(|a| {
                    (
                        p.key().to_owned(),
                        PillarFeedbackDto {
                            mean: a.means[i],
                            threshold: f.settings.thresholds[i].value(),
                            weight: f.settings.weights[i],
                            passes: a.passes[i],
                        },
                    )
                })
            })
            .collect();
        Self {
            decision: f.decision.trim_start_matches("decide_").to_owned(),
            rationale: f.rationale,
            override_reason: f.override_reason,
            decided_at: f.decided_at,
            version: f.version,
            pillars,
            scores_agreed: f.consensus.is_some(),
            consensus_comment: f.consensus.flatten(),
            weighted_total: f.aggregate.map(|a| a.weighted_total),
            overall_threshold: f.settings.overall_threshold.value(),
            responsible_officer: f.responsible,
            reviews: f.reviews.into_iter().map(AnonymousReviewDto::from).collect(),
        }
    }
}

/// Decide on a proposal.
///
/// Hub managers (scope `proposals:write`), never on their own organisation's proposals and not while a review of
/// theirs of this version is open (403). Moves a proposal `under_review` to `accepted` or `rejected`, with a
/// `rationale` (required, 422). `accept` needs the challenge's minimum of submitted reviews and passing thresholds,
/// or an `override_reason` (`override_required`, 409, otherwise). `reject`, where the challenge gives notice of the grounds
/// (the open call does), needs that notice first (`notice_required`, 409), waits while its term runs (`notice_running`,
/// 409) and answers the team's observations in `observations_reply`. The team is emailed the decision; reviews still open
/// are cancelled and their evaluators told by email. Of concurrent decisions exactly one wins; the others get 409.
/// From another state: `invalid_transition` (409).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = DecisionRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Decided", body = ProposalDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager; separation of duties (the proposal's side); or an open review of yours of this version", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not under review, already decided, an override is required, or a rejection awaits the notice of the grounds", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A rationale is required, the decision is unknown, or the reply to the observations is missing or has nothing to answer", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/decide")]
pub async fn decide(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<DecisionRequest>,
) -> Result<HttpResponse, ApiError> {
    // The role is checked with the proposal's visibility: others' proposals are 404, not 403.
    auth.0.require_scope(Scope::ProposalsWrite)?;
    let id = path.into_inner();
    let body = body.into_inner();
    let accept = match body.decision {
        Decision::Accept => true,
        Decision::Reject => false,
        Decision::Unknown => {
            return Err(DomainError::invalid("decision", "unknown_decision", "must be `accept` or `reject`").into());
        }
    };
    let texts = DecisionTexts {
        rationale: body.rationale,
        override_reason: body.override_reason,
        observations_reply: body.observations_reply,
    };
    let proposal = decide_one(&state, auth.0, id, accept, texts).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", crate::routes::conditional::etag(proposal.revision)))
        .json(ProposalDto::from(proposal)))
}

/// Read a decided proposal's feedback.
///
/// The proposal's organisation's members and hub managers (scope `proposals:read`), once it is decided
/// (`not_decided`, 409, before). The decision, its rationale, per-pillar means against the thresholds, and each
/// review as "Evaluator n" with its scores and comments to the proposer: no identities, no confidential comments.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The feedback", body = FeedbackDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not decided yet", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/feedback")]
pub async fn feedback(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<FeedbackDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let id = path.into_inner();
    let store = state.store.clone();
    Ok(web::Json(blocking(move || store.proposal_feedback(&auth.0, id)).await?.into()))
}

/// The texts of a decision as sent.
#[derive(Debug, Default)]
pub struct DecisionTexts {
    /// The rationale the team reads.
    pub rationale: Option<String>,
    /// Why the decision goes against the rules, if it does.
    pub override_reason: Option<String>,
    /// A rejection's reply to the team's observations on the notice of the grounds.
    pub observations_reply: Option<String>,
}

/// Decides on proposal `id` (accept or reject) with its rationale, to accept below the rules the
/// override's reason, and to reject after observations the reply to them: the API's endpoint and the
/// managers' decision form.
///
/// # Errors
/// What [`persistence::Store::proposal_decide`] refuses (`override_required`, `notice_running`,
/// separation of duties…); `validation_failed` on `rationale`, `override_reason` or `observations_reply`.
pub async fn decide_one(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    accept: bool,
    texts: DecisionTexts,
) -> Result<domain::Proposal, ApiError> {
    actor.require_scope(Scope::ProposalsWrite)?;
    let parse = |field: &str, text: &Option<String>| Note::parse(field, text.as_deref(), NOTE_MAX);
    let rationale = parse("rationale", &texts.rationale).map_err(DomainError::from)?;
    let override_reason = parse("override_reason", &texts.override_reason).map_err(DomainError::from)?;
    let reply = parse("observations_reply", &texts.observations_reply).map_err(DomainError::from)?;
    let link = crate::routes::public_link(state, &format!("/proposals/{id}/feedback"));
    let store = state.store.clone();
    blocking(move || store.proposal_decide(&actor, id, accept, rationale, override_reason, reply, link.as_str()))
        .await
        .map_err(|e| match e {
            ApiError::Domain(DomainError::Invalid(fields)) => {
                ApiError::Domain(DomainError::Invalid(
                    fields
                        .into_iter()
                        .map(|f| {
                            if f.field == "note" {
                                domain::FieldError { field: "rationale".to_owned(), ..f }
                            } else {
                                f
                            }
                        })
                        .collect(),
                ))
            }
            other => other,
        })
}
