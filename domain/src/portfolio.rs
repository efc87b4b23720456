//! The best portfolio within a challenge's budget (issue 19): of the proposals under review that have
//! their reviews and pass every threshold, the set whose requested budgets fit what the accepted ones
//! leave of the budget and whose weighted scores add up to the most; shown beside the rank order, with
//! why each other proposal is out. The hub managers' decisions remain theirs; the hub records whether a
//! decision followed it.

pub mod knapsack;

use chrono::{DateTime, Utc};

use crate::challenge::EvaluationSettings;
use crate::pillar::HalfPoints;
use crate::proposal::{ProposalId, ProposalState};
use crate::scoring::{Aggregate, Ranked, ScoreSums, rank, standing};

/// A proposal of the challenge as the portfolio reads it: the ranking's facts and its requested budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contender {
    /// The proposal.
    pub proposal: ProposalId,
    /// Its state (the ranking's: under review or decided).
    pub state: ProposalState,
    /// When it was last submitted (the ranking's tie-breaker).
    pub submitted_at: Option<DateTime<Utc>>,
    /// The sums of its current version's submitted reviews.
    pub sums: ScoreSums,
    /// Its requested budget in euro cents; none asks for nothing.
    pub budget_cents: Option<i64>,
    /// The agreed scores of its final consensus report, if any: they score it instead of the reviews.
    pub agreed: Option<[HalfPoints; 4]>,
}

impl Contender {
    /// The sums its score comes from: its reviews', or the agreed scores as one review.
    fn scored(&self) -> ScoreSums {
        match self.agreed {
            Some(agreed) => ScoreSums {
                reviews: 1,
                sum: agreed.map(|h| i64::from(h.halves())),
                min: agreed.map(HalfPoints::halves),
                max: agreed.map(HalfPoints::halves),
                evaluators: vec![],
            },
            None => self.sums.clone(),
        }
    }
}

/// Where a proposal stands in the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Accepted (or promoted) already: its budget is spent.
    Committed,
    /// In the proposed portfolio.
    Selected,
    /// Out, for this reason.
    Excluded(Exclusion),
}

/// Why a proposal is out of the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// Rejected already.
    Rejected,
    /// Fewer submitted reviews than the challenge requires.
    ReviewsMissing,
    /// A pillar or the weighted total is under its threshold.
    BelowThreshold,
    /// It asks for more than the budget leaves, on its own.
    OverBudget,
    /// It fits on its own, but the proposals selected are worth more together than any set with it.
    Outscored,
}

impl Standing {
    /// The name the API and the pages use.
    pub fn key(self) -> &'static str {
        match self {
            Self::Committed => "committed",
            Self::Selected => "selected",
            Self::Excluded(Exclusion::Rejected) => "rejected",
            Self::Excluded(Exclusion::ReviewsMissing) => "reviews_missing",
            Self::Excluded(Exclusion::BelowThreshold) => "below_threshold",
            Self::Excluded(Exclusion::OverBudget) => "over_budget",
            Self::Excluded(Exclusion::Outscored) => "outscored",
        }
    }

    /// Whether the proposal is in the portfolio (accepted already, or proposed).
    pub fn funded(self) -> bool {
        matches!(self, Self::Committed | Self::Selected)
    }
}

/// One proposal's line, in ranking order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The proposal.
    pub proposal: ProposalId,
    /// Its place in the ranking (1 is best).
    pub rank: usize,
    /// Its aggregate (none before a review).
    pub aggregate: Option<Aggregate>,
    /// Its requested budget (0 when it asks for none).
    pub budget_cents: i64,
    /// Where it stands.
    pub standing: Standing,
}

/// The proposed portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct Portfolio {
    /// The challenge's budget.
    pub budget_cents: i64,
    /// What the accepted proposals take of it.
    pub committed_cents: i64,
    /// What the proposed ones take.
    pub selected_cents: i64,
    /// Σ of the weighted totals of the accepted and proposed ones.
    pub total_score: f64,
    /// Every ranked proposal, in ranking order.
    pub lines: Vec<Line>,
    /// Whether the selection is proved optimal (a search budget guards against hostile instances).
    pub exact: bool,
}

impl Portfolio {
    /// The standing of `proposal`, if it is ranked.
    pub fn standing(&self, proposal: ProposalId) -> Option<Standing> {
        self.lines.iter().find(|l| l.proposal == proposal).map(|l| l.standing)
    }
}

