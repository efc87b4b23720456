//! Each evaluator's quality record (issue 19), for hub managers and for automatic assignment's
//! tie-breaker: their submitted reviews — on time or not, the ratings' labels, the hub's flags, the
//! distance from the final consensus — and their leniency against their co-reviewers, in one pass over
//! the reviews of the proposals they reviewed.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use domain::quality::{QualityRecord, ReviewFacts, distance, flags, norm};
use domain::review::{Assignment, ReviewState};
use domain::scoring::{ReviewScores, ScoreSums, leniency_of_sums};
use domain::{Actor, DomainError, Role, UserId};

use crate::Store;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::reviews::AssignmentRow;
use crate::rows::parse_stored;
use crate::schema::{assignments, proposals, user_roles, users};
use crate::stored::Named;

/// An evaluator's quality record with their name.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatorQuality {
    /// The evaluator.
    pub evaluator: UserId,
    /// Their name.
    pub name: String,
    /// The record.
    pub record: QualityRecord,
}

fn submitted_where<'a>(
    conn: &mut DbConnection,
    column: &str,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<Vec<Assignment>, StoreError> {
    let ids: Vec<&String> = ids.into_iter().collect();
    let query = assignments::table.filter(assignments::state.eq(Named(ReviewState::Submitted))).into_boxed();
    let query = match column {
        "evaluator" => query.filter(assignments::evaluator_id.eq_any(ids)),
        _ => query.filter(assignments::proposal_id.eq_any(ids)),
    };
    let rows: Vec<AssignmentRow> = query.select(AssignmentRow::as_select()).load(conn)?;
    rows.into_iter().map(AssignmentRow::into_assignment).collect()
}

/// The quality records of `evaluators` (each present, empty without a submitted review).
pub(crate) fn records(
    conn: &mut DbConnection,
    evaluators: &BTreeSet<UserId>,
) -> Result<BTreeMap<UserId, QualityRecord>, StoreError> {
    let keys: Vec<String> = evaluators.iter().map(ToString::to_string).collect();
    let own = submitted_where(conn, "evaluator", &keys)?;
    let reviewed: BTreeSet<String> = own.iter().map(|a| a.proposal_id.to_string()).collect();
    // Each reviewed proposal's challenge, its settings and its norm.
    let challenge_of: BTreeMap<String, String> = proposals::table
        .filter(proposals::id.eq_any(&reviewed))
        .select((proposals::id, proposals::challenge_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut challenges = BTreeMap::new();
    for challenge in challenge_of.values().collect::<BTreeSet<_>>() {
        let loaded = crate::challenges::load_challenge(conn, challenge)?;
        let sample = super::lengths_in_challenge(conn, challenge)?;
        challenges.insert(challenge.clone(), (loaded.content.evaluation, norm(&sample)));
    }
    // The final consensus of each reviewed version, and every submitted review of it (the co-reviews).
    let versions: BTreeSet<(String, i32)> =
        own.iter().map(|a| (a.proposal_id.to_string(), a.proposal_version)).collect();
    let mut agreed = BTreeMap::new();
    for (proposal, version) in &versions {
        let scores = crate::consensus::final_agreed(conn, proposal, *version)?.map(|a| a.scores);
        agreed.insert((proposal.clone(), *version), scores);
    }
    let mut groups: BTreeMap<(String, i32), Vec<ReviewScores>> = BTreeMap::new();
    for review in submitted_where(conn, "proposal", &reviewed)? {
        let key = (review.proposal_id.to_string(), review.proposal_version);
        if let (true, Some(scores)) = (versions.contains(&key), review.content.complete_scores()) {
            groups.entry(key).or_default().push(ReviewScores { evaluator: review.evaluator_id, scores });
        }
    }
    let sums: Vec<ScoreSums> = groups.values().map(|g| ScoreSums::of(g)).collect();
    let mut totals: BTreeMap<UserId, i64> = BTreeMap::new();
    for review in groups.values().flatten() {
        *totals.entry(review.evaluator).or_default() +=
            review.scores.iter().map(|s| i64::from(s.halves())).sum::<i64>();
    }
    let leniency = leniency_of_sums(&sums, &totals);
    // The ratings' labels by review.
    let ids: Vec<String> = own.iter().map(|a| a.id.to_string()).collect();
    let mut labels: BTreeMap<String, Vec<domain::quality::RatingLabel>> = BTreeMap::new();
    for (id, rating) in super::ratings_of(conn, &ids)? {
        labels.entry(id).or_default().extend(rating.content.labels);
    }
    let mut facts: BTreeMap<UserId, Vec<ReviewFacts>> = BTreeMap::new();
    for review in &own {
        let proposal = review.proposal_id.to_string();
        let Some((settings, norm)) = challenge_of.get(&proposal).and_then(|c| challenges.get(c)) else { continue };
        let agreed = agreed.get(&(proposal, review.proposal_version)).copied().flatten();
        let distance = agreed.zip(review.content.complete_scores()).map(|(a, s)| distance(&s, &a));
        facts.entry(review.evaluator_id).or_default().push(ReviewFacts {
            on_time: review.submitted_at.is_some_and(|at| at <= review.due_at),
            labels: labels.remove(&review.id.to_string()).unwrap_or_default(),
            flags: flags(review, *norm, agreed.as_ref(), settings),
            consensus_distance: distance,
        });
    }
    Ok(evaluators
        .iter()
        .map(|e| {
            let shared = groups.values().any(|g| g.len() >= 2 && g.iter().any(|r| r.evaluator == *e));
            let lenient = leniency.get(e).copied().filter(|_| shared);
            (*e, QualityRecord::of(facts.get(e).map_or(&[][..], Vec::as_slice), lenient))
        })
        .collect())
}

impl Store {
    /// The quality record of evaluator `evaluator` (hub managers).
    ///
    /// # Errors
    /// `Forbidden` for anyone else; `NotFound` when no evaluator has that id.
    pub fn evaluator_quality(&self, actor: &Actor, evaluator: UserId) -> Result<EvaluatorQuality, StoreError> {
        if !actor.has_role(Role::HubManager) {
            return Err(DomainError::Forbidden("hub managers read the evaluators' records".to_owned()).into());
        }
        self.db.read(|conn| {
            let key = evaluator.to_string();
            let is_evaluator: i64 = user_roles::table
                .filter(user_roles::user_id.eq(&key))
                .filter(user_roles::role.eq(Named(Role::Evaluator)))
                .count()
                .get_result(conn)?;
            let name: Option<String> = users::table.find(&key).select(users::display_name).first(conn).optional()?;
            let (Some(name), 1..) = (name, is_evaluator) else { return Err(StoreError::not_found("evaluator")) };
            let id: UserId = parse_stored("users.id", &key)?;
            let mut all = records(conn, &BTreeSet::from([id]))?;
            Ok(EvaluatorQuality { evaluator: id, name, record: all.remove(&id).unwrap_or_default() })
        })
    }
}
