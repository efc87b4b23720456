//! A challenge's ranking input, grouped in SQL.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::review::ReviewState;
use domain::{Actor, ProposalId, ProposalState, UserId};

use crate::Store;
use crate::error::StoreError;
use crate::rows::{parse_stored, utc};
use crate::schema::{assignments, proposals};
use crate::stored::Named;

/// A proposal in a challenge's ranking, with the sums of its submitted reviews of the current version.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingRow {
    /// The proposal.
    pub proposal_id: ProposalId,
    /// Its title.
    pub title: String,
    /// Its organisation.
    pub organization_id: String,
    /// Its state.
    pub state: ProposalState,
    /// Its version.
    pub version: i32,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The sums of the submitted reviews of that version.
    pub sums: domain::scoring::ScoreSums,
    /// Its requested budget in euro cents.
    pub budget_cents: Option<i64>,
    /// The agreed scores of its final consensus report on that version, if any.
    pub agreed: Option<[domain::HalfPoints; 4]>,
}

impl RankingRow {
    /// The row as the portfolio reads it.
    pub fn contender(&self) -> domain::portfolio::Contender {
        domain::portfolio::Contender {
            proposal: self.proposal_id,
            state: self.state,
            submitted_at: self.submitted_at,
            sums: self.sums.clone(),
            budget_cents: self.budget_cents,
            agreed: self.agreed,
        }
    }

    /// The row as the ranking reads it.
    pub fn summed(&self) -> domain::scoring::Summed {
        domain::scoring::Summed {
            proposal: self.proposal_id,
            submitted_at: self.submitted_at,
            sums: self.sums.clone(),
            agreed: self.agreed,
        }
    }
}

/// A challenge's ranking input: its proposals with their sums, and each evaluator's total.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingInput {
    /// The challenge (its settings weigh the scores).
    pub challenge: domain::Challenge,
    /// Its proposals under review or decided, by id.
    pub rows: Vec<RankingRow>,
    /// Σ of each evaluator's submitted scores in the challenge, in half points.
    pub totals: BTreeMap<UserId, i64>,
}

/// The states whose proposals are ranked (as in the `.sql` files).
const RANKED_STATES: [ProposalState; 4] =
    [ProposalState::UnderReview, ProposalState::Accepted, ProposalState::Rejected, ProposalState::Promoted];

/// Per proposal: sums, minima and maxima of its complete submitted reviews of the current version.
const PER_PROPOSAL: &str = include_str!("sql/ranking_per_proposal.sql");
/// Per evaluator: the total of their complete submitted reviews.
const PER_EVALUATOR: &str = include_str!("sql/ranking_per_evaluator.sql");

/// One proposal with the aggregates of its submitted reviews, grouped in SQL.
#[derive(QueryableByName)]
struct SumsRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    title: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    organization_id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    state: ProposalState,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    version: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    submitted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    budget_cents: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    reviews: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_1: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_2: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_3: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_4: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_1: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_2: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_3: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_4: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_1: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_2: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_3: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_4: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    evaluators: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    agreed_1: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    agreed_2: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    agreed_3: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    agreed_4: Option<i32>,
}

/// One evaluator's total over their submitted reviews in a challenge.
#[derive(QueryableByName)]
struct TotalRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    evaluator_id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    total: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    reviews: i64,
}

impl SumsRow {
    fn into_row(self) -> Result<RankingRow, StoreError> {
        let evaluators = self
            .evaluators
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter(|e| !e.is_empty())
            .map(|e| parse_stored("assignments.evaluator_id", e))
            .collect::<Result<Vec<UserId>, StoreError>>()?;
        let some = |v: [Option<i32>; 4]| v.map(|x| x.unwrap_or(0));
        let agreed = match [self.agreed_1, self.agreed_2, self.agreed_3, self.agreed_4] {
            [Some(a), Some(b), Some(c), Some(d)] => {
                let half = |h: i32| {
                    domain::HalfPoints::from_halves(h).map_err(|e| StoreError::internal("consensus_reports.score", e))
                };
                Some([half(a)?, half(b)?, half(c)?, half(d)?])
            }
            _ => None,
        };
        Ok(RankingRow {
            proposal_id: parse_stored("proposals.id", &self.id)?,
            title: self.title,
            organization_id: self.organization_id,
            state: self.state,
            version: self.version,
            submitted_at: self.submitted_at.map(utc),
            sums: domain::scoring::ScoreSums {
                reviews: u32::try_from(self.reviews).map_err(|e| StoreError::internal("ranking count", e))?,
                sum: [self.sum_1, self.sum_2, self.sum_3, self.sum_4].map(|x| x.unwrap_or(0)),
                min: some([self.min_1, self.min_2, self.min_3, self.min_4]),
                max: some([self.max_1, self.max_2, self.max_3, self.max_4]),
                evaluators,
            },
            budget_cents: self.budget_cents,
            agreed,
        })
    }
}

