use chrono::TimeZone;

use super::*;
use crate::actor::Role;
use crate::ids::OrganizationId;
use crate::proposal::tests::{actor, note, proposal};

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).single().unwrap_or_default()
}

fn code<T: std::fmt::Debug>(result: Result<T, DomainError>) -> &'static str {
    match result {
        Err(DomainError::Conflict { code, .. }) => code,
        Err(DomainError::Forbidden(_)) => "forbidden",
        other => panic!("unexpected {other:?}"),
    }
}

const ON: ResponseRule = ResponseRule { allowed: true, days: 7, scores: false };

#[test]
fn the_window_opens_once_the_challenges_minimum_of_reviews_is_in() {
    let under_review = proposal(ProposalState::UnderReview, OrganizationId::new());
    assert_eq!(ON.opens(&under_review, 1, 2, None, at(1, 9)), None, "one review of the two needed");
    let window = ON.opens(&under_review, 2, 2, None, at(1, 9)).expect("the reviews are in");
    assert_eq!((window.version, window.opened_at, window.due_at), (under_review.version, at(1, 9), at(8, 9)));
    assert!(!window.scores, "the challenge's rule on scores is kept with the window");
    assert_eq!(ON.opens(&under_review, 3, 2, Some(&window), at(2, 9)), None, "once per version");
    let mut next = under_review.clone();
    next.version += 1;
    assert!(ON.opens(&next, 2, 2, Some(&window), at(9, 9)).is_some(), "a new version has its own window");
    let off = ResponseRule { allowed: false, ..ON };
    assert_eq!(off.opens(&under_review, 3, 2, None, at(1, 9)), None, "the challenge does not allow a response");
    let decided = proposal(ProposalState::Rejected, under_review.organization_id);
    assert_eq!(ON.opens(&decided, 3, 2, None, at(1, 9)), None, "only under review");
}

#[test]
fn the_team_answers_once_within_the_term_and_what_follows_waits() {
    let under_review = proposal(ProposalState::UnderReview, OrganizationId::new());
    let window = ON.opens(&under_review, 3, 3, None, at(1, 9)).expect("open");
    let team = actor(Role::Proposer, under_review.organization_id, true);
    let stranger = actor(Role::Proposer, OrganizationId::new(), true);
    let evaluator = actor(Role::Evaluator, under_review.organization_id, true);
    assert_eq!(code(window.answer(&stranger, &under_review, note("Noi."), at(2, 9))), "forbidden");
    assert_eq!(code(window.answer(&evaluator, &under_review, note("Io."), at(2, 9))), "forbidden");
    assert_eq!(code(ResponseWindow::check_closed(Some(&window), at(8, 8))), "response_running");
    assert_eq!(ResponseWindow::check_closed(None, at(2, 9)), Ok(()), "no window, nothing to wait for");
    // The term ends at the very instant seven days after the window opened.
    assert_eq!(code(window.answer(&team, &under_review, note("Tardi."), at(8, 9))), "response_lapsed");
    assert_eq!(window.stage(at(8, 9)), TermStage::Lapsed);
    assert_eq!(ResponseWindow::check_closed(Some(&window), at(8, 9)), Ok(()), "lapsed: the decision may follow");
    let sent = window.answer(&team, &under_review, note("Il costo è nell'allegato."), at(8, 8)).expect("in time");
    assert_eq!((sent.by, sent.at), (team.user_id, at(8, 8)));
    let answered = ResponseWindow { answer: Some(sent), ..window.clone() };
    assert_eq!(answered.stage(at(3, 9)), TermStage::Answered);
    assert_eq!(ResponseWindow::check_closed(Some(&answered), at(3, 9)), Ok(()), "answered: no more waiting");
    assert_eq!(code(answered.answer(&team, &under_review, note("Ancora."), at(3, 9))), "response_sent");
    let mut moved = under_review.clone();
    moved.version += 1;
    assert_eq!(code(window.answer(&team, &moved, note("Vecchia."), at(3, 9))), "invalid_transition");
}

#[test]
fn the_consensus_waits_for_the_window_to_open_and_to_close_where_the_challenge_allows_a_response() {
    let under_review = proposal(ProposalState::UnderReview, OrganizationId::new());
    assert_eq!(code(ON.check_consensus(None, at(1, 9))), "response_pending");
    let off = ResponseRule { allowed: false, ..ON };
    assert_eq!(off.check_consensus(None, at(1, 9)), Ok(()), "no response allowed: nothing to wait for");
    let window = ON.opens(&under_review, 3, 3, None, at(1, 9)).expect("open");
    assert_eq!(code(ON.check_consensus(Some(&window), at(2, 9))), "response_running");
    assert_eq!(ON.check_consensus(Some(&window), at(8, 9)), Ok(()), "lapsed");
}

#[test]
fn the_term_is_three_to_thirty_days() {
    assert_eq!(ResponseRule::parse_days("d", 3), Ok(3));
    assert_eq!(ResponseRule::parse_days("d", 30), Ok(30));
    for wrong in [2, 31, -1, 300] {
        assert!(ResponseRule::parse_days("d", wrong).is_err(), "{wrong}");
    }
}
