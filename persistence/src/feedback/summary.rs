//! The evaluation summary of a decided proposal (issue 19, access to the records, L. 241/1990 art. 22):
//! what the team may download once the hub has decided — the decision and who took it, the rules it was
//! taken under, the reviews' scores and the agreed ones, the final consensus report, the anonymised
//! reviews and the procedure's timeline. It reads what the feedback reads ([`super::record`]), and adds
//! the record around it.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::consensus::Stance;
use domain::{Actor, HalfPoints, ProposalId, ProposalState};

use super::{Feedback, Record, record};
use crate::Store;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::{organizations, proposal_history, proposal_versions, users};

/// The final consensus report as the team reads it: the panel's agreed scores and why, and who
/// concurred, as "Evaluator n"; the rapporteur unnamed, the dissenting notes kept as the panel's.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsensusRecord {
    /// Agreed score per pillar, in pillar order.
    pub scores: [f64; 4],
    /// Why, per pillar.
    pub justifications: [String; 4],
    /// The comment to the team.
    pub comment: Option<String>,
    /// When it was finalised.
    pub finalised_at: DateTime<Utc>,
    /// The panel's positions on the final text: "Evaluator n", concur or dissent, when.
    pub positions: Vec<(String, Stance, DateTime<Utc>)>,
}

/// One step of the procedure, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryStep {
    /// When.
    pub at: DateTime<Utc>,
    /// What: a funnel action of the history (`submit`, `start_review`, `decide_reject`…),
    /// `review_submitted` or `consensus_finalised`.
    pub event: String,
    /// The proposal's version.
    pub version: i32,
    /// The state the step led to (funnel actions only).
    pub state: Option<ProposalState>,
    /// The note given with the step.
    pub note: Option<String>,
    /// Who: a person of the hub or the team by name, an evaluator as "Evaluator n".
    pub by: Option<String>,
}

/// A decided proposal's evaluation summary.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationSummary {
    /// The decision, its basis and the anonymised reviews, as the feedback has them.
    pub feedback: Feedback,
    /// The proposal.
    pub proposal: domain::Proposal,
    /// Its organisation's name.
    pub organization: String,
    /// The challenge.
    pub challenge: domain::Challenge,
    /// When the decided version was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who decided, by name.
    pub decided_by: Option<String>,
    /// The reviews' own aggregate, before any consensus.
    pub raw: Option<domain::scoring::Aggregate>,
    /// The final consensus report, if the scores were agreed.
    pub consensus: Option<ConsensusRecord>,
    /// The notice of the grounds on the decided version (art. 10-bis), the team's observations and the
    /// rejection's reply to them.
    pub notice: crate::NoticeView,
    /// The procedure, oldest first.
    pub timeline: Vec<SummaryStep>,
    /// When this summary was drawn up.
    pub generated_at: DateTime<Utc>,
}

/// A history row: action, actor's name, state after, note, version, when.
type StepRow = (String, Option<String>, ProposalState, Option<String>, i32, NaiveDateTime);

