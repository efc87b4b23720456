use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::actor::Credential;
use crate::challenge::{ChallengeContent, ChallengeId, ChallengeInput, ChallengeState};
use crate::pillar::Pillar;
use crate::text::Note;

use ProposalState as S;

/// The expected outcome of every (state, action, role), written out independently of `TRANSITIONS`.
fn expected(from: S, action: A, role: Role) -> Result<S, &'static str> {
    use Role::{CatalogueEditor as E, HubManager as M, Proposer as P};
    let to = match (from, action, role) {
        (S::Draft, A::Submit, P) => S::Submitted,
        (S::Submitted, A::ScreenEligible, M) => S::UnderReview,
        (S::Submitted, A::ScreenIneligible, M) => S::Rejected,
        (S::Submitted | S::UnderReview, A::RequestRevision, M) => S::RevisionRequested,
        (S::RevisionRequested, A::Resubmit, P) => S::Submitted,
        (S::UnderReview, A::DecideAccept, M) => S::Accepted,
        (S::UnderReview, A::DecideReject, M) => S::Rejected,
        (S::Draft | S::Submitted | S::UnderReview | S::RevisionRequested, A::Withdraw, P) => S::Withdrawn,
        (S::Accepted, A::Promote, E) => S::Promoted,
        (S::Rejected, A::Reopen, M) => S::UnderReview,
        (_, A::Submit | A::Resubmit | A::Withdraw, P)
        | (
            _,
            A::ScreenEligible
            | A::ScreenIneligible
            | A::RequestRevision
            | A::DecideAccept
            | A::DecideReject
            | A::Reopen,
            M,
        )
        | (_, A::Promote, E) => return Err("409"),
        _ => return Err("403"),
    };
    Ok(to)
}

fn code(result: Result<S, DomainError>) -> Result<S, &'static str> {
    result.map_err(|e| match e {
        DomainError::Forbidden(_) => "403",
        DomainError::Conflict { code: "invalid_transition", .. } => "409",
        _ => "other",
    })
}

#[test]
fn every_state_action_and_role() {
    let mut allowed = 0;
    for from in S::ALL {
        for action in A::ALL {
            for role in Role::ALL {
                let got = code(next_state(from, action, &BTreeSet::from([role])));
                assert_eq!(got, expected(from, action, role), "{from} × {action} × {role}");
                allowed += usize::from(got.is_ok());
            }
        }
    }
    assert_eq!(allowed, TRANSITIONS.len(), "one allowed triple per table row");
}

#[test]
fn several_roles_allow_the_union() {
    let both = BTreeSet::from([Role::Proposer, Role::HubManager]);
    assert_eq!(next_state(S::Submitted, A::ScreenEligible, &both), Ok(S::UnderReview));
    assert_eq!(next_state(S::Draft, A::Submit, &both), Ok(S::Submitted));
    assert_eq!(code(next_state(S::Draft, A::Submit, &BTreeSet::new())), Err("403"));
}

proptest! {
    /// No sequence of actions, by anyone, reaches a state or takes a step outside the table.
    #[test]
    fn no_sequence_leaves_the_table(steps in proptest::collection::vec((0usize..9, 0usize..5), 0..40)) {
        let mut state = S::Draft;
        for (action, role) in steps {
            let (action, role) = (A::ALL[action], Role::ALL[role]);
            if let Ok(to) = next_state(state, action, &BTreeSet::from([role])) {
                prop_assert!(TRANSITIONS.contains(&(state, action, role, to)));
                state = to;
            }
        }
        prop_assert!(S::ALL.contains(&state));
        // Terminal states stay terminal.
        if matches!(state, S::Withdrawn | S::Promoted) {
            for action in A::ALL {
                prop_assert!(next_state(state, action, &Role::ALL.into_iter().collect()).is_err());
            }
        }
    }
}

