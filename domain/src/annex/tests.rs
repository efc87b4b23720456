use std::collections::BTreeSet;

use chrono::Utc;

use super::*;
use crate::actor::Credential;
use crate::ids::OrganizationId;
use crate::proposal::{ProposalContent, ProposalState};

fn rule_input(key: &str, types: &[&str]) -> AnnexRuleInput {
    AnnexRuleInput {
        key: key.to_owned(),
        name: format!("Allegato {key}"),
        types: types.iter().map(|t| (*t).to_owned()).collect(),
        ..AnnexRuleInput::default()
    }
}

fn actor(roles: &[Role], organization: OrganizationId) -> Actor {
    Actor {
        user_id: UserId::new(),
        organization_id: organization,
        is_org_owner: false,
        roles: roles.iter().copied().collect::<BTreeSet<_>>(),
        email_verified: true,
        credential: Credential::Session,
    }
}

fn proposal(organization: OrganizationId, state: ProposalState) -> Proposal {
    let now = Utc::now();
    Proposal {
        id: ProposalId::new(),
        challenge_id: crate::challenge::ChallengeId::new(),
        organization_id: organization,
        created_by: UserId::new(),
        content: ProposalContent::default(),
        team: BTreeSet::new(),
        state,
        version: 1,
        revision: 1,
        submitted_at: None,
        created_at: now,
        updated_at: now,
    }
}

fn annex(version: i32, rule: &str) -> Annex {
    Annex {
        id: AnnexId::new(),
        proposal_id: ProposalId::new(),
        version,
        rule: rule.to_owned(),
        filename: "a.pdf".to_owned(),
        kind: AnnexType::Pdf,
        size: 10,
        sha256: "0".repeat(64),
        pages: Some(1),
        uploaded_by: UserId::new(),
        created_at: Utc::now(),
    }
}

#[test]
fn rules_take_defaults_and_refuse_bad_fields_all_at_once() {
    let rules = AnnexRules::parse(&[rule_input("deck", &["pdf"])]).expect("valid");
    let deck = rules.get("deck").expect("deck");
    assert_eq!((deck.max_bytes, deck.max_count, deck.required, deck.max_pages), (MAX_BYTES_DEFAULT, 1, false, None));

    let mut bad = rule_input("Deck!", &["exe", "pdf"]);
    bad.max_bytes = Some(MAX_BYTES_CAP + 1);
    bad.max_count = Some(0);
    let mut pages_without_pdf = rule_input("sheet", &["xlsx"]);
    pages_without_pdf.max_pages = Some(10);
    let Err(DomainError::Invalid(fields)) = AnnexRules::parse(&[bad, pages_without_pdf, rule_input("sheet", &[])])
    else {
        panic!("invalid rules accepted");
    };
    let got: Vec<(&str, &str)> = fields.iter().map(|f| (f.field.as_str(), f.code)).collect();
    assert_eq!(
        got,
        [
            ("annexes[0].key", "invalid_key"),
            ("annexes[0].types[0]", "unknown_annex_type"),
            ("annexes[0].max_bytes", "out_of_range"),
            ("annexes[0].max_count", "out_of_range"),
            ("annexes[1].max_pages", "not_pdf"),
            ("annexes[2].key", "duplicate"),
            ("annexes[2].types", "required"),
        ]
    );
    let eleven: Vec<AnnexRuleInput> = (0..11).map(|i| rule_input(&format!("a{i}"), &["pdf"])).collect();
    assert!(AnnexRules::parse(&eleven).is_err(), "at most ten annexes");
}

#[test]
fn an_upload_needs_an_editable_proposal_of_ones_team_a_known_rule_and_room() {
    let org = OrganizationId::new();
    let rules = AnnexRules::parse(&[rule_input("deck", &["pdf"])]).expect("valid");
    let team = actor(&[Role::Proposer], org);
    let draft = proposal(org, ProposalState::Draft);
    assert!(check_upload(&rules, &draft, &team, "deck", 0, false).is_ok());
    assert!(matches!(
        check_upload(&rules, &draft, &team, "deck", 1, false),
        Err(DomainError::Conflict { code: "too_many_annexes", .. })
    ));
    assert!(check_upload(&rules, &draft, &team, "deck", 1, true).is_ok(), "replacing one is room enough");
    assert!(matches!(check_upload(&rules, &draft, &team, "budget", 0, false), Err(DomainError::Invalid(_))));
    let submitted = proposal(org, ProposalState::Submitted);
    assert!(matches!(
        check_upload(&rules, &submitted, &team, "deck", 0, false),
        Err(DomainError::Conflict { code: "not_editable", .. })
    ));
    let manager = actor(&[Role::HubManager], OrganizationId::new());
    assert!(matches!(check_upload(&rules, &draft, &manager, "deck", 0, false), Err(DomainError::Forbidden(_))));
}