/// Proposes the portfolio of a challenge with budget `budget_cents` (see the module's documentation).
/// Proposals are read in ranking order (the agreed scores of a final consensus report, else the raw
/// weighted totals), so among portfolios of equal score the
/// better-ranked proposal goes in first.
pub fn propose(contenders: &[Contender], settings: &EvaluationSettings, budget_cents: i64) -> Portfolio {
    let ranked = rank(
        contenders
            .iter()
            .map(|c| Ranked {
                proposal: c.proposal,
                submitted_at: c.submitted_at,
                aggregate: standing(&c.sums, c.agreed.as_ref(), 0.0, settings),
            })
            .collect(),
    );
    let by_id: std::collections::BTreeMap<ProposalId, &Contender> =
        contenders.iter().map(|c| (c.proposal, c)).collect();
    let mut lines: Vec<Line> = ranked
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let c = by_id.get(&r.proposal)?;
            let standing = match c.state {
                ProposalState::Accepted | ProposalState::Promoted => Standing::Committed,
                ProposalState::UnderReview => match r.aggregate {
                    _ if c.sums.reviews < u32::from(settings.min_reviews) => {
                        Standing::Excluded(Exclusion::ReviewsMissing)
                    }
                    Some(a) if a.passes_all() => Standing::Selected,
                    _ => Standing::Excluded(Exclusion::BelowThreshold),
                },
                _ => Standing::Excluded(Exclusion::Rejected),
            };
            Some(Line {
                proposal: r.proposal,
                rank: i + 1,
                aggregate: r.aggregate,
                budget_cents: c.budget_cents.unwrap_or(0).max(0),
                standing,
            })
        })
        .collect();
    let committed_cents: i64 = lines.iter().filter(|l| l.standing == Standing::Committed).map(|l| l.budget_cents).sum();
    let room = (budget_cents - committed_cents).max(0);
    let open: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].standing == Standing::Selected).collect();
    let scored: Vec<ScoreSums> = open.iter().map(|&i| by_id[&lines[i].proposal].scored()).collect();
    let scale = Scale::of(scored.iter());
    let items: Vec<knapsack::Item> = open
        .iter()
        .zip(&scored)
        .map(|(&i, sums)| knapsack::Item { cost: lines[i].budget_cents, value: scale.value(sums, settings) })
        .collect();
    let choice = knapsack::solve(&items, room);
    for (k, &i) in open.iter().enumerate() {
        if !choice.chosen[k] {
            lines[i].standing = Standing::Excluded(if lines[i].budget_cents > room {
                Exclusion::OverBudget
            } else {
                Exclusion::Outscored
            });
        }
    }
    let selected_cents = lines.iter().filter(|l| l.standing == Standing::Selected).map(|l| l.budget_cents).sum();
    let total_score =
        lines.iter().filter(|l| l.standing.funded()).filter_map(|l| l.aggregate.map(|a| a.weighted_total)).sum();
    Portfolio { budget_cents, committed_cents, selected_cents, total_score, lines, exact: choice.exact }
}

/// Weighted totals as exact integers: Σ(pillar sum in half points × weight) / reviews, over a common
/// multiple of the review counts, so that equal totals are equal integers.
struct Scale {
    common: i128,
}

impl Scale {
    /// The least common multiple of the review counts (past 10¹⁵, which no real count reaches, totals
    /// are compared to a billionth of a point instead).
    fn of<'a>(sums: impl Iterator<Item = &'a ScoreSums>) -> Self {
        let mut common: i128 = 1;
        for s in sums {
            let n = i128::from(s.reviews.max(1));
            let next = common / gcd(common, n) * n;
            if next > 1_000_000_000_000_000 {
                return Self { common: 0 };
            }
            common = next;
        }
        Self { common }
    }

    fn value(&self, sums: &ScoreSums, settings: &EvaluationSettings) -> i128 {
        let numerator: i128 =
            (0..4).map(|k| i128::from(sums.sum[k]) * i128::from(settings.weights[k])).sum::<i128>().max(0);
        let reviews = i128::from(sums.reviews.max(1));
        if self.common == 0 {
            return numerator * 1_000_000_000 / reviews;
        }
        numerator * (self.common / reviews)
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests;
