//! Automatic assignment across a challenge: gathers the facts, lets the domain plan, writes the plan
//! in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::assignment_plan::{Plan, PlanEvaluator, PlanProposal, Shortfall, ShortfallCause, plan};
use domain::duties::Duty;
use domain::review::ReviewState;
use domain::{Actor, AuditEvent, DomainError, ProposalState, Role, UserId};

use crate::Store;
use crate::audit;
use crate::error::StoreError;
use crate::rows::{parse_stored, utc};
use crate::schema::{assignments, organizations, proposals, user_roles, users};
use crate::stored::{Named, named};

impl Store {
    /// Assigns `per_proposal` evaluators to every proposal under review of a challenge (hub managers),
    /// balancing load, preferring expertise matching the proposal's tags, never creating a conflict of
    /// interest; existing assignments count. Separation of duties: proposals the actor may not assign
    /// (of their own side) are left out, reported as shortfalls, and the actor is never a candidate.
    /// Returns the plan that was written or, when `apply` is false, the plan that would be: a preview
    /// that assigns, emails and audits nothing (the same input gives the same plan). With `prefer_quality`,
    /// between candidates equal in expertise and load the one with the better quality record goes first.
    ///
    /// # Errors
    /// `NotFound` for an unknown challenge; `Invalid` for a due date in the past.
    pub fn challenge_auto_assign(
        &self,
        actor: &Actor,
        challenge: &str,
        per_proposal: usize,
        due_at: DateTime<Utc>,
        link: &str,
        (apply, prefer_quality): (bool, bool),
    ) -> Result<Plan, StoreError> {
        let now = self.db.now();
        if due_at <= utc(now) {
            return Err(DomainError::invalid("due_at", "in_the_past", "must be in the future").into());
        }
        self.db.write(|conn| {
            let challenge = crate::challenges::resolve_visible(conn, Some(actor), challenge)?;
            let ids: Vec<String> = proposals::table
                .filter(proposals::challenge_id.eq(challenge.id.to_string()))
                .filter(proposals::state.eq(Named(ProposalState::UnderReview)))
                .order(proposals::id.asc())
                .select(proposals::id)
                .load(conn)?;
            let mut targets = Vec::with_capacity(ids.len());
            let mut candidates = Vec::with_capacity(ids.len());
            let mut refused = Vec::new();
            for id in &ids {
                crate::locks::proposal(conn, id, crate::locks::Hold::Share)?;
                let proposal = crate::proposals::load_visible(conn, actor, parse_stored("proposals.id", id)?)?;
                if proposal.state != ProposalState::UnderReview {
                    continue; // decided (or sent back) since the list was read
                }
                if let Err(StoreError::Domain(DomainError::Forbidden(why))) =
                    crate::duties::authorize_duty(conn, actor, Duty::Assign, &proposal)
                {
                    refused.push(Shortfall {
                        proposal: proposal.id,
                        missing: per_proposal,
                        cause: ShortfallCause::OwnSide(why),
                    });
                    continue;
                }
                let tax_code: String = organizations::table
                    .find(proposal.organization_id.to_string())
                    .select(organizations::tax_code)
                    .first(conn)?;
                let existing: Vec<(String, ReviewState)> = assignments::table
                    .filter(assignments::proposal_id.eq(id))
                    .filter(assignments::proposal_version.eq(proposal.version))
                    .select((assignments::evaluator_id, assignments::state))
                    .load(conn)?;
                let (declined, assigned): (Vec<_>, Vec<_>) =
                    existing.into_iter().partition(|(_, state)| *state == ReviewState::Declined);
                let as_ids = |v: Vec<(String, ReviewState)>| -> Result<BTreeSet<UserId>, StoreError> {
                    v.into_iter().map(|(e, _)| parse_stored("assignments.evaluator_id", &e)).collect()
                };
                let mut team = proposal.team.clone();
                team.insert(proposal.created_by);
                candidates.push(PlanProposal {
                    id: proposal.id,
                    tags: proposal.content.tags.clone(),
                    organization: proposal.organization_id,
                    tax_code,
                    team,
                    assigned: as_ids(assigned)?,
                    declined: as_ids(declined)?,
                });
                targets.push(proposal);
            }
            let evaluator_rows: Vec<(String, String, String, String)> = users::table
                .inner_join(organizations::table)
                .filter(users::id.eq_any(
                    user_roles::table.filter(user_roles::role.eq(Named(Role::Evaluator))).select(user_roles::user_id),
                ))
                .filter(users::id.ne(actor.user_id.to_string()))
                .order(users::id.asc())
                .select((users::id, organizations::id, organizations::tax_code, users::expertise))
                .load(conn)?;
            let open_load: Vec<String> = assignments::table
                .filter(assignments::proposal_id.eq_any(&ids))
                .filter(assignments::state.eq_any(named([
                    ReviewState::Assigned,
                    ReviewState::InProgress,
                    ReviewState::Submitted,
                ])))
                .select(assignments::evaluator_id)
                .load(conn)?;
            let mut load: BTreeMap<String, usize> = BTreeMap::new();
            for evaluator in open_load {
                *load.entry(evaluator).or_default() += 1;
            }
            let evaluators = evaluator_rows
                .into_iter()
                .map(|(id, organization, tax_code, expertise)| {
                    Ok(PlanEvaluator {
                        load: load.get(&id).copied().unwrap_or(0),
                        id: parse_stored("users.id", &id)?,
                        organization: parse_stored("organizations.id", &organization)?,
                        tax_code,
                        expertise: serde_json::from_str(&expertise)
                            .map_err(|e| StoreError::internal("users.expertise", e))?,
                        merit: 0,
                    })
                })
                .collect::<Result<Vec<PlanEvaluator>, StoreError>>()?;
            let mut evaluators = evaluators;
            if prefer_quality {
                let ids = evaluators.iter().map(|e| e.id).collect();
                let records = crate::quality::records(conn, &ids)?;
                for evaluator in &mut evaluators {
                    let merit = records.get(&evaluator.id).map_or(0.0, domain::quality::QualityRecord::merit);
                    #[expect(clippy::cast_possible_truncation, reason = "a small figure, in thousandths")]
                    let thousandths = (merit * 1000.0).round() as i64;
                    evaluator.merit = thousandths;
                }
            }
            let mut planned = plan(&candidates, &evaluators, per_proposal);
            planned.shortfalls.extend(refused);
            planned.shortfalls.sort_by_key(|s| s.proposal);
            if !apply {
                return Ok(planned); // a preview: nothing assigned, nobody emailed, nothing audited
            }
            let by_id: BTreeMap<_, _> = targets.iter().map(|p| (p.id, p)).collect();
            for (proposal, evaluator) in &planned.assign {
                let target = by_id
                    .get(proposal)
                    .ok_or_else(|| StoreError::Internal("planned an unknown proposal".to_owned()))?;
                crate::assignments::insert_assignment(
                    conn,
                    &self.audit_key,
                    Some(actor.user_id),
                    target,
                    &evaluator.to_string(),
                    due_at,
                    link,
                    now,
                )?;
            }
            let event = AuditEvent::new(Some(actor.user_id), "challenge.auto_assigned", "challenge", challenge.id)
                .with("per_proposal", per_proposal.to_string())
                .with("assigned", planned.assign.len().to_string())
                .with("short", planned.shortfalls.len().to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(planned)
        })
    }
}