#[test]
fn a_file_is_judged_by_its_content_its_size_and_its_pages() {
    let mut input = rule_input("deck", &["pdf", "png"]);
    input.max_bytes = Some(100);
    input.max_pages = Some(3);
    let rules = AnnexRules::parse(&[input]).expect("valid");
    let rule = rules.get("deck").expect("deck");
    let file = |kind, size, pages| Inspected { kind, size, pages };
    assert_eq!(check_file(rule, &file(Some(AnnexType::Pdf), 100, Some(3))), Ok(AnnexType::Pdf));
    assert_eq!(check_file(rule, &file(Some(AnnexType::Png), 1, None)), Ok(AnnexType::Png));
    let code = |r: Result<AnnexType, DomainError>| match r {
        Err(DomainError::Invalid(f)) => f[0].code,
        other => panic!("{other:?}"),
    };
    assert_eq!(code(check_file(rule, &file(Some(AnnexType::Pdf), 0, None))), "empty");
    assert_eq!(code(check_file(rule, &file(Some(AnnexType::Pdf), 101, Some(1)))), "too_large");
    assert_eq!(code(check_file(rule, &file(Some(AnnexType::Docx), 10, None))), "type_not_allowed");
    assert_eq!(code(check_file(rule, &file(None, 10, None))), "type_not_allowed");
    assert_eq!(code(check_file(rule, &file(Some(AnnexType::Pdf), 10, Some(4)))), "too_many_pages");
}

#[test]
fn a_submission_lacks_each_required_annex_of_the_working_copy() {
    let mut deck = rule_input("deck", &["pdf"]);
    deck.required = Some(true);
    let mut budget = rule_input("budget", &["xlsx"]);
    budget.required = Some(true);
    let rules = AnnexRules::parse(&[deck, budget, rule_input("extra", &["pdf"])]).expect("valid");
    let missing = missing_for_submission(&rules, &[annex(WORKING_COPY, "deck"), annex(1, "budget")]);
    let fields: Vec<&str> = missing.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["annexes.budget"], "a submitted version's file does not stand for the working copy's");
}

#[test]
fn a_submission_meets_the_rules_as_they_are_now() {
    // The files were attached under other rules: the challenge has since withdrawn "extra", taken "deck"
    // to PNG only and "budget" to one file of at most 5 bytes.
    let deck = rule_input("deck", &["png"]);
    let mut budget = rule_input("budget", &["pdf"]);
    budget.max_bytes = Some(5);
    let rules = AnnexRules::parse(&[deck, budget]).expect("valid");
    let working = [
        annex(WORKING_COPY, "deck"),
        annex(WORKING_COPY, "budget"),
        annex(WORKING_COPY, "budget"),
        annex(WORKING_COPY, "extra"),
    ];
    let found = missing_for_submission(&rules, &working);
    let unfit: Vec<(&str, &str)> = found.iter().map(|f| (f.field.as_str(), f.code)).collect();
    assert_eq!(
        unfit,
        [
            ("annexes.deck", "type_not_allowed"),
            ("annexes.budget", "too_large"),
            ("annexes.budget", "too_large"),
            ("annexes.extra", "rule_withdrawn"),
            ("annexes.budget", "too_many_annexes"),
        ]
    );
    // A submitted version's files are not the working copy's: they are never judged again.
    assert!(missing_for_submission(&rules, &[annex(1, "extra")]).is_empty());
}

fn duty(version: i32, state: ReviewState, cleared: bool) -> Duty {
    Duty { version, state, cleared }
}

#[test]
fn the_working_copy_is_its_teams_and_a_submitted_version_its_readers() {
    let org = OrganizationId::new();
    let p = proposal(org, ProposalState::RevisionRequested);
    let evaluator = actor(&[Role::Evaluator], OrganizationId::new());
    let assigned = [duty(1, ReviewState::Submitted, true)];
    assert!(!annex(WORKING_COPY, "deck").readable_by(&evaluator, &p, &assigned));
    assert!(annex(1, "deck").readable_by(&evaluator, &p, &assigned));
    assert!(!annex(1, "deck").readable_by(&evaluator, &p, &[]), "an evaluator not assigned");
    let manager = actor(&[Role::HubManager], OrganizationId::new());
    let proposer = actor(&[Role::Proposer], org);
    for reader in [&manager, &proposer] {
        assert!(annex(WORKING_COPY, "deck").readable_by(reader, &p, &[]));
        assert!(annex(1, "deck").readable_by(reader, &p, &[]), "whoever sees it unassigned");
    }
}

