use proptest::prelude::*;

use super::*;

fn hp(halves: u8) -> HalfPoints {
    HalfPoints::from_halves(i32::from(halves)).unwrap_or_default()
}

fn review(evaluator: UserId, halves: [u8; 4]) -> ReviewScores {
    ReviewScores { evaluator, scores: halves.map(hp) }
}

#[test]
fn means_weights_thresholds_and_consensus() {
    let settings = EvaluationSettings { weights: [40, 20, 20, 20], ..EvaluationSettings::default() };
    let (a, b) = (UserId::new(), UserId::new());
    // Scores 4/2 (consensus gap 2), 3/3, 5/4, 1/2 on the four pillars.
    let g = aggregate(&[review(a, [8, 6, 10, 2]), review(b, [4, 6, 8, 4])], &settings).expect("reviews");
    assert_eq!(g.reviews, 2);
    assert_eq!(g.means, [3.0, 3.0, 4.5, 1.5]);
    assert!((g.weighted_total - (3.0 * 0.4 + 3.0 * 0.2 + 4.5 * 0.2 + 1.5 * 0.2)).abs() < 1e-12);
    assert_eq!(g.passes, [true, true, true, false]);
    assert!(!g.passes_all());
    assert_eq!(g.disagreement, [2.0, 0.0, 1.0, 1.0]);
    assert!(g.needs_consensus);
    assert_eq!(aggregate(&[], &settings), None);
}

#[test]
fn leniency_is_the_mean_offset_from_co_reviewers() {
    let (strict, kind, alone) = (UserId::new(), UserId::new(), UserId::new());
    let (p1, p2) = (ProposalId::new(), ProposalId::new());
    let reviews = BTreeMap::from([
        (p1, vec![review(strict, [4, 4, 4, 4]), review(kind, [8, 8, 8, 8])]),
        (p2, vec![review(alone, [10, 10, 10, 10])]),
    ]);
    let l = leniency(&reviews);
    let close = |a: Option<&f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
    assert!(close(l.get(&strict), -1.0) && close(l.get(&kind), 1.0), "half the 4-point gap each: {l:?}");
    assert_eq!(l.get(&alone), Some(&0.0), "no co-reviewed proposal");
    let settings = EvaluationSettings::default();
    let c = calibrated(&reviews[&p1], &l, &settings).expect("reviews");
    assert_eq!(c.means, [3.0; 4], "both pulled to the middle");
}

#[test]
fn ranking_breaks_ties_by_pillars_then_submission() {
    let settings = EvaluationSettings::default();
    let e = UserId::new();
    let at = |s| DateTime::<Utc>::from_timestamp(s, 0);
    let row = |halves, submitted| Ranked {
        proposal: ProposalId::new(),
        submitted_at: at(submitted),
        aggregate: aggregate(&[review(e, halves)], &settings),
    };
    let best = row([8, 8, 8, 8], 30);
    let tie_first_pillar_higher = row([10, 6, 8, 8], 20);
    let tie_first_pillar_lower = row([6, 10, 8, 8], 10);
    let tie_same_earlier = row([6, 10, 8, 8], 5);
    let unreviewed = Ranked { proposal: ProposalId::new(), submitted_at: at(1), aggregate: None };
    let order = rank(vec![
        unreviewed.clone(),
        tie_first_pillar_lower.clone(),
        best.clone(),
        tie_same_earlier.clone(),
        tie_first_pillar_higher.clone(),
    ]);
    let ids: Vec<ProposalId> = order.iter().map(|r| r.proposal).collect();
    assert_eq!(
        ids,
        vec![
            tie_first_pillar_higher.proposal,
            best.proposal,
            tie_same_earlier.proposal,
            tie_first_pillar_lower.proposal,
            unreviewed.proposal
        ]
    );
}

fn arb_review() -> impl Strategy<Value = [u8; 4]> {
    proptest::array::uniform4(0u8..=10)
}

fn arb_settings() -> impl Strategy<Value = EvaluationSettings> {
    (0u8..=100, 0u8..=100, 0u8..=100).prop_map(|(a, b, c)| {
        let a = a.min(100);
        let b = b.min(100 - a);
        let c = c.min(100 - a - b);
        EvaluationSettings { weights: [a, b, c, 100 - a - b - c], ..EvaluationSettings::default() }
    })
}

