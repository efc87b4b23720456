use std::collections::BTreeSet;

use chrono::Utc;

use super::*;
use crate::actor::Credential;
use crate::ids::OrganizationId;
use crate::scoring::{ReviewScores, aggregate};

const AT: ProposalAt = (ProposalState::UnderReview, 1);

fn actor(roles: &[Role]) -> Actor {
    Actor {
        user_id: UserId::new(),
        organization_id: OrganizationId::new(),
        is_org_owner: false,
        roles: roles.iter().copied().collect::<BTreeSet<_>>(),
        email_verified: true,
        credential: Credential::Session,
    }
}

fn input(score: f64) -> AgreedInput {
    AgreedInput {
        scores: Pillar::ALL.iter().map(|p| (p.key().to_owned(), Some(score))).collect(),
        justifications: Pillar::ALL.iter().map(|p| (p.key().to_owned(), format!("Divergenza su {p}."))).collect(),
        comment: Some("Al gruppo.".to_owned()),
    }
}

fn report(rapporteur: UserId, manager: UserId) -> ConsensusReport {
    let now = Utc::now();
    ConsensusReport {
        id: ConsensusId::new(),
        proposal_id: ProposalId::new(),
        proposal_version: 1,
        rapporteur,
        designated_by: manager,
        state: ReportState::Draft,
        agreed: None,
        revision: 1,
        positions: vec![],
        created_at: now,
        updated_at: now,
        finalised: None,
    }
}

#[test]
fn the_policy_asks_for_consensus_always_or_on_divergence() {
    let settings = EvaluationSettings::default();
    let h = |x: i32| HalfPoints::from_halves(x).expect("a score");
    let review = |s: [i32; 4]| ReviewScores { evaluator: UserId::new(), scores: s.map(h) };
    let agreeing = aggregate(&[review([6; 4]), review([7; 4])], &settings);
    let split = aggregate(&[review([2, 6, 6, 6]), review([6, 6, 6, 6])], &settings);
    assert!(!ConsensusPolicy::WhenNeeded.requires(agreeing.as_ref()));
    assert!(ConsensusPolicy::WhenNeeded.requires(split.as_ref()), "a gap of 2 points on a pillar");
    assert!(!ConsensusPolicy::WhenNeeded.requires(None), "nothing to reconcile before a review");
    assert!(ConsensusPolicy::Always.requires(agreeing.as_ref()));
    assert!(ConsensusPolicy::Always.requires(None));
    assert_eq!(ConsensusPolicy::default(), ConsensusPolicy::WhenNeeded);
    assert_eq!("always".parse::<ConsensusPolicy>(), Ok(ConsensusPolicy::Always));
    assert!("sometimes".parse::<ConsensusPolicy>().is_err());
}

#[test]
fn a_draft_needs_every_score_and_justification() {
    let agreed = Agreed::parse(input(3.5)).expect("a complete draft");
    assert_eq!(agreed.scores[0].halves(), 7);
    let mut partial = input(3.5);
    partial.scores.pop();
    partial.justifications.remove(0);
    partial.scores.push(("talent_skills".to_owned(), Some(7.0)));
    let Err(DomainError::Invalid(errors)) = Agreed::parse(partial) else { panic!("refused") };
    let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
    assert!(fields.contains(&("scores.effectiveness_sustainability", "required")), "{fields:?}");
    assert!(fields.contains(&("justifications.security_sovereignty", "required")), "{fields:?}");
    assert!(fields.iter().any(|(f, c)| *f == "scores.talent_skills" && *c != "required"), "out of range: {fields:?}");
    assert!(!fields.contains(&("scores.talent_skills", "required")), "one error per field: {fields:?}");
    let mut unknown = input(3.0);
    unknown.justifications.push(("beauty".to_owned(), "x".to_owned()));
    assert!(matches!(Agreed::parse(unknown), Err(DomainError::Invalid(e)) if e[0].code == "unknown_pillar"));
}

#[test]
fn the_agreed_scores_weigh_as_the_challenge_says() {
    let settings = EvaluationSettings { weights: [40, 20, 20, 20], ..EvaluationSettings::default() };
    let mut agreed = Agreed::parse(input(4.0)).expect("a draft");
    agreed.scores[0] = HalfPoints::from_halves(2).expect("1 point");
    let g = agreed.aggregate(None, &settings);
    assert_eq!(g.means, [1.0, 4.0, 4.0, 4.0]);
    assert!((g.weighted_total - 2.8).abs() < 1e-9);
    assert_eq!(g.passes, [false, true, true, true]);
    assert!(!g.passes_overall, "2.8 < 3");
}