fn complete() -> ProposalContent {
    let input = ProposalInput {
        title: Some("Sportello digitale per i piccoli comuni".to_owned()),
        summary: Some(Some("Un servizio riusabile.".to_owned())),
        description: Some(Some("# Problema\n\nMolti comuni...".to_owned())),
        trl: Some(Some(6)),
        budget_cents: Some(Some(18_500_000)),
        tags: Some(vec!["cloud".to_owned()]),
        self_assessment: Some(Pillar::ALL.iter().map(|p| (p.key().to_owned(), Some("Sì.".to_owned()))).collect()),
        reuse_assessment: None,
    };
    ProposalContent::create(input).expect("valid")
}

fn challenge(state: ChallengeState) -> Challenge {
    let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().unwrap_or_default();
    let content = ChallengeContent::create(ChallengeInput {
        slug: Some("piccoli-comuni".to_owned()),
        title_it: Some("Servizi per i piccoli comuni".to_owned()),
        description_it: Some("Bisogno.".to_owned()),
        sponsor_id: Some(OrganizationId::new()),
        opens_at: Some(at(2026, 1, 1)),
        closes_at: Some(Some(at(2026, 12, 31))),
        ..ChallengeInput::default()
    })
    .expect("valid");
    Challenge {
        id: ChallengeId::new(),
        content,
        state,
        revision: 1,
        review_note: None,
        created_at: at(2026, 1, 1),
        updated_at: at(2026, 1, 1),
    }
}

pub(crate) fn proposal(state: S, organization_id: OrganizationId) -> Proposal {
    let now = Utc::now();
    Proposal {
        id: ProposalId::new(),
        challenge_id: ChallengeId::new(),
        organization_id,
        created_by: UserId::new(),
        content: complete(),
        team: BTreeSet::new(),
        state,
        version: 1,
        revision: 1,
        submitted_at: None,
        created_at: now,
        updated_at: now,
    }
}

pub(crate) fn actor(role: Role, organization_id: OrganizationId, verified: bool) -> Actor {
    Actor {
        user_id: UserId::new(),
        organization_id,
        is_org_owner: false,
        roles: BTreeSet::from([role]),
        email_verified: verified,
        credential: Credential::Session,
    }
}

#[test]
fn submission_rules() {
    let org = OrganizationId::new();
    let open = challenge(ChallengeState::Open);
    let inside = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).single().unwrap_or_default();
    let draft = proposal(S::Draft, org);
    let proposer = actor(Role::Proposer, org, true);
    let moved = draft.decide(A::Submit, &proposer, None, &open, inside).expect("submits");
    assert_eq!((moved.from, moved.to, moved.version), (S::Draft, S::Submitted, 1));

    let unverified = actor(Role::Proposer, org, false);
    assert!(matches!(draft.decide(A::Submit, &unverified, None, &open, inside), Err(DomainError::Forbidden(_))));
    let outsider = actor(Role::Proposer, OrganizationId::new(), true);
    assert!(matches!(draft.decide(A::Submit, &outsider, None, &open, inside), Err(DomainError::Forbidden(_))));
    let closes = open.content.closes_at.expect("closes");
    let late = draft.decide(A::Submit, &proposer, None, &open, closes + chrono::Duration::seconds(1));
    assert!(matches!(late, Err(DomainError::Conflict { code: "challenge_not_open", .. })));
    let closed = challenge(ChallengeState::Closed);
    assert!(matches!(draft.decide(A::Submit, &proposer, None, &closed, inside), Err(DomainError::Conflict { .. })));

    let mut incomplete = proposal(S::Draft, org);
    incomplete.content =
        ProposalContent::create(ProposalInput { title: Some("Solo un titolo".to_owned()), ..ProposalInput::default() })
            .expect("valid");
    match incomplete.decide(A::Submit, &proposer, None, &open, inside) {
        Err(DomainError::Invalid(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(names.len(), 7, "{names:?}");
            assert!(names.contains(&"self_assessment.talent_skills"));
        }
        other => panic!("expected missing fields, got {other:?}"),
    }
}

