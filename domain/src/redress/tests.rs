use chrono::TimeZone;

use super::*;
use crate::ids::OrganizationId;
use crate::proposal::tests::{actor, note, proposal};

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, day, 12, 0, 0).single().unwrap_or_default()
}

fn code<T: std::fmt::Debug>(result: Result<T, DomainError>) -> &'static str {
    match result {
        Err(DomainError::Conflict { code, .. }) => code,
        Err(DomainError::Forbidden(_)) => "forbidden",
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn the_team_asks_once_within_the_term_after_a_rejection() {
    let org = OrganizationId::new();
    let rejected = proposal(ProposalState::Rejected, org);
    let team = actor(Role::Proposer, org, true);
    let decided = Challenged { version: 1, by: Some(UserId::new()), at: at(1) };
    let file = |who: &Actor, p: &Proposal, existing: Option<&RedressRequest>, now| {
        RedressRequest::file(who, p, decided, existing, 30, note("Una valutazione è arrivata dopo la decisione."), now)
    };
    let filed = file(&team, &rejected, None, at(30)).expect("within the term");
    assert_eq!((filed.state, filed.filed_by, filed.filed_at), (RedressState::Pending, team.user_id, at(30)));
    assert_eq!(decided.deadline(30), at(31), "thirty days after the decision");
    assert_eq!(code(file(&team, &rejected, None, at(31))), "redress_closed");
    assert_eq!(code(file(&team, &rejected, Some(&filed), at(2))), "redress_exists");
    let stranger = actor(Role::Proposer, OrganizationId::new(), true);
    assert_eq!(code(file(&stranger, &rejected, None, at(2))), "forbidden");
    let manager = actor(Role::HubManager, org, true);
    assert_eq!(code(file(&manager, &rejected, None, at(2))), "forbidden");
    for state in [ProposalState::Accepted, ProposalState::UnderReview, ProposalState::Withdrawn] {
        assert_eq!(code(file(&team, &proposal(state, org), None, at(2))), "not_rejected", "{state}");
    }
    let reopened = Proposal { version: 2, state: ProposalState::Rejected, ..rejected };
    assert_eq!(code(file(&team, &reopened, None, at(2))), "not_rejected", "a later version's decision");
}

#[test]
fn another_manager_handles_it_once() {
    let org = OrganizationId::new();
    let decider = actor(Role::HubManager, OrganizationId::new(), true);
    let other = actor(Role::HubManager, OrganizationId::new(), true);
    let team = actor(Role::Proposer, org, true);
    let decided = Challenged { version: 1, by: Some(decider.user_id), at: at(1) };
    let filed =
        RedressRequest::file(&team, &proposal(ProposalState::Rejected, org), decided, None, 30, note("X."), at(2))
            .expect("filed");
    assert_eq!(code(filed.handle(&decider, true, note("Io."), at(3))), "forbidden", "not who decided");
    assert_eq!(code(filed.handle(&team, true, note("Noi."), at(3))), "forbidden");
    let upheld = filed.handle(&other, true, note("La valutazione tardiva pesava."), at(3)).expect("upheld");
    assert_eq!(
        (upheld.state, upheld.handled_by, upheld.handled_at),
        (RedressState::Upheld, Some(other.user_id), Some(at(3)))
    );
    assert_eq!(code(upheld.handle(&other, false, note("Ancora."), at(4))), "redress_handled");
    let rejected = filed.handle(&other, false, note("Nessun vizio di procedura."), at(3)).expect("rejected");
    assert_eq!(rejected.state, RedressState::Rejected);
}

#[test]
fn the_term_is_ten_to_ninety_days() {
    assert_eq!(parse_days("d", 30), Ok(30));
    for wrong in [9, 91, -1] {
        assert!(parse_days("d", wrong).is_err(), "{wrong}");
    }
}
