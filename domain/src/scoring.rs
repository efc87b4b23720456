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

/// Each evaluator's leniency over a challenge, estimated with the additive model
/// `score = quality(proposal, pillar) + leniency(evaluator)` by least squares over the proposals that
/// several evaluators reviewed. Its first step is the plain "mean offset from co-reviewers"; iterating to
/// the fixed point makes the calibrated ranking immune to an evaluator who shifts every score by a
/// constant (within a connected group of evaluators). Leniencies are centred on zero; evaluators with no
/// co-reviewed proposal get 0.
pub fn leniency(reviews: &BTreeMap<ProposalId, Vec<ReviewScores>>) -> BTreeMap<UserId, f64> {
    let shared: Vec<&Vec<ReviewScores>> = reviews.values().filter(|r| r.len() >= 2).collect();
    let evaluators: Vec<UserId> = {
        let set: std::collections::BTreeSet<UserId> =
            shared.iter().flat_map(|r| r.iter().map(|x| x.evaluator)).collect();
        set.into_iter().collect()
    };
    let index: BTreeMap<UserId, usize> = evaluators.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    let m = evaluators.len();
    // Normal equations of the least-squares fit, with the proposal qualities eliminated:
    // Σ_reviews 4·(b_e − mean of b on the proposal) = Σ_reviews Σ_pillars (score − proposal mean).
    let mut matrix = vec![vec![0.0; m]; m];
    let mut rhs = vec![0.0; m];
    let mut component: Vec<usize> = (0..m).collect();
    fn root(component: &mut [usize], mut i: usize) -> usize {
        while component[i] != i {
            component[i] = component[component[i]];
            i = component[i];
        }
        i
    }
    for rs in &shared {
        let n = rs.len() as f64;
        let means: [f64; 4] = std::array::from_fn(|k| rs.iter().map(|r| r.scores[k].value()).sum::<f64>() / n);
        for r in rs.iter() {
            let e = index[&r.evaluator];
            for other in rs.iter() {
                matrix[e][index[&other.evaluator]] -= 4.0 / n;
            }
            matrix[e][e] += 4.0;
            rhs[e] += (0..4).map(|k| r.scores[k].value() - means[k]).sum::<f64>();
            let (a, b) = (root(&mut component, e), root(&mut component, index[&rs[0].evaluator]));
            component[a] = b;
        }
    }
    // Each connected group of evaluators is only determined up to a constant: fix its mean at zero.
    let roots: Vec<usize> = (0..m).map(|i| root(&mut component, i)).collect();
    for i in 0..m {
        for j in 0..m {
            if roots[i] == roots[j] {
                matrix[i][j] += 1.0;
            }
        }
    }
    let solution = solve(matrix, rhs).unwrap_or_else(|| vec![0.0; m]);
    let mut bias: BTreeMap<UserId, f64> = evaluators.into_iter().zip(solution).collect();
    for review in reviews.values().flatten() {
        bias.entry(review.evaluator).or_insert(0.0);
    }
    bias
}

/// Solves a dense linear system by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let factor = a[row][col] / a[col][col];
            if factor != 0.0 {
                let (upper, lower) = a.split_at_mut(row);
                for (x, p) in lower[0][col..].iter_mut().zip(&upper[col][col..]) {
                    *x -= factor * p;
                }
                b[row] -= factor * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let sum: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - sum) / a[row][row];
    }
    Some(x)
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
    // Compared at a nanopoint: float noise of averaging must not decide a tie.
    let q = |v: f64| (v * 1e9).round() as i64;
    let key = |r: &Ranked| r.aggregate.map(|g| (q(g.weighted_total), g.means.map(q)));
    match (key(a), key(b)) {
        (Some((ta, ma)), Some((tb, mb))) => tb.cmp(&ta).then_with(|| mb.cmp(&ma)),
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