#[test]
fn notes_and_versions() {
    let org = OrganizationId::new();
    let open = challenge(ChallengeState::Open);
    let inside = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).single().unwrap_or_default();
    let manager = actor(Role::HubManager, OrganizationId::new(), true);
    let submitted = proposal(S::Submitted, org);
    let note = |text: &str| Note::parse("note", Some(text), NOTE_MAX).expect("a valid note");
    let missing = submitted.decide(A::RequestRevision, &manager, note("   "), &open, inside);
    assert!(matches!(missing, Err(DomainError::Invalid(ref f)) if f[0].field == "note"));
    let asked =
        submitted.decide(A::RequestRevision, &manager, note("Chiarire il budget"), &open, inside).expect("moves");
    assert_eq!(asked.note.as_ref().map(Note::as_str), Some("Chiarire il budget"));
    let mut revising = proposal(S::RevisionRequested, org);
    revising.version = 1;
    let resubmitted =
        revising.decide(A::Resubmit, &actor(Role::Proposer, org, true), None, &open, inside).expect("moves");
    assert_eq!((resubmitted.to, resubmitted.version), (S::Submitted, 2));
}

#[test]
fn visibility_and_edits() {
    let org = OrganizationId::new();
    let draft = proposal(S::Draft, org);
    assert!(draft.visible_to(&actor(Role::Proposer, org, false)));
    assert!(!draft.visible_to(&actor(Role::Proposer, OrganizationId::new(), true)));
    assert!(draft.visible_to(&actor(Role::HubManager, OrganizationId::new(), true)));
    assert!(!draft.visible_to(&actor(Role::Evaluator, org, true)), "evaluators see only assignments");
    assert!(draft.check_edit(&actor(Role::Proposer, org, false)).is_ok());
    assert!(matches!(draft.check_edit(&actor(Role::HubManager, org, true)), Err(DomainError::Forbidden(_))));
    let submitted = proposal(S::Submitted, org);
    assert!(matches!(
        submitted.check_edit(&actor(Role::Proposer, org, true)),
        Err(DomainError::Conflict { code: "not_editable", .. })
    ));
}

