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

/// The sums of one proposal's submitted reviews, in half points, as an SQL `GROUP BY` yields them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoreSums {
    /// Submitted reviews counted.
    pub reviews: u32,
    /// Sum per pillar.
    pub sum: [i64; 4],
    /// Lowest score per pillar.
    pub min: [i32; 4],
    /// Highest score per pillar.
    pub max: [i32; 4],
    /// Who wrote them (one entry per review).
    pub evaluators: Vec<UserId>,
}

impl ScoreSums {
    /// Sums the given reviews.
    pub fn of(reviews: &[ReviewScores]) -> Self {
        let mut sums = Self { min: [i32::MAX; 4], max: [i32::MIN; 4], ..Self::default() };
        for review in reviews {
            sums.reviews += 1;
            sums.evaluators.push(review.evaluator);
            for (k, score) in review.scores.iter().enumerate() {
                let halves = score.halves();
                sums.sum[k] += i64::from(halves);
                sums.min[k] = sums.min[k].min(halves);
                sums.max[k] = sums.max[k].max(halves);
            }
        }
        sums
    }

    /// Σ over reviews and pillars, in points.
    fn total_points(&self) -> f64 {
        self.sum.iter().sum::<i64>() as f64 / 2.0
    }
}

/// Aggregates a proposal's sums with the challenge's settings, after subtracting `offset` points (the
/// summed leniency of its reviewers; 0 for the raw aggregate) spread over its reviews; `None` without
/// reviews. Disagreement is always between the scores the evaluators gave.
pub fn aggregate_sums(sums: &ScoreSums, offset: f64, settings: &EvaluationSettings) -> Option<Aggregate> {
    if sums.reviews == 0 {
        return None;
    }
    let n = f64::from(sums.reviews);
    let means: [f64; 4] = std::array::from_fn(|k| (sums.sum[k] as f64 / 2.0 - offset) / n);
    let disagreement: [f64; 4] = std::array::from_fn(|k| f64::from(sums.max[k] - sums.min[k]) / 2.0);
    let weighted_total = weighted(&means, settings);
    Some(Aggregate {
        reviews: sums.reviews as usize,
        means,
        weighted_total,
        passes: Pillar::ALL.map(|p| means[p.index()] >= settings.thresholds[p.index()].value()),
        passes_overall: weighted_total >= settings.overall_threshold.value(),
        disagreement,
        needs_consensus: disagreement.iter().any(|d| *d >= CONSENSUS_GAP),
    })
}

/// The agreed scores of a final consensus report as an aggregate of the challenge's settings: the
/// means are the agreed scores; `raw`'s review count and disagreement are kept (they say what was
/// reconciled).
pub fn agreed_aggregate(agreed: &[HalfPoints; 4], raw: Option<&Aggregate>, settings: &EvaluationSettings) -> Aggregate {
    let means = agreed.map(|s| f64::from(s.halves()) / 2.0);
    let weighted_total = weighted(&means, settings);
    Aggregate {
        reviews: raw.map_or(0, |r| r.reviews),
        means,
        weighted_total,
        passes: Pillar::ALL.map(|p| means[p.index()] >= settings.thresholds[p.index()].value()),
        passes_overall: weighted_total >= settings.overall_threshold.value(),
        disagreement: raw.map_or([0.0; 4], |r| r.disagreement),
        needs_consensus: raw.is_some_and(|r| r.needs_consensus),
    }
}

/// What a proposal is ranked and decided on: the agreed scores of its final consensus report where
/// there is one, else its reviews' aggregate (after subtracting `offset`, see [`aggregate_sums`]).
pub fn standing(
    sums: &ScoreSums,
    agreed: Option<&[HalfPoints; 4]>,
    offset: f64,
    settings: &EvaluationSettings,
) -> Option<Aggregate> {
    match agreed {
        Some(agreed) => Some(agreed_aggregate(agreed, aggregate_sums(sums, 0.0, settings).as_ref(), settings)),
        None => aggregate_sums(sums, offset, settings),
    }
}

