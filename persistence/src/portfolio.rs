//! Whether a decision follows the portfolio the hub proposes within a challenge's budget (issue 19):
//! the portfolio over every ranked proposal, read in the decision's transaction.

use domain::portfolio::propose;
use domain::{Challenge, ProposalId};

use crate::db::DbConnection;
use crate::error::StoreError;

/// A decision against the proposed portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    /// It accepts a proposal in the portfolio, or rejects one out of it.
    Followed,
    /// It does the opposite.
    Departed,
}

impl Followed {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Followed => "followed",
            Self::Departed => "departed",
        }
    }
}

/// Whether accepting (or rejecting) `proposal` follows the portfolio of `challenge`; none when the
/// challenge has no budget or the proposal is not ranked.
pub(crate) fn followed(
    conn: &mut DbConnection,
    challenge: &Challenge,
    proposal: ProposalId,
    accept: bool,
) -> Result<Option<Followed>, StoreError> {
    let Some(budget) = challenge.content.budget_cents else { return Ok(None) };
    let rows = crate::ranking::ranked_rows(conn, &challenge.id.to_string())?;
    let contenders: Vec<_> = rows.iter().map(crate::ranking::RankingRow::contender).collect();
    let portfolio = propose(&contenders, &challenge.content.evaluation, budget);
    Ok(portfolio.standing(proposal).map(|s| if s.funded() == accept { Followed::Followed } else { Followed::Departed }))
}
