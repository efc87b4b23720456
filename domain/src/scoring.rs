//! Scoring: aggregation of submitted reviews per proposal, evaluator calibration, and ranking.
//! Pure functions; the store feeds them rows (or SQL aggregates) and the API shows their results.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::challenge::EvaluationSettings;
use crate::ids::UserId;
use crate::pillar::{HalfPoints, Pillar};
use crate::proposal::ProposalId;

/// Disagreement (max − min on a pillar) from which a proposal needs a consensus discussion.
pub const CONSENSUS_GAP: f64 = 2.0;

/// One submitted review: who wrote it and the score per pillar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewScores {
    /// The evaluator.
    pub evaluator: UserId,
    /// Scores in pillar order.
    pub scores: [HalfPoints; 4],
}

/// What the reviews of one proposal add up to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aggregate {
    /// Submitted reviews counted.
    pub reviews: usize,
    /// Mean score per pillar.
    pub means: [f64; 4],
    /// Σ mean × weight / 100.
    pub weighted_total: f64,
    /// Whether each pillar mean reaches its threshold.
    pub passes: [bool; 4],
    /// Whether the weighted total reaches the overall threshold.
    pub passes_overall: bool,
    /// Max − min per pillar.
    pub disagreement: [f64; 4],
    /// Whether any pillar's disagreement is at least [`CONSENSUS_GAP`].
    pub needs_consensus: bool,
}

impl Aggregate {
    /// Every pillar and the total pass.
    pub fn passes_all(&self) -> bool {
        self.passes_overall && self.passes.iter().all(|p| *p)
    }
}

/// Aggregates per-pillar scores (one row per review) with the challenge's settings; `None` without
/// reviews.
pub fn aggregate_scores(rows: &[[f64; 4]], settings: &EvaluationSettings) -> Option<Aggregate> {
    if rows.is_empty() {
        return None;
    }
    let n = rows.len() as f64;
    let mut means = [0.0; 4];
    let mut disagreement = [0.0; 4];
    for pillar in Pillar::ALL {
        let i = pillar.index();
        let column = rows.iter().map(|r| r[i]);
        means[i] = column.clone().sum::<f64>() / n;
        let (min, max) = column.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        disagreement[i] = max - min;
    }
    let weighted_total = weighted(&means, settings);
    let passes = Pillar::ALL.map(|p| means[p.index()] >= settings.thresholds[p.index()].value());
    Some(Aggregate {
        reviews: rows.len(),
        means,
        weighted_total,
        passes,
        passes_overall: weighted_total >= settings.overall_threshold.value(),
        disagreement,
        needs_consensus: disagreement.iter().any(|d| *d >= CONSENSUS_GAP),
    })
}

/// The weighted total of pillar means.
pub fn weighted(means: &[f64; 4], settings: &EvaluationSettings) -> f64 {
    Pillar::ALL.iter().map(|p| means[p.index()] * f64::from(settings.weights[p.index()])).sum::<f64>() / 100.0
}

/// Aggregates submitted reviews.
pub fn aggregate(reviews: &[ReviewScores], settings: &EvaluationSettings) -> Option<Aggregate> {
    let rows: Vec<[f64; 4]> = reviews.iter().map(|r| r.scores.map(HalfPoints::value)).collect();
    aggregate_scores(&rows, settings)
}

/// Each evaluator's leniency over a challenge: the mean, over every pillar score they gave on a
/// proposal that others reviewed too, of their score minus the others' mean on that proposal and
/// pillar. Evaluators with no co-reviewed proposal get 0.
pub fn leniency(reviews: &BTreeMap<ProposalId, Vec<ReviewScores>>) -> BTreeMap<UserId, f64> {
    let mut offsets: BTreeMap<UserId, (f64, usize)> = BTreeMap::new();
    for proposal_reviews in reviews.values() {
        for (i, review) in proposal_reviews.iter().enumerate() {
            let entry = offsets.entry(review.evaluator).or_insert((0.0, 0));
            let others: Vec<&ReviewScores> =
                proposal_reviews.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, r)| r).collect();
            if others.is_empty() {
                continue;
            }
            for pillar in Pillar::ALL {
                let k = pillar.index();
                let others_mean = others.iter().map(|r| r.scores[k].value()).sum::<f64>() / others.len() as f64;
                entry.0 += review.scores[k].value() - others_mean;
                entry.1 += 1;
            }
        }
    }
    offsets.into_iter().map(|(evaluator, (sum, n))| (evaluator, if n == 0 { 0.0 } else { sum / n as f64 })).collect()
}

