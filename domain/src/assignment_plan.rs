//! Automatic assignment: N evaluators per proposal across a challenge, never creating a conflict of
//! interest, balancing load, preferring evaluators whose expertise matches the proposal's tags.
//! Deterministic: the same input gives the same plan.

use std::collections::{BTreeMap, BTreeSet};

use crate::duties::{Parties, Person, conflict_of_interest};
use crate::ids::UserId;
use crate::proposal::ProposalId;

/// A proposal to staff.
#[derive(Debug, Clone)]
pub struct PlanProposal {
    /// The proposal.
    pub id: ProposalId,
    /// Its tags.
    pub tags: BTreeSet<String>,
    /// Conflict facts of its organisation and team (the evaluator fields are filled per candidate).
    pub organization: crate::ids::OrganizationId,
    /// Its organisation's tax code.
    pub tax_code: String,
    /// Its author and co-authors.
    pub team: BTreeSet<UserId>,
    /// Evaluators already assigned (not declined) to its current version.
    pub assigned: BTreeSet<UserId>,
    /// Evaluators who declined it: never proposed again.
    pub declined: BTreeSet<UserId>,
}

/// A candidate evaluator.
#[derive(Debug, Clone)]
pub struct PlanEvaluator {
    /// The evaluator.
    pub id: UserId,
    /// Their organisation.
    pub organization: crate::ids::OrganizationId,
    /// Its tax code.
    pub tax_code: String,
    /// Their expertise tags.
    pub expertise: BTreeSet<String>,
    /// Open assignments they already have in this challenge.
    pub load: usize,
    /// Their quality record's merit, in thousandths, where the manager asks to break ties with it (else 0):
    /// [`crate::quality::QualityRecord::merit`].
    pub merit: i64,
}

/// A proposal left short of evaluators, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The proposal.
    pub proposal: ProposalId,
    /// How many evaluators it still lacks.
    pub missing: usize,
    /// Why.
    pub cause: ShortfallCause,
}

/// Why a proposal was left short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShortfallCause {
    /// Every other evaluator has a conflict of interest with it (how many).
    Conflicts(usize),
    /// These many evaluators without a conflict already have the most reviews allowed (`cap`).
    Load {
        /// How many.
        evaluators: usize,
        /// The most reviews allowed.
        cap: usize,
    },
    /// Not enough evaluators at all.
    TooFew,
    /// The planner may not assign it (separation of duties), with the rule's words.
    OwnSide(String),
}

impl Shortfall {
    /// Why, in words (the API's `reason`).
    pub fn reason(&self) -> String {
        match &self.cause {
            ShortfallCause::Conflicts(n) => format!("the other {n} evaluators have a conflict of interest with it"),
            ShortfallCause::Load { evaluators, cap } => {
                format!("{evaluators} evaluators without a conflict already have the most reviews allowed ({cap})")
            }
            ShortfallCause::TooFew => "not enough evaluators".to_owned(),
            ShortfallCause::OwnSide(why) => why.clone(),
        }
    }
}

/// The plan: new (proposal, evaluator) pairs, and what could not be staffed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Assignments to make.
    pub assign: Vec<(ProposalId, UserId)>,
    /// Proposals left short.
    pub shortfalls: Vec<Shortfall>,
}

/// The most open assignments one evaluator gets: ⌈total / evaluators⌉ + 1.
pub fn load_cap(total_slots: usize, evaluators: usize) -> usize {
    if evaluators == 0 { 0 } else { total_slots.div_ceil(evaluators) + 1 }
}

