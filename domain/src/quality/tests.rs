use chrono::Utc;

use super::*;
use crate::ids::OrganizationId;
use crate::pillar::Pillar;
use crate::proposal::ProposalId;
use crate::proposal::tests::actor;
use crate::review::{AssignmentId, ReviewContent};

fn half(v: f64) -> HalfPoints {
    HalfPoints::parse("score", v).expect("a score")
}

fn review(scores: [f64; 4], recommendation: Recommendation, overall: &str) -> Assignment {
    let now = Utc::now();
    Assignment {
        id: AssignmentId::new(),
        proposal_id: ProposalId::new(),
        proposal_version: 1,
        evaluator_id: UserId::new(),
        assigned_by: None,
        due_at: now,
        state: ReviewState::Submitted,
        conflict_confirmed_at: Some(now),
        declined_reason: None,
        cancelled_reason: None,
        content: ReviewContent {
            scores: scores.map(|s| Some(half(s))),
            comments: [(Pillar::ALL[0], "Cifratura chiara.".to_owned())].into_iter().collect(),
            overall_comment: Some(overall.to_owned()),
            confidential_comment: Some("Non conta: è per l'hub.".repeat(50)),
            recommendation: Some(recommendation),
        },
        submitted_at: Some(now),
        revision: 2,
        created_at: now,
        updated_at: now,
    }
}

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