#[test]
fn an_evaluator_reads_the_files_of_the_versions_assigned_to_them_cleared_never_once_they_declined() {
    use ReviewState::{Assigned, Cancelled, Declined, InProgress, Submitted};
    for state in [Assigned, InProgress, Submitted] {
        assert!(evaluator_reads(&[duty(2, state, true)], 2), "{state:?}");
        assert!(!evaluator_reads(&[duty(2, state, false)], 2), "{state:?}: the conflict not yet confirmed");
        assert!(!evaluator_reads(&[duty(2, state, true)], 1), "{state:?}: an earlier version not assigned");
        assert!(!evaluator_reads(&[duty(1, state, true)], 2), "{state:?}: a later version not assigned");
    }
    assert!(!evaluator_reads(&[duty(2, Cancelled, true)], 2), "unassigned");
    assert!(!evaluator_reads(&[duty(2, Declined, true)], 2), "declined");
    // A review of version 1 submitted, then version 2 declined (a conflict arose) or never cleared.
    let declined = [duty(1, Submitted, true), duty(2, Declined, false)];
    assert!(!evaluator_reads(&declined, 1) && !evaluator_reads(&declined, 2), "a declined version closes every one");
    let unconfirmed = [duty(1, Submitted, true), duty(2, Assigned, false)];
    assert!(evaluator_reads(&unconfirmed, 1) && !evaluator_reads(&unconfirmed, 2));
    assert!(!evaluator_reads(&[], 1));
}

#[test]
fn file_names_lose_paths_controls_and_quotes() {
    assert_eq!(clean_filename("../../etc/passwd", AnnexType::Pdf), "passwd.pdf");
    assert_eq!(clean_filename("C:\\docs\\Piano \"finale\".pdf", AnnexType::Pdf), "Piano finale.pdf");
    assert_eq!(clean_filename("a\u{202e}fdp.exe\r\n", AnnexType::Pdf), "afdp.exe.pdf");
    for dots in [" .. ", ".", "..", "/..", "..\\.."] {
        assert_eq!(clean_filename(dots, AnnexType::Jpeg), "annex.jpg", "{dots:?}");
    }
    let long = clean_filename(&"è".repeat(500), AnnexType::Pdf);
    assert_eq!(long.chars().count(), FILENAME_MAX);
    assert!(long.ends_with("è.pdf"), "{long}");
    let long = clean_filename(&format!("{}.PDF", "a".repeat(500)), AnnexType::Pdf);
    assert_eq!((long.chars().count(), long.ends_with("a.PDF")), (FILENAME_MAX, true), "{long}");
}

#[test]
fn a_name_always_ends_in_its_kind_by_content() {
    // Whoever downloads the file opens what it is, never what its name claimed.
    assert_eq!(clean_filename("evil.hta", AnnexType::Pdf), "evil.hta.pdf");
    assert_eq!(clean_filename("setup.exe", AnnexType::Png), "setup.exe.png");
    assert_eq!(clean_filename("deck.PDF", AnnexType::Pdf), "deck.PDF");
    assert_eq!(clean_filename("deck.pdf", AnnexType::Png), "deck.pdf.png");
    assert_eq!(clean_filename("foto.jpeg", AnnexType::Jpeg), "foto.jpeg");
    assert_eq!(clean_filename("foto.JPG", AnnexType::Jpeg), "foto.JPG");
    assert_eq!(clean_filename("budget", AnnexType::Xlsx), "budget.xlsx");
    assert_eq!(clean_filename("budget.", AnnexType::Ods), "budget.ods");
    for kind in AnnexType::ALL {
        assert!(kind.has_extension(kind.extension()), "{kind:?}");
        assert_eq!(clean_filename("x", kind), format!("x.{}", kind.extension()));
    }
}

#[test]
fn media_types_name_their_kind_back() {
    for kind in AnnexType::ALL {
        assert_eq!(AnnexType::from_media_type(kind.media_type()), Some(kind));
    }
}
