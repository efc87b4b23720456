//! A challenge's ranking input, grouped in SQL.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{Actor, ProposalId, ProposalState, UserId};

use crate::Store;
use crate::error::StoreError;
use crate::rows::{parse_stored, utc};

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

/// The states whose proposals are ranked.
const RANKED: &str = "'under_review', 'accepted', 'rejected', 'promoted'";
/// The same states, for the blind rule's filter.
const RANKED_STATES: [ProposalState; 4] =
    [ProposalState::UnderReview, ProposalState::Accepted, ProposalState::Rejected, ProposalState::Promoted];

/// The join from a proposal to its complete submitted reviews of the current version.
const SUBMITTED: &str = "a.proposal_id = p.id AND a.proposal_version = p.version AND a.state = 'submitted' \
    AND a.score_security_sovereignty IS NOT NULL AND a.score_growth_development IS NOT NULL \
    AND a.score_talent_skills IS NOT NULL AND a.score_effectiveness_sustainability IS NOT NULL";

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
    state: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    version: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    submitted_at: Option<NaiveDateTime>,
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
}

/// One evaluator's total over their submitted reviews in a challenge (or in one proposal of it).
#[derive(QueryableByName)]
struct TotalRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    evaluator_id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    proposal_id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    total: i64,
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
        Ok(RankingRow {
            proposal_id: parse_stored("proposals.id", &self.id)?,
            title: self.title,
            organization_id: self.organization_id,
            state: parse_stored("proposals.state", &self.state)?,
            version: self.version,
            submitted_at: self.submitted_at.map(utc),
            sums: domain::scoring::ScoreSums {
                reviews: u32::try_from(self.reviews).map_err(|e| StoreError::internal("ranking count", e))?,
                sum: [self.sum_1, self.sum_2, self.sum_3, self.sum_4].map(|x| x.unwrap_or(0)),
                min: some([self.min_1, self.min_2, self.min_3, self.min_4]),
                max: some([self.max_1, self.max_2, self.max_3, self.max_4]),
                evaluators,
            },
        })
    }
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
            // Grouped by the primary key alone: the other proposal columns depend on it (PostgreSQL
            // accepts them, SQLite takes them from the group's row) and the scan in key order needs no sort.
            let per_proposal = format!(
                "SELECT p.id, p.title, p.organization_id, p.state, p.version, p.submitted_at, COUNT(a.id) AS reviews, \
                 SUM(a.score_security_sovereignty) AS sum_1, SUM(a.score_growth_development) AS sum_2, \
                 SUM(a.score_talent_skills) AS sum_3, SUM(a.score_effectiveness_sustainability) AS sum_4, \
                 MIN(a.score_security_sovereignty) AS min_1, MIN(a.score_growth_development) AS min_2, \
                 MIN(a.score_talent_skills) AS min_3, MIN(a.score_effectiveness_sustainability) AS min_4, \
                 MAX(a.score_security_sovereignty) AS max_1, MAX(a.score_growth_development) AS max_2, \
                 MAX(a.score_talent_skills) AS max_3, MAX(a.score_effectiveness_sustainability) AS max_4, \
                 string_agg(a.evaluator_id, ',') AS evaluators \
                 FROM proposals p LEFT JOIN assignments a ON {SUBMITTED} \
                 WHERE p.challenge_id = $1 AND p.state IN ({RANKED}) \
                 GROUP BY p.id ORDER BY p.id"
            );
            let rows = diesel::sql_query(per_proposal)
                .bind::<Text, _>(&id)
                .load::<SumsRow>(conn)?
                .into_iter()
                .filter(|r| !blinded.contains(&r.id))
                .map(SumsRow::into_row)
                .collect::<Result<Vec<_>, StoreError>>()?;
            // Per evaluator; per evaluator and proposal when some proposals are left out.
            let (proposal, group) =
                if blinded.is_empty() { ("''", "a.evaluator_id") } else { ("p.id", "a.evaluator_id, p.id") };
            let per_evaluator = format!(
                "SELECT a.evaluator_id, {proposal} AS proposal_id, SUM(a.score_security_sovereignty \
                 + a.score_growth_development + a.score_talent_skills + a.score_effectiveness_sustainability) \
                 AS total FROM proposals p JOIN assignments a ON {SUBMITTED} \
                 WHERE p.challenge_id = $1 AND p.state IN ({RANKED}) GROUP BY {group}"
            );
            let mut totals: BTreeMap<UserId, i64> = BTreeMap::new();
            for t in diesel::sql_query(per_evaluator).bind::<Text, _>(&id).load::<TotalRow>(conn)? {
                if !blinded.contains(&t.proposal_id) {
                    *totals.entry(parse_stored("assignments.evaluator_id", &t.evaluator_id)?).or_default() += t.total;
                }
            }
            Ok(RankingInput { challenge, rows, totals })
        })
    }
}
