//! The ranking of a challenge with 10,000 proposals × 3 reviews from 60 evaluators: aggregation,
//! least-squares calibration and both orders. `cargo bench -p domain --bench ranking`.
//!
//! Two inputs: every review (the baseline, as a store that loads review rows would pass them) and the
//! per-proposal sums the store's aggregate queries return (what the endpoint runs).

use criterion::{Criterion, criterion_group, criterion_main};
use domain::ids::new_id;
use std::collections::BTreeMap;

use domain::scoring::{Candidate, ReviewScores, ScoreSums, Summed, ranking, ranking_of_sums};
use domain::{EvaluationSettings, HalfPoints, ProposalId, UserId};

/// A deterministic pseudo-random sequence, so that every run ranks the same challenge.
fn scores(seed: &mut u64) -> [HalfPoints; 4] {
    std::array::from_fn(|_| {
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        HalfPoints::from_halves(((*seed >> 33) % 11) as i32).unwrap_or_default()
    })
}

fn challenge(proposals: usize, evaluators: usize) -> Vec<Candidate> {
    let pool: Vec<UserId> = (0..evaluators).map(|_| UserId(new_id())).collect();
    let mut seed = 42;
    (0..proposals)
        .map(|i| Candidate {
            proposal: ProposalId(new_id()),
            submitted_at: None,
            reviews: (0..3)
                .map(|j| ReviewScores { evaluator: pool[(i * 7 + j * 13) % evaluators], scores: scores(&mut seed) })
                .collect(),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let settings = EvaluationSettings::default();
    let data = challenge(10_000, 60);
    c.bench_function("ranking 10,000 proposals x 3 reviews, 60 evaluators", |b| {
        b.iter(|| ranking(std::hint::black_box(&data), &settings));
    });
    let summed: Vec<Summed> = data
        .iter()
        .map(|c| Summed {
            proposal: c.proposal,
            submitted_at: c.submitted_at,
            sums: ScoreSums::of(&c.reviews),
            agreed: None,
        })
        .collect();
    let mut totals: BTreeMap<UserId, i64> = BTreeMap::new();
    for review in data.iter().flat_map(|c| &c.reviews) {
        *totals.entry(review.evaluator).or_default() +=
            review.scores.iter().map(|s| i64::from(s.halves())).sum::<i64>();
    }
    c.bench_function("ranking of sums 10,000 proposals x 3 reviews, 60 evaluators", |b| {
        b.iter(|| ranking_of_sums(std::hint::black_box(&summed), &totals, &settings));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
