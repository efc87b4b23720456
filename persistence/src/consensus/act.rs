//! What the rapporteur, the panel and hub managers do to a consensus report, each in one transaction
//! with its audit entry and its emails.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::consensus::{Agreed, ConsensusId, ConsensusReport, ReportState, Stance, designate};
use domain::duties::{Duty, conflict_of_interest};
use domain::{Actor, AuditEvent, DomainError, OutgoingMail, Proposal, ProposalId, Role, Scope, UserId, mails};

use super::{
    ConsensusView, ReportRow, justifications_json, panel_of, report_of, require_sight, score_columns, view_of,
};
use crate::Store;
use crate::audit;
use crate::db::DbConnection;
use crate::duties::{authorize_duty, parties, person};
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::proposals::load_visible;
use crate::rows::{load_user, utc};
use crate::schema::{assignments, consensus_positions, consensus_reports};
use crate::stored::Named;

/// Which email a step of the consensus sends.
#[derive(Clone, Copy)]
enum Notice {
    Rapporteur,
    Draft,
    Final,
}

/// Emails `to` (once each) about proposal `proposal`'s consensus, linking `page`.
fn notify(
    conn: &mut DbConnection,
    notice: Notice,
    to: &[UserId],
    proposal: &Proposal,
    page: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let mut seen = std::collections::BTreeSet::new();
    for user in to.iter().filter(|u| seen.insert(**u)) {
        let user = load_user(conn, &user.to_string())?;
        if user.left_at.is_some() {
            continue;
        }
        let who = crate::accounts::recipient(&user)?;
        let (name, title, link) = (who.display_name.clone(), proposal.content.title.clone(), page.to_owned());
        let mail = match notice {
            Notice::Rapporteur => {
                OutgoingMail::new(who.email, who.locale, mails::ConsensusRapporteur { display_name: name, title, link })
            }
            Notice::Draft => {
                OutgoingMail::new(who.email, who.locale, mails::ConsensusDraft { display_name: name, title, link })
            }
            Notice::Final => {
                OutgoingMail::new(who.email, who.locale, mails::ConsensusFinal { display_name: name, title, link })
            }
        };
        enqueue(conn, &mail, now)?;
    }
    Ok(())
}

/// The proposal under `actor`'s eyes, locked for the change, with its report on the current version.
fn for_change(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ProposalId,
) -> Result<(Proposal, Option<ConsensusReport>), StoreError> {
    crate::locks::proposal(conn, &id.to_string(), crate::locks::Hold::Update)?;
    let proposal = load_visible(conn, actor, id)?;
    require_sight(conn, actor, &proposal)?;
    let report = report_of(conn, &id.to_string(), proposal.version)?;
    Ok((proposal, report))
}

fn no_report() -> StoreError {
    DomainError::conflict("no_rapporteur", "no rapporteur has been designated for this version yet").into()
}

fn audit_event(actor: &Actor, what: &'static str, proposal: &Proposal, report: &ConsensusReport) -> AuditEvent {
    AuditEvent::new(Some(actor.user_id), what, "proposal", proposal.id.to_string())
        .with("version", proposal.version.to_string())
        .with("report_id", report.id.to_string())
}

/// Whether `candidate` may serve as rapporteur as a hub manager: an open account with the role, free of
/// the proposal's side and of an open review of the version (which would blind them).
fn free_manager(conn: &mut DbConnection, candidate: UserId, proposal: &Proposal) -> Result<bool, StoreError> {
    let Ok(user) = load_user(conn, &candidate.to_string()) else { return Ok(false) };
    if user.left_at.is_some() || !user.roles.contains(&Role::HubManager) {
        return Ok(false);
    }
    if conflict_of_interest(&person(conn, candidate)?, &parties(conn, proposal)?).is_some() {
        return Ok(false);
    }
    let open: i64 = assignments::table
        .filter(assignments::proposal_id.eq(proposal.id.to_string()))
        .filter(assignments::proposal_version.eq(proposal.version))
        .filter(assignments::evaluator_id.eq(candidate.to_string()))
        .filter(
            assignments::state
                .eq_any(crate::stored::named(domain::review::ReviewState::ALL.into_iter().filter(|s| s.is_open()))),
        )
        .count()
        .get_result(conn)?;
    Ok(open == 0)
}

impl Store {
    /// The consensus of proposal `id`'s current version as `actor` reads it: hub managers and the
    /// version's evaluators once their own review is submitted (a token needs `reviews:read`).
    ///
    /// # Errors
    /// `NotFound` for a proposal the actor may not see or whose reviews are theirs to never read (its
    /// team); `Forbidden` before the reader's own review of the version is submitted.
    pub fn consensus_get(&self, actor: &Actor, id: ProposalId) -> Result<ConsensusView, StoreError> {
        actor.require_scope(Scope::ReviewsRead)?;
        self.db.read(|conn| {
            let proposal = load_visible(conn, actor, id)?;
            view_of(conn, actor, proposal)
        })
    }

