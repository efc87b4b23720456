use chrono::TimeZone;

use super::*;
use crate::ids::OrganizationId;
use crate::proposal::ProposalState;
use crate::{Actor, Role, Scope};

fn input() -> ChallengeInput {
    ChallengeInput {
        slug: Some("telemedicina".to_owned()),
        title_it: Some("Telemedicina per le aree interne".to_owned()),
        description_it: Some("Servizi di televisita.".to_owned()),
        sponsor_id: Some(OrganizationId::new()),
        opens_at: Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap_or_default()),
        closes_at: Some(Some(Utc.with_ymd_and_hms(2026, 6, 30, 0, 0, 0).single().unwrap_or_default())),
        ..ChallengeInput::default()
    }
}

fn fields(error: DomainError) -> Vec<String> {
    match error {
        DomainError::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
        other => vec![other.to_string()],
    }
}

#[test]
fn a_new_challenge_needs_its_fields_and_gets_the_defaults() {
    let missing = ChallengeContent::create(ChallengeInput::default()).map_err(fields);
    assert_eq!(
        missing,
        Err(vec!["slug".into(), "title_it".into(), "description_it".into(), "sponsor_id".into(), "opens_at".into()])
    );
    let content = ChallengeContent::create(input()).expect("valid");
    assert_eq!(content.evaluation, EvaluationSettings::default());
    assert_eq!(content.evaluation.weights, [25; 4]);
}

#[test]
fn evaluation_settings_are_validated_as_a_whole() {
    let content = ChallengeContent::create(input()).expect("valid");
    let unbalanced = EvaluationInput { weights: vec![("talent_skills".into(), 40)], ..EvaluationInput::default() };
    assert_eq!(content.evaluation.with(&unbalanced).map_err(fields), Err(vec!["evaluation.weights".into()]));
    let balanced = EvaluationInput {
        weights: vec![("talent_skills".into(), 40), ("growth_development".into(), 10)],
        thresholds: vec![("security_sovereignty".into(), 3.5)],
        overall_threshold: Some(2.5),
        min_reviews: Some(2),
        consensus: Some("always".into()),
        notice_of_grounds: Some(true),
        notice_days: Some(20),
        redress_days: Some(45),
        response: Some(true),
        response_days: Some(14),
        response_with_scores: Some(false),
    };
    let settings = content.evaluation.with(&balanced).expect("valid");
    assert_eq!(settings.weights, [25, 10, 40, 25]);
    assert_eq!(settings.thresholds[0].value(), 3.5);
    assert_eq!(settings.consensus, crate::consensus::ConsensusPolicy::Always);
    assert_eq!(settings.notice, crate::notice::NoticeRule { required: true, days: 20 });
    assert_eq!(settings.redress_days, 45);
    assert_eq!(settings.response, crate::response::ResponseRule { allowed: true, days: 14, scores: false });
    let wrong = EvaluationInput {
        weights: vec![("luck".into(), 10)],
        thresholds: vec![("talent_skills".into(), 3.2)],
        overall_threshold: Some(6.0),
        min_reviews: Some(0),
        consensus: Some("sometimes".into()),
        notice_of_grounds: None,
        notice_days: Some(5),
        redress_days: Some(5),
        response: None,
        response_days: Some(31),
        response_with_scores: None,
    };
    let errors = content.evaluation.with(&wrong).map_err(fields).expect_err("invalid");
    for field in [
        "evaluation.weights.luck",
        "evaluation.thresholds.talent_skills",
        "evaluation.overall_threshold",
        "evaluation.min_reviews",
        "evaluation.consensus",
        "evaluation.notice_days",
        "evaluation.redress_days",
        "evaluation.response_days",
    ] {
        assert!(errors.contains(&field.to_owned()), "{field} in {errors:?}");
    }
}