#[test]
fn a_rating_has_labels_never_helpful_and_faulted_at_once_and_an_optional_note() {
    let rating = RatingContent::parse(&labels(&["vague", "too_short", "vague"]), Some("  ")).expect("valid");
    assert_eq!(rating.labels, BTreeSet::from([RatingLabel::TooShort, RatingLabel::Vague]));
    assert_eq!(rating.note, None, "a blank note is none");
    let fields = |r: Result<RatingContent, DomainError>| match r {
        Err(DomainError::Invalid(f)) => f.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>(),
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(fields(RatingContent::parse(&[], None)), [("labels".to_owned(), "required")]);
    assert_eq!(
        fields(RatingContent::parse(&labels(&["helpful", "narrow"]), None)),
        [("labels".to_owned(), "contradictory")]
    );
    assert_eq!(fields(RatingContent::parse(&labels(&["rude"]), None)), [("labels".to_owned(), "unknown_label")]);
    let seven = labels(&["vague"; 7]);
    assert_eq!(fields(RatingContent::parse(&seven, None)), [("labels".to_owned(), "too_many")]);
    let long = "a".repeat(RATING_NOTE_MAX + 1);
    assert_eq!(fields(RatingContent::parse(&labels(&["helpful"]), Some(&long))).len(), 1);
    let noted = RatingContent::parse(&labels(&["helpful"]), Some("Chiara e utile.")).expect("valid");
    assert_eq!(noted.note.as_deref(), Some("Chiara e utile."));
}

#[test]
fn hub_managers_who_read_the_reviews_and_the_rapporteur_rate_submitted_reviews_never_their_own() {
    let org = OrganizationId::new();
    let mut submitted = review([4.0; 4], Recommendation::Accept, "Buona.");
    let manager = actor(Role::HubManager, org, true);
    let evaluator = actor(Role::Evaluator, org, true);
    let forbidden = |r: Result<(), DomainError>| matches!(r, Err(DomainError::Forbidden(_)));
    assert_eq!(may_rate(&manager, &submitted, None, true), Ok(()));
    assert!(forbidden(may_rate(&manager, &submitted, None, false)), "a blinded manager");
    assert!(forbidden(may_rate(&evaluator, &submitted, None, true)), "another evaluator");
    assert_eq!(may_rate(&evaluator, &submitted, Some(evaluator.user_id), false), Ok(()), "the rapporteur");
    submitted.evaluator_id = manager.user_id;
    assert!(forbidden(may_rate(&manager, &submitted, None, true)), "their own review");
    let mut draft = review([4.0; 4], Recommendation::Accept, "Bozza.");
    draft.state = ReviewState::InProgress;
    assert!(matches!(may_rate(&manager, &draft, None, true), Err(DomainError::Conflict { code: "not_submitted", .. })));
}

#[test]
fn the_hub_flags_short_reviews_reviews_far_from_consensus_and_recommendations_at_odds_with_their_scores() {
    let settings = EvaluationSettings::default(); // thresholds 3 everywhere, overall 3
    let good = review([4.0; 4], Recommendation::Accept, &"Motivata. ".repeat(30));
    assert_eq!(written_length(&good), "Cifratura chiara.".len() + 300, "the confidential comment does not count");
    let norm_of = |n: usize| norm(&[n; NORM_MIN_REVIEWS]);
    assert_eq!(flags(&good, norm_of(300), None, &settings), BTreeSet::new());
    assert_eq!(norm(&[300; NORM_MIN_REVIEWS - 1]), None, "no norm on too few reviews");
    assert_eq!(norm(&[10, 500, 40, 300, 20]), Some(40), "the median");
    // Under a third of the norm: short.
    let terse = review([4.0; 4], Recommendation::Accept, "Ok.");
    assert!(flags(&terse, norm_of(300), None, &settings).contains(&ReviewFlag::Short));
    assert!(!flags(&terse, None, None, &settings).contains(&ReviewFlag::Short), "no norm, no flag");
    // Two points from the agreed score on one pillar: far from the consensus.
    let agreed = [half(4.0), half(4.0), half(2.0), half(4.0)];
    assert!(flags(&good, None, Some(&agreed), &settings).contains(&ReviewFlag::FarFromConsensus));
    let near = [half(4.0), half(3.5), half(2.5), half(4.0)];
    assert!(!flags(&good, None, Some(&near), &settings).contains(&ReviewFlag::FarFromConsensus));
    // Accepting under the thresholds, rejecting above them: at odds.
    let low_accept = review([2.5, 4.0, 4.0, 4.0], Recommendation::Accept, "Ok.");
    assert!(flags(&low_accept, None, None, &settings).contains(&ReviewFlag::RecommendationAtOdds));
    let high_reject = review([4.0; 4], Recommendation::Reject, "No.");
    assert!(flags(&high_reject, None, None, &settings).contains(&ReviewFlag::RecommendationAtOdds));
    let revise = review([2.0; 4], Recommendation::Revise, "Da rivedere.");
    assert!(!flags(&revise, None, None, &settings).contains(&ReviewFlag::RecommendationAtOdds));
}

#[test]
fn an_evaluators_record_counts_and_ranks_them() {
    let facts = |on_time: bool, labels: &[RatingLabel], flags: &[ReviewFlag], distance: Option<f64>| ReviewFacts {
        on_time,
        labels: labels.to_vec(),
        flags: flags.iter().copied().collect(),
        consensus_distance: distance,
    };
    let careful = QualityRecord::of(
        &[
            facts(true, &[RatingLabel::Helpful], &[], Some(0.5)),
            facts(true, &[RatingLabel::Helpful, RatingLabel::Helpful], &[], Some(0.0)),
        ],
        Some(0.25),
    );
    assert_eq!((careful.submitted, careful.on_time), (2, 2));
    assert_eq!(careful.labels.get(&RatingLabel::Helpful), Some(&3));
    assert_eq!((careful.consensus_distance, careful.leniency), (Some(0.25), Some(0.25)));
    let hasty = QualityRecord::of(
        &[facts(false, &[RatingLabel::TooShort, RatingLabel::Vague], &[ReviewFlag::Short], None)],
        None,
    );
    assert_eq!(hasty.flags.get(&ReviewFlag::Short), Some(&1));
    assert_eq!(hasty.consensus_distance, None);
    let new = QualityRecord::of(&[], None);
    assert!(careful.merit() > new.merit() && new.merit() > hasty.merit(), "{careful:?} {new:?} {hasty:?}");
    assert!((distance(&[half(4.0); 4], &[half(3.0), half(4.0), half(5.0), half(4.0)]) - 0.5).abs() < 1e-9);
}
