//! The evaluation summary of a decided proposal (issue 19, access to the records under L. 241/1990
//! art. 22): the team's record of how the hub decided, as JSON here and as a printable page
//! (`/proposals/{id}/summary`).

use std::collections::BTreeMap;

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use domain::{Pillar, ProposalId, Scope};
use persistence::{EvaluationSummary, SummaryStep};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::routes::decisions::AnonymousReviewDto;
use crate::state::AppState;

/// The proposal the summary is of.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryProposalDto {
    /// Id.
    pub id: String,
    /// Title (now).
    pub title: String,
    /// The applicant organisation.
    pub organization: String,
    /// The version decided on.
    pub version: i32,
    /// When that version was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// The challenge and its responsible officer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryChallengeDto {
    /// Id.
    pub id: String,
    /// Slug.
    pub slug: String,
    /// Title, in Italian.
    pub title: String,
    /// The *responsabile del procedimento*, once named.
    pub responsible_officer: Option<String>,
}

/// The decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryDecisionDto {
    /// `accept` or `reject`.
    pub outcome: String,
    /// The hub's rationale.
    pub rationale: Option<String>,
    /// Why the hub decided against the rules (hub managers and admins only).
    pub override_reason: Option<String>,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The hub manager who decided.
    pub decided_by: Option<String>,
}

/// The challenge's rules the scores were read against.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryRulesDto {
    /// Threshold per pillar (0–5).
    pub thresholds: BTreeMap<String, f64>,
    /// Weight per pillar, in percent.
    pub weights: BTreeMap<String, u8>,
    /// The weighted total's threshold.
    pub overall_threshold: f64,
    /// Submitted reviews needed to accept.
    pub min_reviews: u8,
    /// When a consensus report is needed: `when_needed` or `always`.
    pub consensus: String,
}

/// One pillar's scores.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryPillarDto {
    /// The score the decision rested on: the consensus report's agreed score, else the reviews' mean.
    pub score: f64,
    /// The submitted reviews' mean.
    pub reviews_mean: f64,
    /// The challenge's threshold.
    pub threshold: f64,
    /// The challenge's weight.
    pub weight: u8,
    /// Whether `score` reaches the threshold.
    pub passes: bool,
}

/// The scores the decision rested on.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryScoresDto {
    /// `consensus` (a final consensus report agreed them) or `reviews` (the reviews' means).
    pub basis: String,
    /// Per pillar.
    pub pillars: BTreeMap<String, SummaryPillarDto>,
    /// The weighted total of `score`.
    pub weighted_total: f64,
    /// The weighted total of the reviews' means.
    pub reviews_weighted_total: f64,
    /// Whether the weighted total reaches the overall threshold.
    pub passes_overall: bool,
}

/// An evaluator's position on the final consensus report.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryPositionDto {
    /// "Evaluator n".
    pub evaluator: String,
    /// `concur` or `dissent`.
    pub stance: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The final consensus report.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryConsensusDto {
    /// Agreed score per pillar.
    pub scores: BTreeMap<String, f64>,
    /// Why, per pillar.
    pub justifications: BTreeMap<String, String>,
    /// The comment to the team.
    pub comment: Option<String>,
    /// When it was finalised.
    pub finalised_at: DateTime<Utc>,
    /// The panel's positions on it.
    pub positions: Vec<SummaryPositionDto>,
}

/// One step of the procedure.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryStepDto {
    /// When.
    pub at: DateTime<Utc>,
    /// A funnel action (`submit`, `start_review`, `decide_accept`…), `review_submitted` or
    /// `consensus_finalised`.
    pub event: String,
    /// The proposal's version.
    pub version: i32,
    /// The state the step led to (funnel actions).
    pub state: Option<String>,
    /// The note given with it.
    pub note: Option<String>,
    /// Who: a person by name, an evaluator as "Evaluator n".
    pub by: Option<String>,
}

/// A decided proposal's evaluation summary.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "proposal": {"id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9", "title": "Sportello digitale per i tributi locali",
                 "organization": "Tributi Digitali Srl", "version": 1, "submitted_at": "2026-03-02T09:00:00Z"},
    "challenge": {"id": "0192f0b4-0000-7181-a2b3-c4d5e6f7a8b9", "slug": "tributi-locali",
                  "title": "Tributi locali senza code", "responsible_officer": "Marta Galli"},
    "decision": {"outcome": "reject", "rationale": "Soglia di sicurezza non raggiunta anche dopo la sintesi.",
                 "override_reason": null, "decided_at": "2026-04-10T16:30:00Z", "decided_by": "Marta Galli"},
    "rules": {"thresholds": {"security_sovereignty": 3.0, "growth_development": 3.0, "talent_skills": 3.0,
              "effectiveness_sustainability": 3.0}, "weights": {"security_sovereignty": 25, "growth_development": 25,
              "talent_skills": 25, "effectiveness_sustainability": 25}, "overall_threshold": 3.0, "min_reviews": 2,
              "consensus": "when_needed"},
    "scores": {"basis": "consensus", "pillars": {"security_sovereignty": {"score": 2.5, "reviews_mean": 3.25,
               "threshold": 3.0, "weight": 25, "passes": false}}, "weighted_total": 3.1,
               "reviews_weighted_total": 3.3, "passes_overall": true},
    "consensus": {"scores": {"security_sovereignty": 2.5}, "justifications": {"security_sovereignty":
                  "Le valutazioni divergevano (2 e 4,5): manca un piano di gestione delle chiavi."},
                  "comment": "Chiarire la gestione delle chiavi.", "finalised_at": "2026-04-08T11:00:00Z",
                  "positions": [{"evaluator": "Evaluator 2", "stance": "concur", "at": "2026-04-07T15:00:00Z"}]},
    "reviews": [],
    "notice": null,
    "timeline": [{"at": "2026-03-02T09:00:00Z", "event": "submit", "version": 1, "state": "submitted",
                  "note": null, "by": "Luca Bianchi"}],
    "generated_at": "2026-04-12T10:00:00Z"
}))]
pub struct EvaluationSummaryDto {
    /// The proposal.
    pub proposal: SummaryProposalDto,
    /// The challenge.
    pub challenge: SummaryChallengeDto,
    /// The decision.
    pub decision: SummaryDecisionDto,
    /// The rules.
    pub rules: SummaryRulesDto,
    /// The scores the decision rested on (none without a scored review).
    pub scores: Option<SummaryScoresDto>,
    /// The final consensus report, if one agreed the scores.
    pub consensus: Option<SummaryConsensusDto>,
    /// The reviews, without identities or confidential comments.
    pub reviews: Vec<AnonymousReviewDto>,
    /// The notice of the grounds on the decided version (L. 241/1990 art. 10-bis), the team's observations and
    /// the rejection's reply to them; null when no notice was given.
    pub notice: Option<crate::routes::notices::GroundsNoticeDto>,
    /// The procedure, oldest first.
    pub timeline: Vec<SummaryStepDto>,
    /// When this summary was drawn up.
    pub generated_at: DateTime<Utc>,
}