    /// Designates the rapporteur of proposal `id`'s current version (hub managers): one of its
    /// evaluators with a submitted review, or a hub manager free of the proposal. The first designation
    /// opens the report; a later one hands the draft over. The rapporteur is emailed a link to `page`.
    ///
    /// # Errors
    /// See [`designate`]; `Forbidden` for a manager on the proposal's side.
    pub fn consensus_designate(
        &self,
        actor: &Actor,
        id: ProposalId,
        rapporteur: UserId,
        page: &str,
    ) -> Result<ConsensusView, StoreError> {
        actor.require(Role::HubManager, Scope::ReviewsWrite)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let (proposal, report) = for_change(conn, actor, id)?;
            authorize_duty(conn, actor, Duty::Assign, &proposal)?;
            let panel = panel_of(conn, &id.to_string(), proposal.version)?;
            let manager = !panel.has(rapporteur) && free_manager(conn, rapporteur, &proposal)?;
            designate(actor, report.as_ref(), &panel, rapporteur, manager, (proposal.state, proposal.version))?;
            let (report, changed) = match report {
                Some(existing) => {
                    diesel::update(consensus_reports::table.find(existing.id.to_string()))
                        .set((
                            consensus_reports::rapporteur_id.eq(rapporteur.to_string()),
                            consensus_reports::designated_by.eq(actor.user_id.to_string()),
                            consensus_reports::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    let changed = existing.rapporteur != rapporteur;
                    (ConsensusReport { rapporteur, designated_by: actor.user_id, ..existing }, changed)
                }
                None => {
                    let row = ReportRow {
                        id: ConsensusId::new().to_string(),
                        proposal_id: id.to_string(),
                        proposal_version: proposal.version,
                        rapporteur_id: rapporteur.to_string(),
                        designated_by: actor.user_id.to_string(),
                        state: ReportState::Draft,
                        score_security_sovereignty: None,
                        score_growth_development: None,
                        score_talent_skills: None,
                        score_effectiveness_sustainability: None,
                        justifications: None,
                        comment: None,
                        revision: 1,
                        created_at: now,
                        updated_at: now,
                        finalised_at: None,
                        finalised_by: None,
                    };
                    diesel::insert_into(consensus_reports::table).values(row.clone()).execute(conn)?;
                    (row.into_report(vec![])?, true)
                }
            };
            let event = audit_event(actor, "consensus.rapporteur", &proposal, &report)
                .with("rapporteur_id", rapporteur.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            if changed {
                notify(conn, Notice::Rapporteur, &[rapporteur], &proposal, page, now)?;
            }
            view_of(conn, actor, proposal)
        })
    }

    /// Saves the rapporteur's draft (replacing it), if the report is still at revision `expected` when
    /// one is given. Every draft is a new revision: positions taken on an earlier one stand on it.
    /// The first draft is emailed to the other evaluators, a later one to whoever took a position.
    ///
    /// # Errors
    /// `Conflict` (`no_rapporteur`, `consensus_final`, `consensus_closed`); `Forbidden` for anyone but
    /// the rapporteur; `PreconditionFailed` when the report changed since `expected`.
    pub fn consensus_draft(
        &self,
        actor: &Actor,
        id: ProposalId,
        agreed: Agreed,
        expected: Option<i32>,
        page: &str,
    ) -> Result<ConsensusView, StoreError> {
        actor.require_scope(Scope::ReviewsWrite)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let (proposal, report) = for_change(conn, actor, id)?;
            let report = report.ok_or_else(no_report)?;
            report.may_draft(actor, (proposal.state, proposal.version))?;
            if expected.is_some_and(|e| e != report.revision) {
                return Err(DomainError::PreconditionFailed(
                    "the consensus report changed since it was read; read it again".to_owned(),
                )
                .into());
            }
            let [security, growth, talent, effectiveness] = score_columns(Some(&agreed));
            let changed = diesel::update(
                consensus_reports::table
                    .find(report.id.to_string())
                    .filter(consensus_reports::revision.eq(report.revision)),
            )
            .set((
                consensus_reports::score_security_sovereignty.eq(security),
                consensus_reports::score_growth_development.eq(growth),
                consensus_reports::score_talent_skills.eq(talent),
                consensus_reports::score_effectiveness_sustainability.eq(effectiveness),
                consensus_reports::justifications.eq(justifications_json(&agreed)?),
                consensus_reports::comment.eq(&agreed.comment),
                consensus_reports::revision.eq(report.revision + 1),
                consensus_reports::updated_at.eq(now),
            ))
            .execute(conn)?;
            if changed == 0 {
                return Err(DomainError::PreconditionFailed("the consensus report changed meanwhile".to_owned()).into());
            }
            let event = audit_event(actor, "consensus.drafted", &proposal, &report)
                .with("revision", (report.revision + 1).to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let to: Vec<UserId> = if report.agreed.is_none() {
                panel_of(conn, &id.to_string(), proposal.version)?
                    .0
                    .into_iter()
                    .filter(|e| *e != report.rapporteur)
                    .collect()
            } else {
                report.positions.iter().filter(|p| p.revision == report.revision).map(|p| p.evaluator).collect()
            };
            notify(conn, Notice::Draft, &to, &proposal, page, now)?;
            view_of(conn, actor, proposal)
        })
    }