proptest! {
    #[test]
    fn the_weighted_total_lies_between_the_lowest_and_highest_pillar_mean(
        rows in proptest::collection::vec(arb_review(), 1..8), settings in arb_settings()
    ) {
        let reviews: Vec<ReviewScores> = rows.iter().map(|r| review(UserId::new(), *r)).collect();
        let g = aggregate(&reviews, &settings).expect("reviews");
        let lo = g.means.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = g.means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        prop_assert!(g.weighted_total >= lo - 1e-9 && g.weighted_total <= hi + 1e-9);
    }

    #[test]
    fn permuting_reviews_changes_nothing(rows in proptest::collection::vec(arb_review(), 1..8), seed in any::<u64>()) {
        let settings = EvaluationSettings::default();
        let reviews: Vec<ReviewScores> = rows.iter().map(|r| review(UserId::new(), *r)).collect();
        let mut shuffled = reviews.clone();
        // A deterministic permutation from the seed.
        let n = shuffled.len();
        for i in (1..n).rev() {
            let j = ((seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i as u64)) % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let (a, b) = (aggregate(&reviews, &settings).expect("reviews"), aggregate(&shuffled, &settings).expect("reviews"));
        prop_assert_eq!(a.reviews, b.reviews);
        prop_assert_eq!(a.passes, b.passes);
        prop_assert_eq!(a.needs_consensus, b.needs_consensus);
        for k in 0..4 {
            prop_assert!((a.means[k] - b.means[k]).abs() < 1e-9);
        }
        prop_assert!((a.weighted_total - b.weighted_total).abs() < 1e-9);
    }
}

#[test]
fn a_lenient_evaluator_is_corrected_in_the_calibrated_rank() {
    let settings = EvaluationSettings::default();
    let (kind, strict, other) = (UserId::new(), UserId::new(), UserId::new());
    let (a, b, c) = (ProposalId::new(), ProposalId::new(), ProposalId::new());
    // `kind` scores everything 1.5 points above the others; `a` is only reviewed by `kind` and `other`,
    // `b` by `strict` and `other`; `c` is co-reviewed so that leniencies can be estimated.
    let at = DateTime::<Utc>::from_timestamp(0, 0);
    let candidate = |proposal, reviews| Candidate { proposal, submitted_at: at, reviews };
    let proposals = vec![
        candidate(a, vec![review(kind, [9, 9, 9, 9]), review(other, [6, 6, 6, 6])]),
        candidate(b, vec![review(strict, [7, 7, 7, 7]), review(other, [7, 7, 7, 7])]),
        candidate(c, vec![review(kind, [8, 8, 8, 8]), review(strict, [5, 5, 5, 5]), review(other, [5, 5, 5, 5])]),
    ];
    let (entries, leniency) = ranking(&proposals, &settings);
    assert_eq!(entries.iter().map(|e| (e.proposal, e.rank)).collect::<Vec<_>>(), vec![(a, 1), (b, 2), (c, 3)]);
    assert!((leniency[&kind] - 1.0).abs() < 1e-6, "kind is a point more lenient than the mean: {leniency:?}");
    let b_entry = entries.iter().find(|e| e.proposal == b).expect("b");
    assert_eq!(b_entry.calibrated_rank, 1, "without the lenient evaluator's bonus, b leads: {entries:?}");
}

/// Proposals reviewed by evaluator 0 and some of the others: a connected design.
fn arb_connected() -> impl Strategy<Value = Vec<Vec<(usize, [u8; 4])>>> {
    proptest::collection::vec((arb_review(), proptest::collection::vec((1usize..4, arb_review()), 1..3)), 2..7)
        .prop_map(|ps| ps.into_iter().map(|(first, rest)| std::iter::once((0, first)).chain(rest).collect()).collect())
}

proptest! {
    #[test]
    fn a_constant_added_to_one_evaluator_leaves_the_calibrated_ranking(design in arb_connected(), who in 0usize..4, shift in 1i32..=3) {
        let settings = EvaluationSettings::default();
        let evaluators: Vec<UserId> = (0..4).map(|_| UserId::new()).collect();
        let proposals: Vec<ProposalId> = design.iter().map(|_| ProposalId::new()).collect();
        // The shifted evaluator's scores leave room for the shift, in both builds.
        let room = 10 - shift * 2;
        let build = |delta: i32| -> Vec<Candidate> {
            design.iter().zip(&proposals).map(|(reviews, id)| {
                let mut seen = std::collections::BTreeSet::new();
                let reviews = reviews.iter().filter(|(e, _)| seen.insert(*e)).map(|(e, halves)| ReviewScores {
                    evaluator: evaluators[*e],
                    scores: halves.map(|h| {
                        let h = i32::from(h);
                        hp(u8::try_from(if *e == who { h.min(room) + delta } else { h }).unwrap_or(0))
                    }),
                }).collect();
                Candidate { proposal: *id, submitted_at: None, reviews }
            }).collect()
        };
        let ranked = |candidates: &[Candidate]| -> BTreeMap<ProposalId, (usize, f64)> {
            let (entries, _) = ranking(candidates, &settings);
            entries.iter().map(|e| (e.proposal, (e.calibrated_rank, e.calibrated.map_or(f64::NEG_INFINITY, |a| a.weighted_total)))).collect()
        };
        let (before, after) = (ranked(&build(0)), ranked(&build(shift * 2)));
        // Every pair the calibrated totals separate keeps its order; exact ties may fall either way
        // (float arithmetic cannot tell an exact tie from a difference of one ulp).
        for (x, (rank_x, total_x)) in &before {
            for (y, (rank_y, total_y)) in &before {
                if (total_x - total_y).abs() > 1e-6 {
                    prop_assert_eq!(rank_x < rank_y, after[x].0 < after[y].0, "{:?} vs {:?}", x, y);
                }
            }
        }
    }
}
