use chrono::{NaiveDate, Utc};

use super::*;
use crate::actor::{Credential, Role, Scope};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

const TODAY: &str = "2026-12-04";

fn input(state: &str) -> AdoptionInput {
    AdoptionInput { state: Some(state.to_owned()), ..AdoptionInput::default() }
}

fn codes(result: Result<AdoptionContent, DomainError>) -> Vec<(String, &'static str)> {
    match result {
        Err(DomainError::Invalid(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("not invalid: {other:?}"),
    }
}

fn officer(org: OrganizationId, credential: Credential) -> Actor {
    Actor {
        user_id: UserId::new(),
        organization_id: org,
        is_org_owner: false,
        roles: [Role::Administration].into_iter().collect(),
        email_verified: true,
        credential,
    }
}

#[test]
fn an_adoption_states_where_the_administration_is_with_dates_that_agree() {
    let today = day(TODAY);
    let planned =
        AdoptionContent::parse(AdoptionInput { started_on: Some("2027-03-01".to_owned()), ..input("planned") }, today)
            .expect("a planned start may lie ahead");
    assert_eq!(
        (planned.state, planned.started_on, planned.listed),
        (AdoptionState::Planned, Some(day("2027-03-01")), true)
    );

    let ended = AdoptionContent::parse(
        AdoptionInput {
            started_on: Some("2025-01-10".to_owned()),
            ended_on: Some("2026-06-30".to_owned()),
            note: Some("  Sostituito da un servizio regionale.  ".to_owned()),
            listed: Some(false),
            ..input("discontinued")
        },
        today,
    )
    .expect("valid");
    assert_eq!(ended.note.as_ref().map(Note::as_str), Some("Sostituito da un servizio regionale."));
    assert!(!ended.listed);

    assert_eq!(codes(AdoptionContent::parse(AdoptionInput::default(), today)), [("state".to_owned(), "required")]);
    assert_eq!(codes(AdoptionContent::parse(input("adopted"), today)), [("state".to_owned(), "unknown_state")]);
    // Discontinued needs its end, even when the form sent an empty field.
    let no_end = AdoptionInput { ended_on: Some(" ".to_owned()), ..input("discontinued") };
    assert_eq!(codes(AdoptionContent::parse(no_end, today)), [("ended_on".to_owned(), "required")]);
    let unreadable = AdoptionInput { ended_on: Some("30/06/2026".to_owned()), ..input("discontinued") };
    assert_eq!(codes(AdoptionContent::parse(unreadable, today)), [("ended_on".to_owned(), "invalid_date")]);
    let end_in_use = AdoptionInput { ended_on: Some("2026-01-01".to_owned()), ..input("in_use") };
    assert_eq!(codes(AdoptionContent::parse(end_in_use, today)), [("ended_on".to_owned(), "not_allowed")]);
    let future_use = AdoptionInput { started_on: Some("2026-12-05".to_owned()), ..input("in_use") };
    assert_eq!(codes(AdoptionContent::parse(future_use, today)), [("started_on".to_owned(), "in_the_future")]);
    let backwards = AdoptionInput {
        started_on: Some("2026-05-01".to_owned()),
        ended_on: Some("2026-04-30".to_owned()),
        ..input("discontinued")
    };
    assert_eq!(codes(AdoptionContent::parse(backwards, today)), [("ended_on".to_owned(), "before_start")]);
    let long = AdoptionInput { note: Some("x".repeat(NOTE_MAX + 1)), ..input("in_use") };
    assert_eq!(codes(AdoptionContent::parse(long, today)), [("note".to_owned(), "too_long")]);
}

#[test]
fn only_another_administrations_officer_adopts_and_only_a_published_service_anew() {
    use AdoptionState::{Discontinued, InUse, Planned};
    let (provider, other) = (OrganizationId::new(), OrganizationId::new());
    let officer_elsewhere = officer(other, Credential::Session);
    assert!(adopting(&officer_elsewhere, provider, ServiceState::Published, None, InUse).is_ok());
    let own = adopting(&officer(provider, Credential::Session), provider, ServiceState::Published, None, InUse);
    assert!(matches!(own, Err(DomainError::Conflict { code: "own_service", .. })), "{own:?}");
    let proposer = Actor { roles: [Role::Proposer].into_iter().collect(), ..officer_elsewhere.clone() };
    assert!(matches!(
        adopting(&proposer, provider, ServiceState::Published, None, InUse),
        Err(DomainError::Forbidden(_))
    ));
    let token = officer(other, Credential::Token([Scope::ProposalsWrite].into_iter().collect()));
    assert!(matches!(adopting(&token, provider, ServiceState::Published, None, InUse), Err(DomainError::Forbidden(_))));

    for state in [ServiceState::Deprecated, ServiceState::Retired] {
        for (previous, next, ok) in [
            (None, InUse, false),
            (None, Planned, false),
            (Some(Planned), InUse, false),
            (Some(Discontinued), InUse, false),
            (Some(InUse), InUse, true),
            (Some(InUse), Discontinued, true),
            (None, Discontinued, true),
        ] {
            let answer = adopting(&officer_elsewhere, provider, state, previous, next);
            assert_eq!(answer.is_ok(), ok, "{state} {previous:?} → {next}: {answer:?}");
            if !ok {
                assert!(matches!(answer, Err(DomainError::Conflict { code: "service_not_adoptable", .. })));
            }
        }
    }
    let draft = adopting(&officer_elsewhere, provider, ServiceState::Draft, None, Planned);
    assert!(matches!(draft, Err(DomainError::Conflict { code: "service_not_adoptable", .. })));
}

#[test]
fn used_by_names_the_listed_administrations_that_use_the_service_now() {
    let adoption = |name: &str, state: AdoptionState, listed: bool| Adoption {
        service_id: ServiceId::new(),
        organization_id: OrganizationId::new(),
        organization_name: name.to_owned(),
        content: AdoptionContent { state, started_on: None, ended_on: None, note: None, listed },
        declared_by: UserId::new(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    let all = [
        adoption("Comune di Valdora", AdoptionState::InUse, true),
        adoption("Comune riservato", AdoptionState::InUse, false),
        adoption("Regione in arrivo", AdoptionState::Planned, true),
        adoption("Comune uscito", AdoptionState::Discontinued, true),
        adoption("Ministero", AdoptionState::InUse, true),
    ];
    assert_eq!(used_by(&all), ["Comune di Valdora", "Ministero"]);
    assert!(AdoptionState::Planned.in_community() && !AdoptionState::Discontinued.in_community());
}

#[test]
fn a_community_message_has_a_subject_and_a_body() {
    let message = CommunityMessage::parse(Some(" Integrazione con ANPR "), Some("Come avete configurato l'accesso?"))
        .expect("valid");
    assert_eq!(message.subject, "Integrazione con ANPR");
    let fields = |r: Result<CommunityMessage, DomainError>| match r {
        Err(DomainError::Invalid(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>(),
        other => panic!("not invalid: {other:?}"),
    };
    assert_eq!(
        fields(CommunityMessage::parse(None, Some("corto"))),
        [("subject".to_owned(), "required"), ("body".to_owned(), "too_short")]
    );
    assert_eq!(fields(CommunityMessage::parse(Some("Riga\nseconda"), Some("Un testo abbastanza lungo."))).len(), 1);
}