#[test]
fn only_a_hub_manager_designates_a_reviewer_or_a_manager() {
    let manager = actor(&[Role::HubManager]);
    let (a, b, outsider) = (UserId::new(), UserId::new(), UserId::new());
    let panel = Panel(vec![a, b]);
    assert_eq!(designate(&manager, None, &panel, a, false, AT), Ok(()));
    assert_eq!(designate(&manager, None, &panel, outsider, true, AT), Ok(()), "a hub manager");
    assert!(matches!(
        designate(&manager, None, &panel, outsider, false, AT),
        Err(DomainError::Invalid(e)) if e[0].code == "not_a_rapporteur"
    ));
    assert!(matches!(
        designate(&actor(&[Role::Evaluator]), None, &panel, a, false, AT),
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        designate(&manager, None, &Panel::default(), a, true, AT),
        Err(DomainError::Conflict { code: "reviews_missing", .. })
    ));
    assert!(matches!(
        designate(&manager, None, &panel, a, false, (ProposalState::Accepted, 1)),
        Err(DomainError::Conflict { code: "consensus_closed", .. })
    ));
    let mut done = report(a, manager.user_id);
    done.state = ReportState::Final;
    assert!(matches!(
        designate(&manager, Some(&done), &panel, b, false, AT),
        Err(DomainError::Conflict { code: "consensus_final", .. })
    ));
}

#[test]
fn the_rapporteur_drafts_the_others_take_positions_and_the_draft_is_finalised() {
    let manager = actor(&[Role::HubManager]);
    let (rapporteur, other, third) = (actor(&[Role::Evaluator]), actor(&[Role::Evaluator]), actor(&[Role::Evaluator]));
    let panel = Panel(vec![rapporteur.user_id, other.user_id, third.user_id]);
    let mut r = report(rapporteur.user_id, manager.user_id);
    assert_eq!(r.may_draft(&rapporteur, AT), Ok(()));
    assert!(matches!(r.may_draft(&other, AT), Err(DomainError::Forbidden(_))));
    assert!(matches!(r.may_draft(&rapporteur, (ProposalState::UnderReview, 2)), Err(DomainError::Conflict { .. })));
    let now = Utc::now();
    assert!(matches!(
        r.position(&other, &panel, Stance::Concur, None, AT, now),
        Err(DomainError::Conflict { code: "nothing_to_concur", .. })
    ));
    r.agreed = Some(Agreed::parse(input(3.0)).expect("a draft"));
    r.revision = 2;
    assert!(matches!(r.position(&rapporteur, &panel, Stance::Concur, None, AT, now), Err(DomainError::Forbidden(_))));
    assert!(matches!(
        r.position(&actor(&[Role::Evaluator]), &panel, Stance::Concur, None, AT, now),
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        r.position(&other, &panel, Stance::Dissent, Some("  ".to_owned()), AT, now),
        Err(DomainError::Invalid(e)) if e[0].field == "note"
    ));
    let concur = r.position(&other, &panel, Stance::Concur, None, AT, now).expect("concurs");
    assert_eq!(concur.revision, 2);
    r.positions.push(concur);
    assert_eq!(r.pending(&panel), vec![third.user_id]);
    assert!(matches!(
        r.may_finalise(&rapporteur, &panel, AT),
        Err(DomainError::Conflict { code: "positions_pending", .. })
    ));
    assert_eq!(r.may_finalise(&manager, &panel, AT), Ok(()), "a hub manager closes without the missing one");
    assert!(matches!(r.may_finalise(&other, &panel, AT), Err(DomainError::Forbidden(_))));
    let dissent =
        r.position(&third, &panel, Stance::Dissent, Some("Troppo generoso.".to_owned()), AT, now).expect("dissents");
    r.positions.push(dissent);
    assert_eq!(r.may_finalise(&rapporteur, &panel, AT), Ok(()), "a dissent does not block");
    r.revision = 3;
    assert_eq!(r.pending(&panel).len(), 2, "a new draft asks everyone again");
    assert_eq!(r.final_scores(), None);
    r.state = ReportState::Final;
    assert!(r.final_scores().is_some());
    for refused in [
        r.may_draft(&rapporteur, AT),
        r.may_finalise(&manager, &panel, AT),
        r.position(&other, &panel, Stance::Concur, None, AT, now).map(|_| ()),
    ] {
        assert!(matches!(refused, Err(DomainError::Conflict { code: "consensus_final", .. })), "{refused:?}");
    }
}
