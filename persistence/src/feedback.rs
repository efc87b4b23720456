//! The feedback on a decided proposal: the decision and the anonymised reviews behind it, fixed at the
//! decision (no review of that version can be submitted afterwards).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::duties::reads_internal_record;
use domain::{Actor, DomainError, HalfPoints, Pillar, ProposalAction, ProposalId};

mod summary;
pub use summary::{ConsensusRecord, EvaluationSummary, SummaryStep};

use crate::Store;
use crate::duties::is_conflicted;
use crate::error::StoreError;
use crate::proposals::load_visible;
use crate::reviews::{VersionScores, version_scores};
use crate::rows::utc;
use crate::schema::proposal_history;
use crate::stored::named;

/// One review as the proposer's team reads it: no identity, no confidential comment.
#[derive(Debug, Clone, PartialEq)]
pub struct AnonymousReview {
    /// "Evaluator 1" … "Evaluator n", in submission order.
    pub label: String,
    /// Score per pillar, in pillar order; none where the team reads only the comments (a challenge's
    /// response to the reviews before the decision may hide them).
    pub scores: Option<[f64; 4]>,
    /// Comments to the proposer, by pillar.
    pub comments: BTreeMap<Pillar, String>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
    /// When it was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Submitted reviews, in submission order, as the team reads them: "Evaluator 1" … "Evaluator n", with
/// their scores and comments to the team, never who wrote them nor the confidential comment.
pub(crate) fn anonymised(reviews: Vec<domain::review::Assignment>) -> Vec<AnonymousReview> {
    reviews
        .into_iter()
        .enumerate()
        .map(|(i, a)| AnonymousReview {
            label: format!("Evaluator {}", i + 1),
            scores: Some(a.content.scores.map(|s| s.map_or(0.0, HalfPoints::value))),
            comments: a.content.comments,
            overall_comment: a.content.overall_comment,
            submitted_at: a.submitted_at,
        })
        .collect()
}

/// The decision and the anonymised reviews behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// `decide_accept` or `decide_reject`.
    pub decision: String,
    /// The hub's rationale.
    pub rationale: Option<String>,
    /// Why the hub accepted against the rules, if it did (hub managers and admins only).
    pub override_reason: Option<String>,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The version decided on.
    pub version: i32,
    /// The challenge's settings the scores are read against.
    pub settings: domain::EvaluationSettings,
    /// The aggregate the decision rested on: the final consensus report's agreed scores where there is
    /// one, else the submitted reviews'.
    pub aggregate: Option<domain::scoring::Aggregate>,
    /// Whether a final consensus report agreed the scores, with its comment to the team.
    pub consensus: Option<Option<String>>,
    /// The reviews.
    pub reviews: Vec<AnonymousReview>,
    /// The name of the challenge's responsible officer (*responsabile del procedimento*), once named.
    pub responsible: Option<String>,
}

/// A decision's history row: action, rationale, override reason, version, when, by whom.
type DecisionRow = (String, Option<String>, Option<String>, i32, NaiveDateTime, Option<String>);

/// What a decided proposal's record rests on, loaded once for the feedback and the evaluation summary.
pub(crate) struct Record {
    /// The feedback.
    pub(crate) feedback: Feedback,
    /// The proposal (now).
    pub(crate) proposal: domain::Proposal,
    /// Its challenge.
    pub(crate) challenge: domain::Challenge,
    /// The reviews' own aggregate, before any consensus.
    pub(crate) raw: Option<domain::scoring::Aggregate>,
    /// The consensus report on the decided version, if there is one.
    pub(crate) report: Option<domain::consensus::ConsensusReport>,
    /// The version's panel, in submission order (the reviews' labels).
    pub(crate) panel: domain::consensus::Panel,
    /// Who decided (their id).
    pub(crate) decided_by: Option<String>,
}

/// The record of decided proposal `proposal` as `actor` reads it: its organisation's proposers and hub
/// managers; `NotFound` for anyone else, `not_decided` (409) before the decision.
pub(crate) fn record(
    conn: &mut crate::db::DbConnection,
    actor: &Actor,
    proposal: ProposalId,
) -> Result<Record, StoreError> {
    let target = load_visible(conn, actor, proposal)?;
    if !target.record_readable_by(actor) {
        return Err(StoreError::not_found("proposal"));
    }
    let decision: Option<DecisionRow> = proposal_history::table
        .filter(proposal_history::proposal_id.eq(proposal.to_string()))
        .filter(proposal_history::action.eq_any(named([ProposalAction::DecideAccept, ProposalAction::DecideReject])))
        .order(proposal_history::id.desc())
        .select((
            proposal_history::action,
            proposal_history::note,
            proposal_history::override_reason,
            proposal_history::version,
            proposal_history::occurred_at,
            proposal_history::actor_id,
        ))
        .first(conn)
        .optional()?;
    let Some((decision, rationale, override_reason, version, decided_at, decided_by)) = decision else {
        return Err(DomainError::conflict("not_decided", "the feedback is available once the hub has decided").into());
    };
    let key = proposal.to_string();
    let challenge = crate::challenges::load_challenge(conn, &target.challenge_id.to_string())?;
    let settings = &challenge.content.evaluation;
    let VersionScores { reviews, aggregate: raw, .. } = version_scores(conn, &key, version, settings)?;
    let report = crate::consensus::report_of(conn, &key, version)?;
    let agreed = report.as_ref().and_then(|r| r.final_scores().cloned());
    let consensus = agreed.as_ref().map(|a| a.comment.clone());
    let aggregate = match agreed {
        Some(agreed) => Some(agreed.aggregate(raw.as_ref(), settings)),
        None => raw,
    };
    // The override reason is the hub's record; the team reads the rationale.
    let internal = reads_internal_record(actor, is_conflicted(conn, actor, &target)?);
    let responsible = crate::challenges::responsible_named(conn, &challenge)?.map(|(_, name)| name);
    let panel = domain::consensus::Panel(reviews.iter().map(|a| a.evaluator_id).collect());
    let feedback = Feedback {
        responsible,
        decision,
        rationale,
        override_reason: override_reason.filter(|_| internal),
        decided_at: utc(decided_at),
        version,
        settings: challenge.content.evaluation,
        aggregate,
        consensus,
        reviews: anonymised(reviews),
    };
    Ok(Record { feedback, proposal: target, challenge, raw, report, panel, decided_by })
}

impl Store {
    /// The feedback on a decided proposal, for its organisation's proposers and hub managers.
    ///
    /// # Errors
    /// `NotFound` for anyone else; `Conflict` (`not_decided`) before the decision.
    pub fn proposal_feedback(&self, actor: &Actor, proposal: ProposalId) -> Result<Feedback, StoreError> {
        self.db.read(|conn| Ok(record(conn, actor, proposal)?.feedback))
    }
}