/// Challenge `id`'s proposals under review or decided, each with the sums of its submitted reviews of
/// its current version (one aggregate query; no reader's blind rule applied).
pub(crate) fn ranked_rows(conn: &mut crate::db::DbConnection, id: &str) -> Result<Vec<RankingRow>, StoreError> {
    diesel::sql_query(PER_PROPOSAL)
        .bind::<diesel::sql_types::Text, _>(id)
        .load::<SumsRow>(conn)?
        .into_iter()
        .map(SumsRow::into_row)
        .collect()
}

impl Store {
    /// A challenge's proposals under review or decided with the sums of their submitted reviews, and
    /// each evaluator's total, all grouped in SQL (hub managers): two aggregate queries, whatever the
    /// number of reviews. Proposals whose reviews the reader may not read under the blind rule (they
    /// hold an open review of its current version, or are on its side) are left out, with their reviews
    /// in the totals.
    ///
    /// # Errors
    /// `NotFound` for an unknown challenge.
    pub fn challenge_ranking_input(&self, actor: &Actor, challenge: &str) -> Result<RankingInput, StoreError> {
        use diesel::sql_types::Text;
        self.db.snapshot(|conn| {
            let challenge = crate::challenges::resolve_visible(conn, Some(actor), challenge)?;
            let id = challenge.id.to_string();
            let blinded = crate::blind::blinded_in_challenge(conn, actor, &id, &RANKED_STATES)?;
            let rows = ranked_rows(conn, &id)?
                .into_iter()
                .filter(|r| !blinded.contains(&r.proposal_id.to_string()))
                .collect::<Vec<_>>();
            let mut totals = BTreeMap::new();
            for t in diesel::sql_query(PER_EVALUATOR).bind::<Text, _>(&id).load::<TotalRow>(conn)? {
                totals
                    .insert(parse_stored::<UserId>("assignments.evaluator_id", &t.evaluator_id)?, (t.total, t.reviews));
            }
            // The reviews of proposals left out do not count in the totals either.
            let hidden: Vec<(String, i32, i32, i32, i32)> = assignments::table
                .inner_join(proposals::table)
                .filter(proposals::id.eq_any(&blinded))
                .filter(assignments::proposal_version.eq(proposals::version))
                .filter(assignments::state.eq(Named(ReviewState::Submitted)))
                .select((
                    assignments::evaluator_id,
                    assignments::score_security_sovereignty.assume_not_null(),
                    assignments::score_growth_development.assume_not_null(),
                    assignments::score_talent_skills.assume_not_null(),
                    assignments::score_effectiveness_sustainability.assume_not_null(),
                ))
                .filter(assignments::score_security_sovereignty.is_not_null())
                .filter(assignments::score_growth_development.is_not_null())
                .filter(assignments::score_talent_skills.is_not_null())
                .filter(assignments::score_effectiveness_sustainability.is_not_null())
                .load(conn)?;
            for (evaluator, a, b, c, d) in hidden {
                let evaluator = parse_stored::<UserId>("assignments.evaluator_id", &evaluator)?;
                if let Some((total, reviews)) = totals.get_mut(&evaluator) {
                    *total -= i64::from(a + b + c + d);
                    *reviews -= 1;
                }
            }
            let totals =
                totals.into_iter().filter(|(_, (_, reviews))| *reviews > 0).map(|(e, (t, _))| (e, t)).collect();
            Ok(RankingInput { challenge, rows, totals })
        })
    }
}