    /// Records an evaluator's position on the current draft (replacing an earlier one of theirs).
    ///
    /// # Errors
    /// See [`ConsensusReport::position`]; `Conflict` (`no_rapporteur`).
    pub fn consensus_position(
        &self,
        actor: &Actor,
        id: ProposalId,
        stance: Stance,
        note: Option<String>,
    ) -> Result<ConsensusView, StoreError> {
        actor.require_scope(Scope::ReviewsWrite)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let (proposal, report) = for_change(conn, actor, id)?;
            let report = report.ok_or_else(no_report)?;
            let panel = panel_of(conn, &id.to_string(), proposal.version)?;
            let position = report.position(
                actor,
                &panel,
                stance,
                note,
                (proposal.state, proposal.version),
                crate::rows::utc(now),
            )?;
            let key = (report.id.to_string(), actor.user_id.to_string());
            diesel::delete(consensus_positions::table.find((&key.0, &key.1))).execute(conn)?;
            diesel::insert_into(consensus_positions::table)
                .values((
                    consensus_positions::report_id.eq(&key.0),
                    consensus_positions::evaluator_id.eq(&key.1),
                    consensus_positions::stance.eq(Named(position.stance)),
                    consensus_positions::note.eq(&position.note),
                    consensus_positions::revision.eq(position.revision),
                    consensus_positions::at.eq(now),
                ))
                .execute(conn)?;
            let event = audit_event(actor, "consensus.position", &proposal, &report)
                .with("stance", stance.as_str())
                .with("revision", position.revision.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            view_of(conn, actor, proposal)
        })
    }

    /// Finalises the report: the rapporteur once every other evaluator has taken a position on the
    /// current draft, a hub manager at any time. It is frozen; the ranking and the decision use its
    /// scores. The panel and the manager who designated the rapporteur are emailed.
    ///
    /// # Errors
    /// See [`ConsensusReport::may_finalise`]; `Conflict` (`no_rapporteur`; `response_pending` before
    /// the team's window opens and `response_running` while it runs, where the challenge allows a response); `Forbidden` for a manager on
    /// the proposal's side.
    pub fn consensus_finalise(&self, actor: &Actor, id: ProposalId, page: &str) -> Result<ConsensusView, StoreError> {
        actor.require_scope(Scope::ReviewsWrite)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let (proposal, report) = for_change(conn, actor, id)?;
            let report = report.ok_or_else(no_report)?;
            let panel = panel_of(conn, &id.to_string(), proposal.version)?;
            report.may_finalise(actor, &panel, (proposal.state, proposal.version))?;
            // The panel reads the team's response to the reviews before it agrees.
            let window = crate::responses::window_of(conn, &id.to_string(), proposal.version)?;
            let rule = crate::challenges::load_challenge(conn, &proposal.challenge_id.to_string())?
                .content
                .evaluation
                .response;
            rule.check_consensus(window.as_ref(), utc(now))?;
            if actor.user_id != report.rapporteur {
                authorize_duty(conn, actor, Duty::Assign, &proposal)?;
            }
            diesel::update(consensus_reports::table.find(report.id.to_string()))
                .set((
                    consensus_reports::state.eq(Named(ReportState::Final)),
                    consensus_reports::finalised_at.eq(now),
                    consensus_reports::finalised_by.eq(actor.user_id.to_string()),
                    consensus_reports::updated_at.eq(now),
                ))
                .execute(conn)?;
            let pending = report.pending(&panel);
            let event = audit_event(actor, "consensus.finalised", &proposal, &report)
                .with("revision", report.revision.to_string())
                .with("without_position", pending.len().to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let mut to: Vec<UserId> = panel.0.clone();
            to.push(report.rapporteur);
            to.push(report.designated_by);
            to.retain(|u| *u != actor.user_id);
            notify(conn, Notice::Final, &to, &proposal, page, now)?;
            view_of(conn, actor, proposal)
        })
    }
}