#[test]
fn the_window_and_the_state_decide_submissions() {
    let content = ChallengeContent::create(input()).expect("valid");
    let closes = content.closes_at.expect("closes");
    let mut challenge = Challenge {
        id: ChallengeId::new(),
        content,
        state: ChallengeState::Open,
        revision: 1,
        review_note: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    assert!(challenge.accepts_submissions(closes - chrono::Duration::seconds(1)));
    assert!(!challenge.accepts_submissions(closes), "closes_at is excluded");
    assert!(!challenge.accepts_submissions(closes + chrono::Duration::seconds(1)));
    assert!(!challenge.accepts_submissions(challenge.content.opens_at - chrono::Duration::seconds(1)));
    challenge.state = ChallengeState::Draft;
    assert!(!challenge.accepts_submissions(closes - chrono::Duration::days(1)));
    let reversed = challenge
        .content
        .edit(ChallengeInput { closes_at: Some(Some(challenge.content.opens_at)), ..ChallengeInput::default() });
    assert_eq!(reversed.map_err(fields), Err(vec!["closes_at".into()]));
}

#[test]
fn challenge_transitions() {
    use ChallengeAction as A;
    use ChallengeState as S;
    for from in S::ALL {
        for action in [A::Propose, A::Return, A::Open, A::Close, A::Archive] {
            let expected = match (from, action) {
                (S::Draft, A::Propose) => Some(S::InReview),
                (S::InReview, A::Return) => Some(S::Draft),
                (S::Draft | S::InReview, A::Open) => Some(S::Open),
                (S::Open, A::Close) => Some(S::Closed),
                (S::Closed, A::Archive) => Some(S::Archived),
                _ => None,
            };
            assert_eq!(action.apply(from).ok(), expected, "{from} {}", action.as_str());
        }
    }
}

#[test]
fn slugs_and_tags() {
    assert!(parse_slug("open-call").is_ok());
    for bad in ["ab", "Open", "a--b", "-ab", "ab-", "a b", "àbc"] {
        assert!(parse_slug(bad).is_err(), "{bad}");
    }
    assert_eq!(parse_tags(&["Cloud".into(), "cloud".into(), "open-data".into()]).map(|t| t.len()), Ok(2));
    assert_eq!(parse_tags(&["ok".into(), "not ok".into()]).map_err(|e| e.field), Err("tags[1]".to_owned()));
}

fn someone(roles: &[Role], organization: OrganizationId, scopes: Option<&[Scope]>) -> Actor {
    Actor {
        user_id: crate::ids::UserId::new(),
        organization_id: organization,
        is_org_owner: false,
        roles: roles.iter().copied().collect(),
        email_verified: true,
        credential: scopes.map_or(crate::actor::Credential::Session, |s| {
            crate::actor::Credential::Token(s.iter().copied().collect())
        }),
    }
}

fn challenge_of(sponsor: OrganizationId, state: ChallengeState) -> Challenge {
    let mut content = ChallengeContent::create(input()).expect("valid");
    content.sponsor_id = sponsor;
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap_or_default();
    Challenge { id: ChallengeId::new(), content, state, revision: 1, review_note: None, created_at: at, updated_at: at }
}

#[test]
fn an_administrations_officers_draft_and_propose_its_challenges_and_hub_managers_do_the_rest() {
    let (comune, other) = (OrganizationId::new(), OrganizationId::new());
    let officer = someone(&[Role::Administration], comune, None);
    let stranger = someone(&[Role::Administration], other, None);
    let hub = someone(&[Role::HubManager], other, None);
    let proposer = someone(&[Role::Proposer], comune, None);
    let draft = challenge_of(comune, ChallengeState::Draft);

    // Drafting: hub managers for anyone, an officer for their own administration only.
    assert_eq!(ChallengeAuthor::of(&officer, &draft.content), Ok(ChallengeAuthor::Officer));
    assert_eq!(ChallengeAuthor::of(&hub, &draft.content), Ok(ChallengeAuthor::HubManager));
    assert!(matches!(ChallengeAuthor::of(&stranger, &draft.content), Err(DomainError::Forbidden(_))));
    assert!(matches!(ChallengeAuthor::of(&proposer, &draft.content), Err(DomainError::Forbidden(_))));
    let proposals_token = someone(&[Role::Administration], comune, Some(&[Scope::ProposalsWrite]));
    assert!(matches!(ChallengeAuthor::of(&proposals_token, &draft.content), Err(DomainError::Forbidden(_))));

    // Editing: the officer while it is a draft and keeping the sponsor; the hub manager always.
    assert_eq!(draft.check_edit(&officer, &draft.content), Ok(()));
    let mut elsewhere = draft.content.clone();
    elsewhere.sponsor_id = other;
    assert!(matches!(draft.check_edit(&officer, &elsewhere), Err(DomainError::Forbidden(_))));
    assert!(matches!(draft.check_edit(&stranger, &draft.content), Err(DomainError::Forbidden(_))));
    let in_review = challenge_of(comune, ChallengeState::InReview);
    assert!(matches!(
        in_review.check_edit(&officer, &in_review.content),
        Err(DomainError::Conflict { code: "not_editable", .. })
    ));
    assert_eq!(in_review.check_edit(&hub, &in_review.content), Ok(()));

    // Moves: the officer proposes; only hub managers return and open.
    assert_eq!(draft.decide(&officer, ChallengeAction::Propose), Ok(ChallengeState::InReview));
    assert!(matches!(draft.decide(&stranger, ChallengeAction::Propose), Err(DomainError::Forbidden(_))));
    assert!(matches!(draft.decide(&hub, ChallengeAction::Propose), Err(DomainError::Forbidden(_))));
    assert!(matches!(in_review.decide(&officer, ChallengeAction::Open), Err(DomainError::Forbidden(_))));
    assert!(matches!(in_review.decide(&officer, ChallengeAction::Return), Err(DomainError::Forbidden(_))));
    assert_eq!(in_review.decide(&hub, ChallengeAction::Return), Ok(ChallengeState::Draft));
    assert_eq!(in_review.decide(&hub, ChallengeAction::Open), Ok(ChallengeState::Open));
    assert!(matches!(
        in_review.decide(&officer, ChallengeAction::Propose),
        Err(DomainError::Conflict { code: "invalid_transition", .. })
    ));

    // Sight: its sponsors' officers and hub managers, whatever the state.
    assert!(draft.seen_by_sponsor(&officer, false));
    assert!(draft.seen_by_sponsor(&stranger, true), "a co-sponsor's officer");
    assert!(!draft.seen_by_sponsor(&stranger, false));
    assert!(!draft.seen_by_sponsor(&proposer, false));
    assert!(draft.seen_by_sponsor(&hub, false));
}

#[test]
fn hub_managers_name_the_responsible_officer_and_whoever_opens_a_challenge_without_one_is() {
    let comune = OrganizationId::new();
    let officer = someone(&[Role::Administration], comune, None);
    let hub = someone(&[Role::HubManager], OrganizationId::new(), None);
    let colleague = crate::UserId::new();
    let draft = challenge_of(comune, ChallengeState::Draft);

    // An officer's draft names none, and its edits keep whichever it has; a hub manager names one.
    let mut named = draft.content.clone();
    named.responsible_id = Some(colleague);
    assert_eq!(ChallengeAuthor::Officer.check_responsible(&draft.content), Ok(()));
    assert!(matches!(ChallengeAuthor::Officer.check_responsible(&named), Err(DomainError::Forbidden(_))));
    assert_eq!(ChallengeAuthor::HubManager.check_responsible(&named), Ok(()));
    assert!(matches!(draft.check_edit(&officer, &named), Err(DomainError::Forbidden(_))));
    assert_eq!(draft.check_edit(&hub, &named), Ok(()));
    let edited = draft.content.edit(ChallengeInput { responsible_id: Some(colleague), ..ChallengeInput::default() });
    assert_eq!(edited.map(|c| c.responsible_id), Ok(Some(colleague)));
    let kept = Challenge { content: named.clone(), ..draft.clone() };
    let retitled =
        kept.content.edit(ChallengeInput { title_it: Some("Un altro titolo".to_owned()), ..ChallengeInput::default() });
    assert_eq!(kept.check_edit(&officer, &retitled.expect("valid")), Ok(()), "an officer keeps the one named");

    // Opening: the one named, or else the hub manager who opens it; other moves keep what it has.
    assert_eq!(draft.responsible_after(&hub, ChallengeState::Open), Some(hub.user_id));
    assert_eq!(kept.responsible_after(&hub, ChallengeState::Open), Some(colleague));
    assert_eq!(draft.responsible_after(&officer, ChallengeState::InReview), None);
    assert_eq!(kept.responsible_after(&hub, ChallengeState::Closed), Some(colleague));
}

#[test]
fn an_opinion_has_a_verdict_and_its_reasons() {
    let given = OpinionContent::parse(Some("favourable_with_remarks"), Some("  Utile, se integrato con pagoPA.  "))
        .expect("valid");
    assert_eq!(given.verdict, OpinionVerdict::FavourableWithRemarks);
    assert_eq!(given.text.as_str(), "Utile, se integrato con pagoPA.");
    assert_eq!(OpinionContent::parse(None, None).map_err(fields), Err(vec!["verdict".into(), "text".into()]));
    assert_eq!(
        OpinionContent::parse(Some("maybe"), Some("short")).map_err(fields),
        Err(vec!["verdict".into(), "text".into()])
    );
    let long = "x".repeat(OPINION_MAX + 1);
    assert_eq!(OpinionContent::parse(Some("unfavourable"), Some(&long)).map_err(fields), Err(vec!["text".into()]));
}

#[test]
fn the_challenges_administrations_give_opinions_while_a_proposal_is_under_review_never_on_their_own() {
    let (comune, regione, startup) = (OrganizationId::new(), OrganizationId::new(), OrganizationId::new());
    let officer = someone(&[Role::Administration], comune, None);
    let co_sponsor = someone(&[Role::Administration], regione, None);
    let hub = someone(&[Role::HubManager], regione, None);
    let proposer = someone(&[Role::Proposer], comune, None);
    let wrong_token = someone(&[Role::Administration], comune, Some(&[Scope::ProposalsWrite]));
    let mut challenge = challenge_of(comune, ChallengeState::Open);
    let under_review = OpinionSubject { organization_id: startup, state: ProposalState::UnderReview };
    let conflict = |r: Result<(), DomainError>| match r {
        Err(DomainError::Conflict { code, .. }) => code,
        other => panic!("expected a conflict, got {other:?}"),
    };

    // Not asked for: nobody gives one.
    assert_eq!(conflict(challenge.check_opinion(&officer, false, under_review)), "opinions_not_requested");
    challenge.content.sponsor_opinions = true;

    assert_eq!(challenge.check_opinion(&officer, false, under_review), Ok(()));
    assert_eq!(challenge.check_opinion(&co_sponsor, true, under_review), Ok(()), "a co-sponsor's officer");
    assert!(matches!(challenge.check_opinion(&co_sponsor, false, under_review), Err(DomainError::Forbidden(_))));
    for outsider in [&hub, &proposer, &wrong_token] {
        assert!(matches!(challenge.check_opinion(outsider, true, under_review), Err(DomainError::Forbidden(_))));
    }
    let own = OpinionSubject { organization_id: comune, state: ProposalState::UnderReview };
    assert_eq!(conflict(challenge.check_opinion(&officer, false, own)), "own_proposal");
    for state in [ProposalState::Submitted, ProposalState::Accepted, ProposalState::Rejected, ProposalState::Withdrawn]
    {
        let elsewhere = OpinionSubject { organization_id: startup, state };
        assert_eq!(conflict(challenge.check_opinion(&officer, false, elsewhere)), "not_under_review", "{state}");
    }
}

#[test]
fn the_sponsors_but_not_the_proposer_are_asked_for_opinions_and_only_when_the_challenge_asks() {
    let mut challenge = challenge_of(OrganizationId::new(), ChallengeState::Open);
    let (sponsor, co, proposer) = (challenge.content.sponsor_id, OrganizationId::new(), OrganizationId::new());
    assert!(challenge.asked_for_opinion(&[co], proposer).is_empty(), "opinions not asked");
    challenge.content.sponsor_opinions = true;
    assert_eq!(challenge.asked_for_opinion(&[co, sponsor], proposer), [sponsor, co]);
    assert_eq!(challenge.asked_for_opinion(&[co], co), [sponsor], "never on its own proposal");
}

#[test]
fn an_opening_is_told_to_every_administration_a_return_to_the_sponsor_and_a_proposal_to_the_hub() {
    use super::ReviewAudience as A;
    assert_eq!(ChallengeAction::Propose.audience(), Some(A::HubManagers));
    assert_eq!(ChallengeAction::Return.audience(), Some(A::Officers));
    // Whoever drafted it: an opening concerns its sponsor and co-sponsors alike.
    assert_eq!(ChallengeAction::Open.audience(), Some(A::Administrations));
    assert_eq!(ChallengeAction::Close.audience(), None);
    assert_eq!(ChallengeAction::Archive.audience(), None);
}