/// Aggregates reviews after subtracting each evaluator's leniency from their scores.
pub fn calibrated(
    reviews: &[ReviewScores],
    leniency: &BTreeMap<UserId, f64>,
    settings: &EvaluationSettings,
) -> Option<Aggregate> {
    let rows: Vec<[f64; 4]> = reviews
        .iter()
        .map(|r| {
            let offset = leniency.get(&r.evaluator).copied().unwrap_or(0.0);
            r.scores.map(|s| s.value() - offset)
        })
        .collect();
    aggregate_scores(&rows, settings)
}

/// A proposal to rank.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The proposal.
    pub proposal: ProposalId,
    /// When it was (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Its aggregate, if it has reviews.
    pub aggregate: Option<Aggregate>,
}

/// The ranking order: weighted total (higher first; unreviewed last), then each pillar mean in pillar
/// order, then earlier submission, then id.
pub fn compare(a: &Ranked, b: &Ranked) -> Ordering {
    let key = |r: &Ranked| r.aggregate.map(|g| (g.weighted_total, g.means));
    match (key(a), key(b)) {
        (Some((ta, ma)), Some((tb, mb))) => tb.total_cmp(&ta).then_with(|| {
            ma.iter().zip(mb.iter()).map(|(x, y)| y.total_cmp(x)).find(|o| o.is_ne()).unwrap_or(Ordering::Equal)
        }),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| match (a.submitted_at, b.submitted_at) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    })
    .then_with(|| a.proposal.cmp(&b.proposal))
}

/// Sorts into ranking order.
pub fn rank(mut rows: Vec<Ranked>) -> Vec<Ranked> {
    rows.sort_by(compare);
    rows
}

/// A proposal's line in a challenge's ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingEntry {
    /// The proposal.
    pub proposal: ProposalId,
    /// Raw aggregate.
    pub raw: Option<Aggregate>,
    /// Aggregate after removing each evaluator's leniency.
    pub calibrated: Option<Aggregate>,
    /// 1-based rank under raw scores.
    pub rank: usize,
    /// 1-based rank under calibrated scores.
    pub calibrated_rank: usize,
}

/// A proposal to rank with its submitted reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The proposal.
    pub proposal: ProposalId,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Its submitted reviews.
    pub reviews: Vec<ReviewScores>,
}

/// Ranks a challenge's proposals under raw and calibrated scores; returns the entries in raw order
/// and each evaluator's leniency.
pub fn ranking(proposals: &[Candidate], settings: &EvaluationSettings) -> (Vec<RankingEntry>, BTreeMap<UserId, f64>) {
    let reviews: BTreeMap<ProposalId, Vec<ReviewScores>> =
        proposals.iter().map(|c| (c.proposal, c.reviews.clone())).collect();
    let leniency = leniency(&reviews);
    let order = |calibrate: bool| -> Vec<Ranked> {
        rank(
            proposals
                .iter()
                .map(|c| Ranked {
                    proposal: c.proposal,
                    submitted_at: c.submitted_at,
                    aggregate: if calibrate {
                        calibrated(&c.reviews, &leniency, settings)
                    } else {
                        aggregate(&c.reviews, settings)
                    },
                })
                .collect(),
        )
    };
    let raw = order(false);
    let calibrated_order = order(true);
    let calibrated_rank: BTreeMap<ProposalId, (usize, Option<Aggregate>)> =
        calibrated_order.into_iter().enumerate().map(|(i, r)| (r.proposal, (i + 1, r.aggregate))).collect();
    let entries = raw
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let (calibrated_rank, calibrated) = calibrated_rank.get(&r.proposal).copied().unwrap_or((i + 1, None));
            RankingEntry { proposal: r.proposal, raw: r.aggregate, calibrated, rank: i + 1, calibrated_rank }
        })
        .collect();
    (entries, leniency)
}

#[cfg(test)]
mod tests;
