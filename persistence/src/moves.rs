//! The funnel's moves: the domain decides, then the new state, the submitted version's snapshot, the
//! history row, the audit row, the emails — and the closing of open reviews when the proposal leaves
//! review at their version — are written in one transaction.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::Note;
use domain::duties::Duty;
use domain::mail::{MoveFacts, move_mail};
use domain::proposal::{Audience, mails_for};
use domain::{
    Actor, AuditEvent, DomainError, Email, Locale, Proposal, ProposalAction, ProposalId, ProposalState, Role, UserId,
};

use crate::Store;
use crate::audit::{self, AuditKey};
use crate::challenges::load_challenge;
use crate::db::DbConnection;
use crate::duties::authorize_duty;
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::proposals::{load_proposal, load_visible};
use crate::rows::utc;
use crate::schema::{organizations, proposal_history, proposal_versions, proposals, user_roles, users};
use crate::stored::Named;

/// The hub's internal record of a move: why a decision overrode the rules, and whether it followed
/// the portfolio the hub proposed within the challenge's budget.
#[derive(Clone, Copy, Default)]
pub(crate) struct Internal<'a> {
    pub(crate) override_reason: Option<&'a str>,
    pub(crate) portfolio: Option<crate::portfolio::Followed>,
    /// A rejection's reply to the team's observations on the notice of the grounds (kept on the
    /// notice, told to the team).
    pub(crate) observations_reply: Option<&'a Note>,
}

