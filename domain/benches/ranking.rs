//! The ranking of a challenge with 10,000 proposals × 3 reviews from 60 evaluators: aggregation,
//! least-squares calibration and both orders. `cargo bench -p domain --bench ranking`.

use criterion::{Criterion, criterion_group, criterion_main};
use domain::ids::new_id;
use domain::scoring::{Candidate, ReviewScores, ranking};
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
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
