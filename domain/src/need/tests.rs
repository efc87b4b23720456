use std::collections::BTreeSet;

use super::*;
use crate::actor::Credential;

fn input() -> NeedInput {
    NeedInput {
        title: Some("Prenotazioni degli sportelli".to_owned()),
        description: Some(
            "Gli sportelli anagrafici hanno code di settimane: serve un sistema di prenotazione.".to_owned(),
        ),
        pillars: Some(vec!["effectiveness_sustainability".to_owned()]),
        tags: Some(vec!["Anagrafe".to_owned()]),
        urgency: Some("high".to_owned()),
        population: Some(12_000),
        budget_min_eur: Some(20_000),
        budget_max_eur: Some(60_000),
        public: None,
    }
}

fn codes(result: Result<NeedContent, DomainError>) -> Vec<(String, &'static str)> {
    match result {
        Err(DomainError::Invalid(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("not invalid: {other:?}"),
    }
}

#[test]
fn a_need_names_what_whom_and_how_urgent() {
    let need = NeedContent::parse(input()).expect("valid");
    assert_eq!(need.tags, BTreeSet::from(["anagrafe".to_owned()]));
    assert_eq!(need.budget, Some((20_000, 60_000)));
    assert!(need.public, "public unless said otherwise");
    let empty = codes(NeedContent::parse(NeedInput::default()));
    let fields: Vec<&str> = empty.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["title", "description", "pillars", "urgency", "population"]);
}

#[test]
fn its_numbers_and_names_are_checked() {
    let bad = NeedInput {
        pillars: Some(vec!["beauty".to_owned()]),
        urgency: Some("yesterday".to_owned()),
        population: Some(0),
        budget_min_eur: Some(50),
        budget_max_eur: Some(10),
        ..input()
    };
    assert_eq!(
        codes(NeedContent::parse(bad)),
        [
            ("pillars[0]".to_owned(), "unknown_pillar"),
            ("urgency".to_owned(), "unknown_urgency"),
            ("population".to_owned(), "out_of_range"),
            ("budget_max_eur".to_owned(), "below_minimum"),
        ]
    );
    let half = NeedInput { budget_max_eur: None, ..input() };
    assert_eq!(codes(NeedContent::parse(half)), [("budget_max_eur".to_owned(), "required")]);
    let none = NeedInput { pillars: Some(vec![]), ..input() };
    assert_eq!(codes(NeedContent::parse(none)), [("pillars".to_owned(), "required")]);
    assert!(parse_population("population", POPULATION_MAX).is_ok());
    assert!(parse_population("population", POPULATION_MAX + 1).is_err());
}

fn actor(org: OrganizationId, roles: &[Role]) -> Actor {
    Actor {
        user_id: UserId::new(),
        organization_id: org,
        is_org_owner: false,
        roles: roles.iter().copied().collect(),
        email_verified: true,
        credential: Credential::Session,
    }
}

fn need(org: OrganizationId, public: bool) -> Need {
    let now = Utc::now();
    Need {
        id: NeedId::new(),
        organization_id: org,
        author_id: UserId::new(),
        content: NeedContent { public, ..NeedContent::parse(input()).expect("valid") },
        state: NeedState::Open,
        merged_into: None,
        challenge_id: None,
        closed_reason: None,
        created_at: now,
        updated_at: now,
        revision: 0,
    }
}

#[test]
fn a_public_need_is_everyones_and_another_the_administrations_and_the_hubs() {
    let (mine, other) = (OrganizationId::new(), OrganizationId::new());
    let hidden = need(mine, false);
    assert!(need(mine, true).visible_to(None));
    assert!(!hidden.visible_to(None));
    assert!(!hidden.visible_to(Some(&actor(other, &[Role::Proposer, Role::Evaluator]))));
    assert!(!hidden.visible_to(Some(&actor(other, &[Role::CatalogueEditor]))));
    for reader in [
        actor(mine, &[Role::Proposer]),
        actor(other, &[Role::Administration]),
        actor(other, &[Role::HubManager]),
        actor(other, &[Role::Admin]),
    ] {
        assert!(hidden.visible_to(Some(&reader)), "{:?}", reader.roles);
    }
}

#[test]
fn another_administrations_officer_cosigns_an_open_need() {
    let (mine, other) = (OrganizationId::new(), OrganizationId::new());
    let mut open = need(mine, true);
    let conflict = |r: Result<(), DomainError>| match r {
        Err(DomainError::Conflict { code, .. }) => code,
        Err(DomainError::Forbidden(_)) => "forbidden",
        Ok(()) => "ok",
        Err(other) => panic!("{other:?}"),
    };
    assert_eq!(conflict(open.cosigning(&actor(other, &[Role::Administration]))), "ok");
    assert_eq!(conflict(open.cosigning(&actor(other, &[Role::Proposer]))), "forbidden");
    assert_eq!(conflict(open.cosigning(&actor(mine, &[Role::Administration]))), "own_need");
    let mut token = actor(other, &[Role::Administration]);
    token.credential = Credential::Token([Scope::ProposalsWrite].into());
    assert_eq!(conflict(open.cosigning(&token)), "forbidden", "a token needs the administration scope");
    open.state = NeedState::Converted;
    assert_eq!(conflict(open.cosigning(&actor(other, &[Role::Administration]))), "need_not_open");
}

#[test]
fn only_an_open_need_merges_into_another_open_one() {
    let org = OrganizationId::new();
    let (a, mut b) = (need(org, true), need(org, true));
    assert!(a.merging_into(&b).is_ok());
    assert!(matches!(a.merging_into(&a), Err(DomainError::Conflict { code: "same_need", .. })));
    b.state = NeedState::Closed;
    assert!(matches!(a.merging_into(&b), Err(DomainError::Conflict { code: "need_not_open", .. })));
    assert!(matches!(b.merging_into(&a), Err(DomainError::Conflict { code: "need_not_open", .. })));
}

#[test]
fn the_reach_adds_the_cosigners() {
    let org = OrganizationId::new();
    let n = need(org, true);
    let sign = |population| Cosignature {
        organization_id: OrganizationId::new(),
        organization_name: "Comune".to_owned(),
        user_id: UserId::new(),
        note: None,
        population,
        created_at: Utc::now(),
    };
    assert_eq!(reach(&n, &[]), (1, 12_000));
    assert_eq!(reach(&n, &[sign(Some(3_000)), sign(None)]), (3, 15_000));
}

#[test]
fn only_the_stating_administrations_officers_edit_an_open_need() {
    let (mine, other) = (OrganizationId::new(), OrganizationId::new());
    let mut open = need(mine, true);
    let outcome = |r: Result<(), DomainError>| match r {
        Err(DomainError::Conflict { code, .. }) => code,
        Err(DomainError::Forbidden(_)) => "forbidden",
        Ok(()) => "ok",
        Err(other) => panic!("{other:?}"),
    };
    assert_eq!(outcome(open.editing(&actor(mine, &[Role::Administration]))), "ok");
    for stranger in [
        actor(other, &[Role::Administration]),
        actor(mine, &[Role::Proposer]),
        actor(other, &[Role::HubManager]),
        actor(other, &[Role::Admin]),
    ] {
        assert_eq!(outcome(open.editing(&stranger)), "forbidden", "{:?}", stranger.roles);
    }
    let mut token = actor(mine, &[Role::Administration]);
    token.credential = Credential::Token([Scope::ProposalsWrite].into());
    assert_eq!(outcome(open.editing(&token)), "forbidden", "a token needs the administration scope");
    for state in [NeedState::Merged, NeedState::Converted, NeedState::Closed] {
        open.state = state;
        assert_eq!(outcome(open.editing(&actor(mine, &[Role::Administration]))), "need_not_open", "{state}");
        assert_eq!(outcome(open.editing(&actor(other, &[Role::Administration]))), "forbidden", "{state}");
    }
}

#[test]
fn an_edit_replaces_the_fields_given_and_checks_the_whole() {
    let current = NeedContent::parse(input()).expect("valid");
    let same = current.edit(NeedPatch::default()).expect("nothing given, nothing changed");
    assert_eq!(same, current);
    assert!(current.changes(&same).is_empty());

    let patch = NeedPatch {
        title: Some("Prenotazione online degli sportelli".to_owned()),
        urgency: Some("low".to_owned()),
        budget_min_eur: Some(None),
        budget_max_eur: Some(None),
        public: Some(false),
        ..NeedPatch::default()
    };
    let next = current.edit(patch).expect("valid");
    assert_eq!(next.title, "Prenotazione online degli sportelli");
    assert_eq!((next.urgency, next.budget, next.public), (Urgency::Low, None, false));
    assert_eq!(next.description, current.description, "what is not given stays");
    assert_eq!(
        current.changes(&next),
        [NeedField::Title, NeedField::Urgency, NeedField::BudgetMin, NeedField::BudgetMax, NeedField::Public]
    );

    let half = NeedPatch { budget_max_eur: Some(None), ..NeedPatch::default() };
    assert_eq!(codes(current.edit(half)), [("budget_max_eur".to_owned(), "required")]);
    let bad = NeedPatch { title: Some("No".to_owned()), pillars: Some(vec![]), ..NeedPatch::default() };
    let fields: Vec<String> = codes(current.edit(bad)).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["title", "pillars"], "the rules of a new need");
}