#[expect(clippy::too_many_arguments, reason = "one history row has this many facts")]
pub(crate) fn history(
    conn: &mut DbConnection,
    proposal: &str,
    actor: Option<UserId>,
    action: &str,
    from: Option<ProposalState>,
    to: ProposalState,
    note: Option<&str>,
    internal: Internal<'_>,
    version: i32,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(proposal_history::table)
        .values((
            proposal_history::id.eq(domain::ids::new_id().to_string()),
            proposal_history::proposal_id.eq(proposal),
            proposal_history::actor_id.eq(actor.map(|a| a.to_string())),
            proposal_history::action.eq(action),
            proposal_history::from_state.eq(from.map(Named)),
            proposal_history::to_state.eq(Named(to)),
            proposal_history::note.eq(note),
            proposal_history::override_reason.eq(internal.override_reason),
            proposal_history::portfolio.eq(internal.portfolio.map(crate::portfolio::Followed::as_str)),
            proposal_history::version.eq(version),
            proposal_history::occurred_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A recipient of a funnel email.
struct Contact {
    email: String,
    display_name: String,
    locale: Locale,
}

/// Who of `audience` is emailed about `proposal`.
fn contacts(conn: &mut DbConnection, proposal: &Proposal, audience: Audience) -> Result<Vec<Contact>, StoreError> {
    let ids: Vec<String> = match audience {
        Audience::Team => {
            let mut ids: BTreeSet<String> = proposal.team.iter().map(ToString::to_string).collect();
            ids.insert(proposal.created_by.to_string());
            ids.into_iter().collect()
        }
        Audience::HubManagers => user_roles::table
            .filter(user_roles::role.eq(Named(Role::HubManager)))
            .select(user_roles::user_id)
            .load(conn)?,
    };
    let rows: Vec<(String, String, Locale)> = users::table
        .filter(users::id.eq_any(&ids))
        .filter(users::left_at.is_null())
        .order(users::id.asc())
        .select((users::email, users::display_name, users::locale))
        .load(conn)?;
    Ok(rows.into_iter().map(|(email, display_name, locale)| Contact { email, display_name, locale }).collect())
}

/// Emails each of `audience` of `proposal`, in their language, the mail `content` makes for their name.
pub(crate) fn mail_audience<C: domain::MailContent>(
    conn: &mut DbConnection,
    proposal: &Proposal,
    audience: Audience,
    now: NaiveDateTime,
    content: impl Fn(String) -> C,
) -> Result<(), StoreError> {
    for contact in contacts(conn, proposal, audience)? {
        let Ok(to) = Email::parse(&contact.email) else { continue };
        enqueue(conn, &domain::OutgoingMail::new(to, contact.locale, content(contact.display_name)), now)?;
    }
    Ok(())
}

/// Writes a decided move: the new state and version, the submitted version's snapshot, the history
/// and audit rows and the emails; in the caller's transaction.
#[expect(clippy::too_many_arguments, reason = "the facts of one move")]
pub(crate) fn record_move(
    conn: &mut DbConnection,
    key: &AuditKey,
    actor: &Actor,
    current: &Proposal,
    challenge: &domain::Challenge,
    step: &domain::Move,
    link: &str,
    internal: Internal<'_>,
    now: NaiveDateTime,
) -> Result<Proposal, StoreError> {
    let action = step.action;
    let pid = current.id.to_string();
    let submitted = matches!(action, ProposalAction::Submit | ProposalAction::Resubmit);
    let changed = diesel::update(proposals::table.find(&pid).filter(proposals::revision.eq(current.revision)))
        .set((
            proposals::state.eq(Named(step.to)),
            proposals::version.eq(step.version),
            proposals::revision.eq(current.revision + 1),
            proposals::submitted_at.eq(if submitted { Some(now) } else { current.submitted_at.map(|t| t.naive_utc()) }),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed != 1 {
        return Err(DomainError::conflict("concurrent_change", "the proposal changed meanwhile; read it again").into());
    }
    // A reopened evaluation is a new version of the same content: its snapshot too.
    if submitted || action == ProposalAction::Reopen {
        let snapshot = serde_json::to_string(&current.content).map_err(|e| StoreError::internal("snapshot", e))?;
        diesel::insert_into(proposal_versions::table)
            .values((
                proposal_versions::proposal_id.eq(&pid),
                proposal_versions::version.eq(step.version),
                proposal_versions::snapshot.eq(snapshot),
                proposal_versions::submitted_at.eq(now),
            ))
            .execute(conn)?;
        crate::annexes::freeze(conn, &pid, step.version)?;
    }
    history(
        conn,
        &pid,
        Some(actor.user_id),
        action.as_str(),
        Some(step.from),
        step.to,
        step.note.as_ref().map(Note::as_str),
        internal,
        step.version,
        now,
    )?;
    if let Some(reason) = domain::review::closing_reason(step, current.version) {
        let closed = crate::assignments::close_open(conn, key, Some(actor.user_id), current, reason, link, now)?;
        if closed > 0 {
            let note = format!("{closed} open review(s) cancelled: {}", reason.as_str());
            let action = "reviews_cancelled";
            history(
                conn,
                &pid,
                Some(actor.user_id),
                action,
                Some(step.to),
                step.to,
                Some(&note),
                Internal::default(),
                step.version,
                now,
            )?;
        }
    }
    let mut event = AuditEvent::new(Some(actor.user_id), "proposal.moved", "proposal", &pid)
        .with("action", action.as_str())
        .with("from", step.from.as_str())
        .with("to", step.to.as_str());
    // The fact of an override is audited; its reason, free text, stays in the history row only: the
    // log is append-only, and free text there could never be erased.
    if internal.override_reason.is_some() {
        event = event.with("overridden", "true");
    }
    if let Some(followed) = internal.portfolio {
        event = event.with("portfolio", followed.as_str());
    }
    audit::append(conn, key, &event, now)?;
    let organization: String =
        organizations::table.find(current.organization_id.to_string()).select(organizations::name).first(conn)?;
    let responsible = crate::challenges::responsible_named(conn, challenge)?.map(|(_, name)| name);
    let facts = MoveFacts {
        step,
        title: &current.content.title,
        challenge: &challenge.content.title_it,
        organization: &organization,
        link,
        responsible: responsible.as_deref(),
        observations_reply: internal.observations_reply.map(Note::as_str),
    };
    for (template, audience) in mails_for(action) {
        for contact in contacts(conn, current, *audience)? {
            let Ok(to) = Email::parse(&contact.email) else { continue };
            let locale = contact.locale;
            if let Some(mail) = move_mail(*template, to, locale, contact.display_name, facts) {
                enqueue(conn, &mail, now)?;
            }
        }
    }
    if let Some(reply) = internal.observations_reply {
        crate::notices::keep_reply(conn, current, reply)?;
    }
    if action == ProposalAction::ScreenEligible {
        crate::challenges::request_opinions(conn, current, challenge, link, now)?;
    }
    load_proposal(conn, &pid)
}

impl Store {
    /// Moves a proposal through the funnel: the domain decides; the new state, the history row, the
    /// audit row, the submitted version's snapshot and the emails are written together. `link` is the
    /// proposal's address for the emails.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`invalid_transition`, `challenge_not_open`), `Invalid`.
    pub fn proposal_act(
        &self,
        actor: &Actor,
        id: ProposalId,
        action: ProposalAction,
        note: Option<Note>,
        link: &str,
    ) -> Result<Proposal, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            crate::locks::proposal(conn, &id.to_string(), crate::locks::Hold::Update)?;
            let current = load_visible(conn, actor, id)?;
            if let Some(duty) = Duty::of(action) {
                authorize_duty(conn, actor, duty, &current)?;
            }
            let challenge = load_challenge(conn, &current.challenge_id.to_string())?;
            let step = current.decide(action, actor, note, &challenge, utc(now))?;
            if matches!(action, ProposalAction::Submit | ProposalAction::Resubmit) {
                current.content.check_reuse(crate::similarity::services_like(conn, &current.content)?.len())?;
                crate::annexes::check_required(conn, &current, &challenge.content.annexes)?;
            }
            record_move(conn, &self.audit_key, actor, &current, &challenge, &step, link, Internal::default(), now)
        })
    }

    /// Decides on a proposal under review (hub managers): `accept` needs the challenge's minimum of
    /// submitted reviews of the current version and scores passing every threshold (the final consensus
    /// report's where there is one), and either decision the final consensus report the challenge
    /// requires — or an explicit `override_reason`, kept in the history and the audit log. Of
    /// concurrent decisions one wins.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`invalid_transition`, `override_required`, `response_running`
    /// while the team may answer the reviews, and before a rejection `notice_required`, `notice_running`: [`domain::notice::check_rejection`]), `Invalid`
    /// (missing rationale; `observations_reply` missing, or given with nothing to answer).
    #[expect(clippy::too_many_arguments, reason = "a decision's parts as the form and the API send them")]
    pub fn proposal_decide(
        &self,
        actor: &Actor,
        id: ProposalId,
        accept: bool,
        rationale: Option<Note>,
        override_reason: Option<Note>,
        observations_reply: Option<Note>,
        link: &str,
    ) -> Result<Proposal, StoreError> {
        self.db.write(|conn| {
            crate::locks::proposal(conn, &id.to_string(), crate::locks::Hold::Update)?;
            // The hub's clock once the proposal is ours: a term that ended while we waited has ended.
            let now = self.db.now();
            let current = load_visible(conn, actor, id)?;
            authorize_duty(conn, actor, Duty::Decide, &current)?;
            // A decision rests on the reviews: whoever may not read them (the blind rule) does not decide.
            if !crate::blind::ReviewFilter::load(conn, actor, &current)?.sight(current.version).reads_others() {
                return Err(DomainError::Forbidden(
                    "submit your own review of this version before deciding on it".to_owned(),
                )
                .into());
            }
            let challenge = load_challenge(conn, &current.challenge_id.to_string())?;
            let action = if accept { ProposalAction::DecideAccept } else { ProposalAction::DecideReject };
            let step = current.decide(action, actor, rationale, &challenge, utc(now))?;
            // The team's response to the reviews comes before the decision, whichever it is.
            let window = crate::responses::window_of(conn, &current.id.to_string(), current.version)?;
            domain::response::ResponseWindow::check_closed(window.as_ref(), utc(now))?;
            let overridden = acceptance_check(conn, &current, &challenge)?.0.allow(accept, override_reason)?;
            let notice = crate::notices::notice_of(conn, &current.id.to_string(), current.version)?;
            let reply = if accept {
                if observations_reply.is_some() {
                    return Err(DomainError::invalid(
                        "observations_reply",
                        "reject_only",
                        "only a rejection answers the team's observations",
                    )
                    .into());
                }
                None
            } else {
                let rule = challenge.content.evaluation.notice;
                domain::notice::check_rejection(rule, notice.as_ref(), observations_reply, utc(now))?
            };
            let portfolio = crate::portfolio::followed(conn, &challenge, current.id, accept)?;
            let internal = Internal {
                override_reason: overridden.as_ref().map(Note::as_str),
                portfolio,
                observations_reply: reply.as_ref(),
            };
            record_move(conn, &self.audit_key, actor, &current, &challenge, &step, link, internal, now)
        })
    }
}

/// What deciding on `proposal` would rest on: its current version's submitted reviews against the
/// challenge's minimum, the consensus report the challenge requires, and the thresholds, with the
/// aggregate the decision uses: the final report's agreed scores where there is one, else the reviews'
/// (none before a scored review).
pub(crate) fn acceptance_check(
    conn: &mut DbConnection,
    proposal: &Proposal,
    challenge: &domain::Challenge,
) -> Result<(domain::proposal::AcceptanceCheck, Option<domain::scoring::Aggregate>), StoreError> {
    let key = proposal.id.to_string();
    let settings = &challenge.content.evaluation;
    let scores = crate::reviews::version_scores(conn, &key, proposal.version, settings)?;
    let agreed = crate::consensus::final_agreed(conn, &key, proposal.version)?;
    let consensus_missing = agreed.is_none() && settings.consensus.requires(scores.aggregate.as_ref());
    let aggregate = match agreed {
        Some(agreed) => Some(agreed.aggregate(scores.aggregate.as_ref(), settings)),
        None => scores.aggregate,
    };
    let check = domain::proposal::AcceptanceCheck {
        submitted_reviews: scores.scored,
        min_reviews: settings.min_reviews,
        passes_thresholds: aggregate.is_some_and(|a| a.passes_all()),
        consensus_missing,
    };
    Ok((check, aggregate))
}
