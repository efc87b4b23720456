use std::collections::BTreeSet;

use super::*;
use crate::actor::{Credential, Role};
use crate::ids::OrganizationId;
use crate::pillar::Pillar;

const AT: (ProposalState, i32) = (ProposalState::UnderReview, 1);

fn assignment(state: ReviewState, confirmed: bool) -> (Assignment, Actor) {
    let evaluator = Actor {
        user_id: UserId::new(),
        organization_id: OrganizationId::new(),
        is_org_owner: false,
        roles: BTreeSet::from([Role::Evaluator]),
        email_verified: true,
        credential: Credential::Session,
    };
    let now = Utc::now();
    let a = Assignment {
        id: AssignmentId::new(),
        proposal_id: ProposalId::new(),
        proposal_version: 1,
        evaluator_id: evaluator.user_id,
        assigned_by: None,
        due_at: now,
        state,
        conflict_confirmed_at: confirmed.then_some(now),
        declined_reason: None,
        cancelled_reason: None,
        content: ReviewContent::default(),
        submitted_at: None,
        revision: 1,
        created_at: now,
        updated_at: now,
    };
    (a, evaluator)
}

fn full() -> ReviewInput {
    ReviewInput {
        scores: Pillar::ALL.iter().map(|p| (p.key().to_owned(), Some(3.5))).collect(),
        comments: vec![],
        overall_comment: Some("Solida.".to_owned()),
        confidential_comment: None,
        recommendation: Some("accept".to_owned()),
    }
}

#[test]
fn the_review_life() {
    let (mut a, evaluator) = assignment(ReviewState::Assigned, false);
    assert!(
        matches!(a.decide(&evaluator, ReviewAction::SaveDraft, None, AT), Err(DomainError::Forbidden(_))),
        "conflict check first"
    );
    assert_eq!(a.decide(&evaluator, ReviewAction::ConfirmNoConflict, None, AT), Ok(ReviewState::Assigned));
    a.conflict_confirmed_at = Some(Utc::now());
    assert!(matches!(
        a.decide(&evaluator, ReviewAction::ConfirmNoConflict, None, AT),
        Err(DomainError::Conflict { .. })
    ));
    assert!(
        matches!(a.decide(&evaluator, ReviewAction::Submit, None, AT), Err(DomainError::Invalid(ref f)) if f.len() == 6)
    );
    a.content = ReviewContent::parse(full()).expect("valid");
    assert_eq!(a.decide(&evaluator, ReviewAction::Submit, None, AT), Ok(ReviewState::Submitted));
    a.state = ReviewState::Submitted;
    for action in [ReviewAction::SaveDraft, ReviewAction::Submit, ReviewAction::Decline] {
        let x = Note::parse("reason", Some("x"), DECLINE_REASON_MAX).expect("valid");
        assert!(matches!(a.decide(&evaluator, action, x.as_ref(), AT), Err(DomainError::Conflict { .. })), "frozen");
    }
    let (other, _) = assignment(ReviewState::Assigned, true);
    assert_eq!(
        other.decide(&evaluator, ReviewAction::ConfirmNoConflict, None, AT),
        Err(DomainError::NotFound("review"))
    );
}

#[test]
fn reviews_close_when_the_proposal_leaves_review_at_their_version() {
    let (mut a, evaluator) = assignment(ReviewState::InProgress, true);
    for at in [(ProposalState::Accepted, 1), (ProposalState::Withdrawn, 1), (ProposalState::UnderReview, 2)] {
        for action in [ReviewAction::ConfirmNoConflict, ReviewAction::SaveDraft, ReviewAction::Submit] {
            assert!(
                matches!(
                    a.decide(&evaluator, action, None, at),
                    Err(DomainError::Conflict { code: "review_closed", .. })
                ),
                "{at:?} {action:?}"
            );
        }
    }
    a.state = ReviewState::Cancelled;
    assert!(matches!(a.decide(&evaluator, ReviewAction::SaveDraft, None, AT), Err(DomainError::Conflict { .. })));
    let step = |to, version| Move {
        action: crate::ProposalAction::Withdraw,
        from: ProposalState::UnderReview,
        to,
        note: None,
        version,
    };
    assert_eq!(closing_reason(&step(ProposalState::UnderReview, 1), 1), None);
    assert!(closing_reason(&step(ProposalState::Accepted, 1), 1).is_some());
    assert!(closing_reason(&step(ProposalState::UnderReview, 2), 1).is_some());
    assert!(closing_reason(&step(ProposalState::RevisionRequested, 1), 1).is_some());
}

#[test]
fn declining_needs_a_reason() {
    let (a, evaluator) = assignment(ReviewState::Assigned, false);
    let decline = |reason: &str| {
        let reason = Note::parse("reason", Some(reason), DECLINE_REASON_MAX)?;
        a.decide(&evaluator, ReviewAction::Decline, reason.as_ref(), AT)
    };
    assert!(matches!(decline("  "), Err(DomainError::Invalid(_))));
    assert_eq!(decline("Ho lavorato con loro"), Ok(ReviewState::Declined));
    let codes = |reason: &str| -> Vec<(String, &str)> {
        match decline(reason) {
            Err(DomainError::Invalid(fields)) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    };
    assert_eq!(codes("Ho\u{1f}lavorato"), vec![("reason".to_owned(), "control_characters")]);
    assert_eq!(codes(&"x".repeat(DECLINE_REASON_MAX + 1)), vec![("reason".to_owned(), "too_long")]);
    assert_eq!(
        decline(&format!("Riga uno\n{}", "x".repeat(DECLINE_REASON_MAX - 9))),
        Ok(ReviewState::Declined),
        "newlines are fine and the limit is inclusive"
    );
}

#[test]
fn low_scores_need_comments_and_scores_are_half_points() {
    let mut input = full();
    input.scores[2].1 = Some(2.0);
    let content = ReviewContent::parse(input).expect("valid");
    let missing: Vec<String> = content.missing_for_submission().into_iter().map(|f| f.field).collect();
    assert_eq!(missing, vec!["comments.talent_skills"]);
    let bad = ReviewInput {
        scores: vec![("talent_skills".into(), Some(2.25)), ("luck".into(), Some(1.0))],
        ..ReviewInput::default()
    };
    match ReviewContent::parse(bad) {
        Err(DomainError::Invalid(fields)) => {
            assert_eq!(
                fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(),
                vec!["scores.talent_skills", "scores.luck"]
            );
        }
        other => panic!("expected invalid, got {other:?}"),
    }
}
