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
        Err(DomainError::Invalid(fields)) if fields.len() == 1 => {
            if fields[0].code == "required" {
                "reply_required"
            } else {
                "reply_refused"
            }
        }
        other => panic!("unexpected {other:?}"),
    }
}

fn given(rule: NoticeRule) -> (Proposal, GroundsNotice) {
    let org = OrganizationId::new();
    let under_review = proposal(ProposalState::UnderReview, org);
    let notice =
        GroundsNotice::give(rule, &under_review, None, note("Manca il piano di sicurezza."), UserId::new(), at(1, 9))
            .expect("notice given");
    (under_review, notice)
}

#[test]
fn notice_is_given_once_on_a_proposal_under_review_with_the_challenges_term() {
    let rule = NoticeRule { required: true, days: 15 };
    let (under_review, notice) = given(rule);
    assert_eq!(notice.due_at, at(16, 9), "fifteen days from the notice");
    assert_eq!(notice.version, under_review.version);
    let again = GroundsNotice::give(rule, &under_review, Some(&notice), note("Ancora."), UserId::new(), at(2, 9));
    assert_eq!(code(again), "notice_exists");
    let submitted = proposal(ProposalState::Submitted, under_review.organization_id);
    let early = GroundsNotice::give(rule, &submitted, None, note("Presto."), UserId::new(), at(2, 9));
    assert_eq!(code(early), "invalid_transition");
}

#[test]
fn the_team_observes_once_within_the_term() {
    let (under_review, notice) = given(NoticeRule { required: true, days: 10 });
    let team = actor(Role::Proposer, under_review.organization_id, true);
    let stranger = actor(Role::Proposer, OrganizationId::new(), true);
    let manager = actor(Role::HubManager, under_review.organization_id, true);
    assert_eq!(notice.stage(at(10, 23)), TermStage::Running);
    assert_eq!(code(notice.observe(&stranger, &under_review, note("Noi."), at(2, 9))), "forbidden");
    assert_eq!(code(notice.observe(&manager, &under_review, note("Io."), at(2, 9))), "forbidden");
    // The term ends at the very instant ten days after the notice.
    assert_eq!(code(notice.observe(&team, &under_review, note("Tardi."), at(11, 9))), "notice_lapsed");
    assert_eq!(notice.stage(at(11, 9)), TermStage::Lapsed);
    let sent = notice.observe(&team, &under_review, note("Il piano è nell'allegato B."), at(11, 8)).expect("in time");
    assert_eq!((sent.by, sent.at), (team.user_id, at(11, 8)));
    let answered = GroundsNotice { observations: Some(sent), ..notice.clone() };
    assert_eq!(answered.stage(at(30, 0)), TermStage::Answered, "answered stays answered");
    assert_eq!(code(answered.observe(&team, &under_review, note("Ancora."), at(3, 9))), "observations_sent");
    let withdrawn = Proposal { state: ProposalState::Withdrawn, ..under_review.clone() };
    assert_eq!(code(notice.observe(&team, &withdrawn, note("Ritirata."), at(3, 9))), "invalid_transition");
    let revised = Proposal { version: 2, ..under_review };
    assert_eq!(code(notice.observe(&team, &revised, note("Versione nuova."), at(3, 9))), "invalid_transition");
}

#[test]
fn a_rejection_waits_for_the_notice_and_answers_the_observations() {
    let required = NoticeRule { required: true, days: 10 };
    let optional = NoticeRule::default();
    // Without a notice: refused where required, free otherwise.
    assert_eq!(code(check_rejection(required, None, None, at(1, 9))), "notice_required");
    assert_eq!(check_rejection(optional, None, None, at(1, 9)), Ok(None));
    assert_eq!(code(check_rejection(optional, None, Some(note("A nulla.")), at(1, 9))), "reply_refused");
    // While the term runs, the rejection waits, whether or not the challenge required the notice.
    let (under_review, notice) = given(required);
    for rule in [required, optional] {
        assert_eq!(code(check_rejection(rule, Some(&notice), None, at(10, 9))), "notice_running");
    }
    // Lapsed: free, and nothing to answer.
    assert_eq!(check_rejection(required, Some(&notice), None, at(11, 9)), Ok(None));
    assert_eq!(code(check_rejection(required, Some(&notice), Some(note("A nulla.")), at(11, 9))), "reply_refused");
    // Answered: at once, with a reply.
    let team = actor(Role::Proposer, under_review.organization_id, true);
    let sent = notice.observe(&team, &under_review, note("Il piano c'è."), at(2, 9)).expect("in time");
    let answered = GroundsNotice { observations: Some(sent), ..notice };
    assert_eq!(code(check_rejection(required, Some(&answered), None, at(2, 10))), "reply_required");
    let reply = note("L'allegato B descrive il piano ma non ne indica i costi.");
    assert_eq!(check_rejection(required, Some(&answered), Some(reply.clone()), at(2, 10)), Ok(Some(reply)));
}

#[test]
fn the_term_is_the_laws_or_longer() {
    assert_eq!(NoticeRule::parse_days("d", 10), Ok(10));
    assert_eq!(NoticeRule::parse_days("d", 60), Ok(60));
    for wrong in [9, 61, 0, -1, 300] {
        assert!(NoticeRule::parse_days("d", wrong).is_err(), "{wrong}");
    }
}