impl Store {
    /// The evaluation summary of a decided proposal, for its organisation's proposers and hub managers.
    ///
    /// # Errors
    /// `NotFound` for anyone else; `Conflict` (`not_decided`) before the decision.
    pub fn evaluation_summary(&self, actor: &Actor, id: ProposalId) -> Result<EvaluationSummary, StoreError> {
        let generated_at = self.now();
        self.db.read(|conn| {
            let Record { feedback, proposal, challenge, raw, report, panel, decided_by } = record(conn, actor, id)?;
            let key = id.to_string();
            let organization: String = organizations::table
                .find(proposal.organization_id.to_string())
                .select(organizations::name)
                .first(conn)?;
            let submitted_at: Option<NaiveDateTime> = proposal_versions::table
                .find((&key, feedback.version))
                .select(proposal_versions::submitted_at)
                .first(conn)
                .optional()?;
            let decided_by = match decided_by {
                Some(by) => users::table.find(by).select(users::display_name).first(conn).optional()?,
                None => None,
            };
            let label = |user| panel.0.iter().position(|e| *e == user).map(|i| format!("Evaluator {}", i + 1));
            let consensus = report.and_then(|r| {
                let (finalised_at, _) = r.finalised?;
                let agreed = r.agreed?;
                let positions = r
                    .positions
                    .iter()
                    .filter(|p| p.revision == r.revision)
                    .filter_map(|p| Some((label(p.evaluator)?, p.stance, p.at)))
                    .collect();
                Some(ConsensusRecord {
                    scores: agreed.scores.map(HalfPoints::value),
                    justifications: agreed.justifications,
                    comment: agreed.comment,
                    finalised_at,
                    positions,
                })
            });
            let rows: Vec<StepRow> = proposal_history::table
                .left_join(users::table.on(users::id.nullable().eq(proposal_history::actor_id)))
                .filter(proposal_history::proposal_id.eq(&key))
                .filter(proposal_history::action.ne("edit"))
                .order(proposal_history::id.asc())
                .select((
                    proposal_history::action,
                    users::display_name.nullable(),
                    proposal_history::to_state,
                    proposal_history::note,
                    proposal_history::version,
                    proposal_history::occurred_at,
                ))
                .load(conn)?;
            let history: Vec<SummaryStep> = rows
                .into_iter()
                .map(|(event, by, state, note, version, at)| SummaryStep {
                    at: utc(at),
                    event,
                    version,
                    state: Some(state),
                    note,
                    by,
                })
                .collect();
            let mut evaluation: Vec<SummaryStep> = feedback
                .reviews
                .iter()
                .filter_map(|r| {
                    Some(SummaryStep {
                        at: r.submitted_at?,
                        event: "review_submitted".to_owned(),
                        version: feedback.version,
                        state: None,
                        note: None,
                        by: Some(r.label.clone()),
                    })
                })
                .collect();
            evaluation.extend(consensus.iter().map(|c| SummaryStep {
                at: c.finalised_at,
                event: "consensus_finalised".to_owned(),
                version: feedback.version,
                state: None,
                note: None,
                by: None,
            }));
            let timeline = merge(history, evaluation);
            let notice = crate::notices::view_at(conn, &proposal, feedback.version)?;
            Ok(EvaluationSummary {
                feedback,
                proposal,
                organization,
                challenge,
                submitted_at: submitted_at.map(utc),
                decided_by,
                raw,
                consensus,
                notice,
                timeline,
                generated_at,
            })
        })
    }
}

/// The history in its own order (its rows are numbered as written), with the evaluation's steps (the
/// reviews, then the consensus) each placed before the first history step written after it; a decision
/// written in the same instant as a review (a fast clock) still comes after it.
fn merge(history: Vec<SummaryStep>, mut evaluation: Vec<SummaryStep>) -> Vec<SummaryStep> {
    evaluation.sort_by_key(|s| s.at);
    let mut evaluation = evaluation.into_iter().peekable();
    let mut timeline = Vec::with_capacity(history.len() + evaluation.len());
    for step in history {
        let decision = step.event.starts_with("decide_");
        while let Some(e) = evaluation.next_if(|e| e.at < step.at || (decision && e.at == step.at)) {
            timeline.push(e);
        }
        timeline.push(step);
    }
    timeline.extend(evaluation);
    timeline
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn step(event: &str, second: u32) -> SummaryStep {
        SummaryStep {
            at: Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, second).single().expect("a time"),
            event: event.to_owned(),
            version: 1,
            state: None,
            note: None,
            by: None,
        }
    }

    fn events(steps: &[SummaryStep]) -> Vec<&str> {
        steps.iter().map(|s| s.event.as_str()).collect()
    }

    #[test]
    fn the_evaluation_falls_between_the_history_steps_around_it() {
        let history = vec![step("submit", 1), step("screen_eligible", 2), step("decide_reject", 9), step("promote", 9)];
        let evaluation = vec![step("consensus_finalised", 8), step("review_submitted", 4), step("review_submitted", 6)];
        let merged = merge(history, evaluation);
        assert_eq!(
            events(&merged),
            [
                "submit",
                "screen_eligible",
                "review_submitted",
                "review_submitted",
                "consensus_finalised",
                "decide_reject",
                "promote"
            ]
        );
    }

    #[test]
    fn in_one_instant_the_history_keeps_its_order_and_the_reviews_precede_the_decision() {
        let history = vec![step("create", 0), step("submit", 0), step("screen_eligible", 0), step("decide_accept", 0)];
        let merged = merge(history, vec![step("review_submitted", 0), step("consensus_finalised", 0)]);
        assert_eq!(
            events(&merged),
            ["create", "submit", "screen_eligible", "review_submitted", "consensus_finalised", "decide_accept"]
        );
        // Nothing after the last history step is lost.
        let late = merge(vec![step("submit", 0)], vec![step("review_submitted", 5)]);
        assert_eq!(events(&late), ["submit", "review_submitted"]);
    }
}