#[test]
fn content_validation() {
    let bad = ProposalInput {
        title: Some("abc".to_owned()),
        summary: Some(Some("x".repeat(501))),
        trl: Some(Some(10)),
        budget_cents: Some(Some(-1)),
        tags: Some(vec!["Not A Tag".to_owned()]),
        self_assessment: Some(vec![("luck".to_owned(), Some("x".to_owned()))]),
        reuse_assessment: Some(Some("x".repeat(4_001))),
        ..ProposalInput::default()
    };
    match ProposalContent::create(bad) {
        Err(DomainError::Invalid(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(
                names,
                vec!["title", "summary", "trl", "budget_cents", "tags[0]", "reuse_assessment", "self_assessment.luck"]
            );
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    let cleared =
        complete().edit(ProposalInput { budget_cents: Some(None), ..ProposalInput::default() }).expect("valid");
    assert_eq!(cleared.budget_cents, None);
    assert_eq!(complete().missing_for_submission(), vec![]);
}

#[test]
fn the_reuse_check_asks_how_a_proposal_differs_only_when_the_catalogue_has_something_like_it() {
    assert!(complete().check_reuse(0).is_ok());
    match complete().check_reuse(2) {
        Err(DomainError::Invalid(fields)) => {
            assert_eq!(fields[0].field, "reuse_assessment");
            assert_eq!(fields[0].code, "reuse_assessment_required");
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    let answered = complete()
        .edit(ProposalInput {
            reuse_assessment: Some(Some("  Copre i comuni sotto i 5.000 abitanti.  ".to_owned())),
            ..ProposalInput::default()
        })
        .expect("valid");
    assert_eq!(answered.reuse_assessment.as_deref(), Some("Copre i comuni sotto i 5.000 abitanti."));
    assert!(answered.check_reuse(2).is_ok());
    let blank = answered
        .edit(ProposalInput { reuse_assessment: Some(Some("   ".to_owned())), ..ProposalInput::default() })
        .expect("blank clears");
    assert_eq!(blank.reuse_assessment, None);
    // A snapshot written before the field existed still reads.
    let old = serde_json::json!({"title": "Sportello", "summary": null, "description": null, "trl": null,
        "budget_cents": null, "tags": [], "self_assessment": {}});
    let read: ProposalContent = serde_json::from_value(old).expect("old snapshot");
    assert_eq!(read.reuse_assessment, None);
}

#[test]
fn acceptance_needs_reviews_and_thresholds_or_an_override() {
    let ok =
        AcceptanceCheck { submitted_reviews: 3, min_reviews: 3, passes_thresholds: true, consensus_missing: false };
    assert_eq!(ok.allow(true, None), Ok(None));
    let few = AcceptanceCheck { submitted_reviews: 2, ..ok };
    assert!(matches!(few.allow(true, None), Err(DomainError::Conflict { code: "override_required", .. })));
    let note = |text: &str| Note::parse("override_reason", Some(text), NOTE_MAX).expect("a valid note");
    assert!(matches!(few.allow(true, note("  ")), Err(DomainError::Conflict { .. })));
    assert_eq!(
        few.allow(true, note("Urgenza del bando")).map(|n| n.map(Note::into_string)),
        Ok(Some("Urgenza del bando".to_owned()))
    );
    let low = AcceptanceCheck { passes_thresholds: false, ..ok };
    assert!(low.shortfall().is_some_and(|s| s.contains("thresholds")));
    assert_eq!(low.allow(false, None), Ok(None), "a rejection needs no override for low scores or few reviews");
}

#[test]
fn a_missing_consensus_needs_an_override_to_accept_or_to_reject() {
    let unreconciled =
        AcceptanceCheck { submitted_reviews: 3, min_reviews: 3, passes_thresholds: true, consensus_missing: true };
    assert!(unreconciled.shortfall().is_some_and(|s| s.contains("consensus")));
    for accept in [true, false] {
        let Err(DomainError::Conflict { code: "override_required", message }) = unreconciled.allow(accept, None) else {
            panic!("refused without a reason")
        };
        assert!(message.contains(if accept { "accept" } else { "reject" }), "{message}");
        let reason = Note::parse("override_reason", Some("Scadenza del bando"), NOTE_MAX).expect("a valid note");
        assert!(unreconciled.allow(accept, reason).is_ok_and(|r| r.is_some()));
    }
    let few = AcceptanceCheck { submitted_reviews: 1, ..unreconciled };
    assert!(few.shortfall().is_some_and(|s| s.contains("reviews")), "the reviews first");
}

/// A note, for the procedure's tests.
pub(crate) fn note(text: &str) -> Note {
    Note::parse("note", Some(text), 4_000).ok().flatten().unwrap_or_else(|| panic!("a note: {text}"))
}

#[test]
fn the_record_of_the_procedure_is_its_teams_and_the_hubs() {
    let org = OrganizationId::new();
    let p = proposal(S::Rejected, org);
    assert!(p.record_readable_by(&actor(Role::Proposer, org, true)), "its proposer");
    assert!(p.record_readable_by(&actor(Role::HubManager, OrganizationId::new(), true)), "a hub manager");
    assert!(!p.record_readable_by(&actor(Role::Proposer, OrganizationId::new(), true)), "another organisation");
    assert!(!p.record_readable_by(&actor(Role::Administration, org, true)), "a member who is no proposer");
    assert!(!p.record_readable_by(&actor(Role::Evaluator, OrganizationId::new(), true)), "an evaluator");
}