/// Plans `per_proposal` evaluators for every proposal.
pub fn plan(proposals: &[PlanProposal], evaluators: &[PlanEvaluator], per_proposal: usize) -> Plan {
    let mut proposals: Vec<&PlanProposal> = proposals.iter().collect();
    proposals.sort_by_key(|p| p.id);
    let total = proposals.len() * per_proposal;
    let cap = load_cap(total, evaluators.len());
    let mut load: BTreeMap<UserId, usize> = evaluators.iter().map(|e| (e.id, e.load)).collect();
    let mut result = Plan::default();
    for proposal in proposals {
        let mut staffed: BTreeSet<UserId> = proposal.assigned.clone();
        let mut blocked_by_conflict = 0;
        let mut blocked_by_load = 0;
        while staffed.len() < per_proposal {
            let parties = Parties {
                organization: proposal.organization,
                tax_code: proposal.tax_code.clone(),
                team: proposal.team.clone(),
            };
            let person =
                |e: &PlanEvaluator| Person { id: e.id, organization: e.organization, tax_code: e.tax_code.clone() };
            let mut best: Option<(usize, usize, i64, UserId)> = None;
            blocked_by_conflict = 0;
            blocked_by_load = 0;
            for evaluator in evaluators {
                if staffed.contains(&evaluator.id) || proposal.declined.contains(&evaluator.id) {
                    continue;
                }
                if conflict_of_interest(&person(evaluator), &parties).is_some() {
                    blocked_by_conflict += 1;
                    continue;
                }
                let current = load.get(&evaluator.id).copied().unwrap_or(0);
                if current >= cap {
                    blocked_by_load += 1;
                    continue;
                }
                let overlap = evaluator.expertise.intersection(&proposal.tags).count();
                // More matching expertise first, then lighter load, then the better record (when asked),
                // then id (deterministic).
                let better = match best {
                    None => true,
                    Some((o, l, m, id)) => {
                        (overlap, usize::MAX - current, evaluator.merit, std::cmp::Reverse(evaluator.id))
                            > (o, usize::MAX - l, m, std::cmp::Reverse(id))
                    }
                };
                if better {
                    best = Some((overlap, current, evaluator.merit, evaluator.id));
                }
            }
            let Some((_, _, _, chosen)) = best else { break };
            staffed.insert(chosen);
            *load.entry(chosen).or_default() += 1;
            result.assign.push((proposal.id, chosen));
        }
        if staffed.len() < per_proposal {
            let cause = if blocked_by_conflict > 0 && blocked_by_load == 0 {
                ShortfallCause::Conflicts(blocked_by_conflict)
            } else if blocked_by_load > 0 {
                ShortfallCause::Load { evaluators: blocked_by_load, cap }
            } else {
                ShortfallCause::TooFew
            };
            result.shortfalls.push(Shortfall { proposal: proposal.id, missing: per_proposal - staffed.len(), cause });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ids::OrganizationId;

    fn evaluator(org: OrganizationId, tax: &str, expertise: &[&str]) -> PlanEvaluator {
        PlanEvaluator {
            id: UserId::new(),
            organization: org,
            tax_code: tax.to_owned(),
            expertise: expertise.iter().map(|s| (*s).to_owned()).collect(),
            load: 0,
            merit: 0,
        }
    }

    fn proposal(org: OrganizationId, tax: &str, tags: &[&str]) -> PlanProposal {
        PlanProposal {
            id: ProposalId::new(),
            tags: tags.iter().map(|s| (*s).to_owned()).collect(),
            organization: org,
            tax_code: tax.to_owned(),
            team: BTreeSet::new(),
            assigned: BTreeSet::new(),
            declined: BTreeSet::new(),
        }
    }

    #[test]
    fn prefers_expertise_never_conflicts_and_reports_shortfalls() {
        let (org_a, org_b, org_c) = (OrganizationId::new(), OrganizationId::new(), OrganizationId::new());
        let cloud = evaluator(org_b, "111", &["cloud"]);
        let ai = evaluator(org_c, "222", &["ai"]);
        let insider = evaluator(org_a, "333", &["cloud", "ai"]);
        let twin = evaluator(OrganizationId::new(), "999", &["cloud"]);
        let p = proposal(org_a, "999", &["cloud"]);
        let planned = plan(std::slice::from_ref(&p), &[cloud.clone(), ai.clone(), insider.clone(), twin.clone()], 1);
        assert_eq!(planned.assign, vec![(p.id, cloud.id)], "the cloud expert without a conflict");
        let short = plan(std::slice::from_ref(&p), &[insider.clone(), twin.clone()], 2);
        assert!(short.assign.is_empty());
        assert_eq!(short.shortfalls.len(), 1);
        assert_eq!(short.shortfalls[0].missing, 2);
        assert!(short.shortfalls[0].reason().contains("conflict"), "{:?}", short.shortfalls);
    }

    #[test]
    fn a_better_record_breaks_a_tie_never_expertise_nor_load() {
        let (org_a, org_b, org_c) = (OrganizationId::new(), OrganizationId::new(), OrganizationId::new());
        let p = proposal(org_a, "999", &["cloud"]);
        let mut first = evaluator(org_b, "111", &["cloud"]);
        let mut second = evaluator(org_c, "222", &["cloud"]);
        if second.id < first.id {
            std::mem::swap(&mut first, &mut second);
        }
        // Equal in all but id: the lower id (deterministic); with a better record, the other.
        let tied = plan(std::slice::from_ref(&p), &[first.clone(), second.clone()], 1);
        assert_eq!(tied.assign, vec![(p.id, first.id)]);
        second.merit = 500;
        let broken = plan(std::slice::from_ref(&p), &[first.clone(), second.clone()], 1);
        assert_eq!(broken.assign, vec![(p.id, second.id)], "the better record");
        // Expertise and load still come first.
        first.expertise.insert("extra".to_owned());
        let tagged = proposal(org_a, "999", &["cloud", "extra"]);
        assert_eq!(plan(std::slice::from_ref(&tagged), &[first.clone(), second.clone()], 1).assign[0].1, first.id);
        second.load = 1;
        assert_eq!(plan(std::slice::from_ref(&p), &[first.clone(), second.clone()], 1).assign[0].1, first.id);
    }

    proptest! {
        #[test]
        fn plans_are_balanced_conflict_free_and_deterministic(
            n_proposals in 1usize..12, n_evaluators in 1usize..8, per in 1usize..4, orgs in proptest::collection::vec(0usize..4, 20)
        ) {
            let organizations: Vec<OrganizationId> = (0..4).map(|_| OrganizationId::new()).collect();
            let taxes = ["a", "b", "c", "d"];
            let evaluators: Vec<PlanEvaluator> = (0..n_evaluators)
                .map(|i| { let o = orgs[i % orgs.len()]; evaluator(organizations[o], taxes[o], &["cloud"]) })
                .collect();
            let proposals: Vec<PlanProposal> = (0..n_proposals)
                .map(|i| { let o = orgs[(i + 7) % orgs.len()]; proposal(organizations[o], taxes[o], &["cloud"]) })
                .collect();
            let first = plan(&proposals, &evaluators, per);
            prop_assert_eq!(&first, &plan(&proposals, &evaluators, per), "deterministic");
            let cap = load_cap(n_proposals * per, n_evaluators);
            let by_id: BTreeMap<UserId, &PlanEvaluator> = evaluators.iter().map(|e| (e.id, e)).collect();
            let by_proposal: BTreeMap<ProposalId, &PlanProposal> = proposals.iter().map(|p| (p.id, p)).collect();
            let mut load: BTreeMap<UserId, usize> = BTreeMap::new();
            let mut pairs = BTreeSet::new();
            for (p, e) in &first.assign {
                prop_assert!(pairs.insert((*p, *e)), "no evaluator twice on a proposal");
                *load.entry(*e).or_default() += 1;
                prop_assert_ne!(by_id[e].organization, by_proposal[p].organization, "no conflict");
            }
            prop_assert!(load.values().all(|l| *l <= cap), "load {load:?} within {cap}");
            for p in &proposals {
                let got = first.assign.iter().filter(|(q, _)| *q == p.id).count();
                let missing = first.shortfalls.iter().find(|s| s.proposal == p.id).map_or(0, |s| s.missing);
                prop_assert_eq!(got + missing, per, "every slot is assigned or reported");
            }
        }
    }
}