/// The weighted total of pillar means.
pub fn weighted(means: &[f64; 4], settings: &EvaluationSettings) -> f64 {
    Pillar::ALL.iter().map(|p| means[p.index()] * f64::from(settings.weights[p.index()])).sum::<f64>() / 100.0
}

/// Aggregates submitted reviews.
pub fn aggregate(reviews: &[ReviewScores], settings: &EvaluationSettings) -> Option<Aggregate> {
    aggregate_sums(&ScoreSums::of(reviews), 0.0, settings)
}

/// Each evaluator's leniency over a challenge, estimated with the additive model
/// `score = quality(proposal, pillar) + leniency(evaluator)` by least squares over the proposals that
/// several evaluators reviewed. Its first step is the plain "mean offset from co-reviewers"; iterating to
/// the fixed point makes the calibrated ranking immune to an evaluator who shifts every score by a
/// constant (within a connected group of evaluators). Leniencies are centred on zero; evaluators with no
/// co-reviewed proposal get 0.
pub fn leniency(reviews: &BTreeMap<ProposalId, Vec<ReviewScores>>) -> BTreeMap<UserId, f64> {
    let sums: Vec<ScoreSums> = reviews.values().map(|r| ScoreSums::of(r)).collect();
    let mut totals: BTreeMap<UserId, i64> = BTreeMap::new();
    for review in reviews.values().flatten() {
        *totals.entry(review.evaluator).or_default() +=
            review.scores.iter().map(|s| i64::from(s.halves())).sum::<i64>();
    }
    leniency_of_sums(&sums, &totals)
}