/// A per-pillar map by pillar key.
fn by_pillar<T>(value: impl Fn(usize) -> T) -> BTreeMap<String, T> {
    Pillar::ALL.iter().map(|p| (p.key().to_owned(), value(p.index()))).collect()
}

impl From<EvaluationSummary> for EvaluationSummaryDto {
    fn from(s: EvaluationSummary) -> Self {
        let f = s.feedback;
        let settings = &f.settings;
        let scores = f.aggregate.as_ref().map(|a| {
            let raw = s.raw.as_ref();
            SummaryScoresDto {
                basis: (if f.consensus.is_some() { "consensus" } else { "reviews" }).to_owned(),
                pillars: by_pillar(|i| SummaryPillarDto {
                    score: a.means[i],
                    reviews_mean: raw.map_or(a.means[i], |r| r.means[i]),
                    threshold: settings.thresholds[i].value(),
                    weight: settings.weights[i],
                    passes: a.passes[i],
                }),
                weighted_total: a.weighted_total,
                reviews_weighted_total: raw.map_or(a.weighted_total, |r| r.weighted_total),
                passes_overall: a.passes_overall,
            }
        });
        Self {
            proposal: SummaryProposalDto {
                id: s.proposal.id.to_string(),
                title: s.proposal.content.title,
                organization: s.organization,
                version: f.version,
                submitted_at: s.submitted_at,
            },
            challenge: SummaryChallengeDto {
                id: s.challenge.id.to_string(),
                slug: s.challenge.content.slug,
                title: s.challenge.content.title_it,
                responsible_officer: f.responsible,
            },
            decision: SummaryDecisionDto {
                outcome: f.decision.trim_start_matches("decide_").to_owned(),
                rationale: f.rationale,
                override_reason: f.override_reason,
                decided_at: f.decided_at,
                decided_by: s.decided_by,
            },
            rules: SummaryRulesDto {
                thresholds: by_pillar(|i| settings.thresholds[i].value()),
                weights: by_pillar(|i| settings.weights[i]),
                overall_threshold: settings.overall_threshold.value(),
                min_reviews: settings.min_reviews,
                consensus: settings.consensus.as_str().to_owned(),
            },
            scores,
            consensus: s.consensus.map(|c| SummaryConsensusDto {
                scores: by_pillar(|i| c.scores[i]),
                justifications: by_pillar(|i| c.justifications[i].clone()),
                comment: c.comment,
                finalised_at: c.finalised_at,
                positions: c
                    .positions
                    .into_iter()
                    .map(|(evaluator, stance, at)| SummaryPositionDto {
                        evaluator,
                        stance: stance.as_str().to_owned(),
                        at,
                    })
                    .collect(),
            }),
            reviews: f.reviews.into_iter().map(AnonymousReviewDto::from).collect(),
            notice: crate::routes::notices::NoticeDto::of(s.notice, s.generated_at).notice,
            timeline: s.timeline.into_iter().map(SummaryStepDto::from).collect(),
            generated_at: s.generated_at,
        }
    }
}

impl From<SummaryStep> for SummaryStepDto {
    fn from(s: SummaryStep) -> Self {
        Self {
            at: s.at,
            event: s.event,
            version: s.version,
            state: s.state.map(|st| st.as_str().to_owned()),
            note: s.note,
            by: s.by,
        }
    }
}

/// Read a decided proposal's evaluation summary.
///
/// The proposal's organisation's members and hub managers (scope `proposals:read`), once it is decided
/// (`not_decided`, 409, before): access to the records of the procedure (L. 241/1990 art. 22). The decision, who
/// took it and why; the challenge's rules and responsible officer; per pillar the score the decision rested on (the
/// final consensus report's, where there is one) beside the reviews' mean; the consensus report's justifications and
/// comment, with the panel's positions; the reviews as "Evaluator n", without identities or confidential comments;
/// the procedure's timeline. The page `/proposals/{id}/summary` prints it and downloads this JSON.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The evaluation summary", body = EvaluationSummaryDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not decided yet", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/evaluation-summary")]
pub async fn evaluation_summary(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<EvaluationSummaryDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let id = path.into_inner();
    let store = state.store.clone();
    Ok(web::Json(blocking(move || store.evaluation_summary(&auth.0, id)).await?.into()))
}