/// [`leniency`] from sufficient statistics an SQL aggregate yields: each proposal's sums with its
/// reviewers, and each evaluator's total (Σ over their reviews and pillars, in half points).
pub fn leniency_of_sums(proposals: &[ScoreSums], totals: &BTreeMap<UserId, i64>) -> BTreeMap<UserId, f64> {
    let shared: Vec<&ScoreSums> = proposals.iter().filter(|p| p.reviews >= 2).collect();
    let evaluators: Vec<UserId> = {
        let set: std::collections::BTreeSet<UserId> =
            shared.iter().flat_map(|p| p.evaluators.iter().copied()).collect();
        set.into_iter().collect()
    };
    let index: BTreeMap<UserId, usize> = evaluators.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    let m = evaluators.len();
    // Normal equations of the least-squares fit, with the proposal qualities eliminated:
    // Σ_reviews 4·(b_e − mean of b on the proposal) = Σ_reviews Σ_pillars (score − proposal mean).
    // The right-hand side is the evaluator's own total minus, per reviewed proposal, its mean total;
    // a proposal with a single review contributes nothing to either side.
    let mut matrix = vec![vec![0.0; m]; m];
    let mut rhs: Vec<f64> = evaluators.iter().map(|e| totals.get(e).copied().unwrap_or(0) as f64 / 2.0).collect();
    let mut component: Vec<usize> = (0..m).collect();
    fn root(component: &mut [usize], mut i: usize) -> usize {
        while component[i] != i {
            component[i] = component[component[i]];
            i = component[i];
        }
        i
    }
    for p in proposals {
        let n = f64::from(p.reviews);
        let mean_total = p.total_points() / n;
        for evaluator in &p.evaluators {
            let Some(&e) = index.get(evaluator) else { continue };
            rhs[e] -= mean_total;
            if p.reviews < 2 {
                continue;
            }
            for other in &p.evaluators {
                matrix[e][index[other]] -= 4.0 / n;
            }
            matrix[e][e] += 4.0;
            let (a, b) = (root(&mut component, e), root(&mut component, index[&p.evaluators[0]]));
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
    for evaluator in totals.keys().chain(proposals.iter().flat_map(|p| p.evaluators.iter())) {
        bias.entry(*evaluator).or_insert(0.0);
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
    let sums = ScoreSums::of(reviews);
    aggregate_sums(&sums, offset(&sums, leniency), settings)
}

/// The summed leniency of a proposal's reviewers.
fn offset(sums: &ScoreSums, leniency: &BTreeMap<UserId, f64>) -> f64 {
    sums.evaluators.iter().map(|e| leniency.get(e).copied().unwrap_or(0.0)).sum()
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
    /// The agreed scores of its final consensus report, if there is one: both orders use them.
    pub consensus: Option<Aggregate>,
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

/// A proposal to rank by the sums of its submitted reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summed {
    /// The proposal.
    pub proposal: ProposalId,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The sums of its submitted reviews.
    pub sums: ScoreSums,
    /// The agreed scores of its final consensus report, if any.
    pub agreed: Option<[HalfPoints; 4]>,
}

/// Ranks a challenge's proposals under raw and calibrated scores; returns the entries in raw order
/// and each evaluator's leniency.
pub fn ranking(proposals: &[Candidate], settings: &EvaluationSettings) -> (Vec<RankingEntry>, BTreeMap<UserId, f64>) {
    let mut totals: BTreeMap<UserId, i64> = BTreeMap::new();
    for review in proposals.iter().flat_map(|c| &c.reviews) {
        *totals.entry(review.evaluator).or_default() +=
            review.scores.iter().map(|s| i64::from(s.halves())).sum::<i64>();
    }
    let summed: Vec<Summed> = proposals
        .iter()
        .map(|c| Summed {
            proposal: c.proposal,
            submitted_at: c.submitted_at,
            sums: ScoreSums::of(&c.reviews),
            agreed: None,
        })
        .collect();
    ranking_of_sums(&summed, &totals, settings)
}

/// [`ranking`] from the sums an SQL aggregate yields: each proposal's sums and each evaluator's total
/// (Σ over their submitted reviews in the challenge and the pillars, in half points).
pub fn ranking_of_sums(
    proposals: &[Summed],
    totals: &BTreeMap<UserId, i64>,
    settings: &EvaluationSettings,
) -> (Vec<RankingEntry>, BTreeMap<UserId, f64>) {
    let sums: Vec<ScoreSums> = proposals.iter().map(|p| p.sums.clone()).collect();
    let leniency = leniency_of_sums(&sums, totals);
    let order = |calibrate: bool| -> Vec<Ranked> {
        rank(
            proposals
                .iter()
                .map(|p| Ranked {
                    proposal: p.proposal,
                    submitted_at: p.submitted_at,
                    aggregate: standing(
                        &p.sums,
                        p.agreed.as_ref(),
                        if calibrate { offset(&p.sums, &leniency) } else { 0.0 },
                        settings,
                    ),
                })
                .collect(),
        )
    };
    let summed: BTreeMap<ProposalId, &Summed> = proposals.iter().map(|p| (p.proposal, p)).collect();
    let raw = order(false);
    let calibrated_order = order(true);
    let calibrated_rank: BTreeMap<ProposalId, (usize, Option<Aggregate>)> =
        calibrated_order.into_iter().enumerate().map(|(i, r)| (r.proposal, (i + 1, r.aggregate))).collect();
    let entries = raw
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let (calibrated_rank, calibrated) = calibrated_rank.get(&r.proposal).copied().unwrap_or((i + 1, None));
            let (raw, consensus) = match summed.get(&r.proposal) {
                Some(p) if p.agreed.is_some() => (aggregate_sums(&p.sums, 0.0, settings), r.aggregate),
                _ => (r.aggregate, None),
            };
            RankingEntry { proposal: r.proposal, raw, consensus, calibrated, rank: i + 1, calibrated_rank }
        })
        .collect();
    (entries, leniency)
}

#[cfg(test)]
mod tests;
