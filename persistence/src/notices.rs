//! Notices of the grounds before a refusal (issue 19; L. 241/1990 art. 10-bis): one per version of a
//! proposal. The rules are [`domain::notice`]'s; giving notice, sending observations and the rejection's
//! reply are written with their history row, audit entry and emails in one transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::duties::Duty;
use domain::notice::{GroundsNotice, NoticeRule};
use domain::term::Written;
use domain::{Actor, AuditEvent, DomainError, Note, OutgoingMail, Proposal, ProposalId, Role, UserId, mails};

use crate::Store;
use crate::audit;
use crate::challenges::{load_challenge, responsible_named};
use crate::db::DbConnection;
use crate::duties::authorize_duty;
use crate::error::StoreError;
use crate::moves::{Internal, history};
use crate::outbox::enqueue;
use crate::proposals::load_visible;
use crate::rows::{load_user, parse_stored, utc};
use crate::schema::{grounds_notices, organizations, users};

/// A notice as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = grounds_notices, treat_none_as_null = true)]
struct NoticeRow {
    proposal_id: String,
    proposal_version: i32,
    grounds: String,
    notified_by: String,
    notified_at: NaiveDateTime,
    due_at: NaiveDateTime,
    observations: Option<String>,
    observed_by: Option<String>,
    observed_at: Option<NaiveDateTime>,
    reply: Option<String>,
}

impl NoticeRow {
    fn into_notice(self) -> Result<GroundsNotice, StoreError> {
        let observations = match (self.observations, self.observed_by, self.observed_at) {
            (Some(text), Some(by), Some(at)) => {
                Some(Written { text, by: parse_stored("grounds_notices.observed_by", &by)?, at: utc(at) })
            }
            _ => None,
        };
        Ok(GroundsNotice {
            version: self.proposal_version,
            grounds: self.grounds,
            notified_by: parse_stored("grounds_notices.notified_by", &self.notified_by)?,
            notified_at: utc(self.notified_at),
            due_at: utc(self.due_at),
            observations,
            reply: self.reply,
        })
    }
}

/// The notice on version `version` of proposal `proposal`, if one was given.
pub(crate) fn notice_of(
    conn: &mut DbConnection,
    proposal: &str,
    version: i32,
) -> Result<Option<GroundsNotice>, StoreError> {
    grounds_notices::table
        .find((proposal, version))
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()?
        .map(NoticeRow::into_notice)
        .transpose()
}

/// Keeps a rejection's reply to the observations on its notice.
pub(crate) fn keep_reply(conn: &mut DbConnection, proposal: &Proposal, reply: &Note) -> Result<(), StoreError> {
    diesel::update(grounds_notices::table.find((proposal.id.to_string(), proposal.version)))
        .set(grounds_notices::reply.eq(reply.as_str()))
        .execute(conn)?;
    Ok(())
}

/// A proposal's notice as its team and hub managers read it: the challenge's rule, and the notice of the
/// current version with the names of who gave it and who answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeView {
    /// The challenge's rule.
    pub rule: NoticeRule,
    /// The proposal's current version.
    pub version: i32,
    /// The notice on it, if given.
    pub notice: Option<GroundsNotice>,
    /// The name of the hub manager who gave it.
    pub notified_by: Option<String>,
    /// The name of the team's member who sent the observations.
    pub observed_by: Option<String>,
}

fn name_of(conn: &mut DbConnection, user: UserId) -> Result<String, StoreError> {
    Ok(users::table.find(user.to_string()).select(users::display_name).first(conn)?)
}

fn view(conn: &mut DbConnection, proposal: &Proposal) -> Result<NoticeView, StoreError> {
    view_at(conn, proposal, proposal.version)
}

/// The notice of `proposal`'s version `version`, with the challenge's rule and the names.
pub(crate) fn view_at(conn: &mut DbConnection, proposal: &Proposal, version: i32) -> Result<NoticeView, StoreError> {
    let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
    let notice = notice_of(conn, &proposal.id.to_string(), version)?;
    let notified_by = notice.as_ref().map(|n| name_of(conn, n.notified_by)).transpose()?;
    let observer = notice.as_ref().and_then(|n| n.observations.as_ref()).map(|o| o.by);
    let observed_by = observer.map(|u| name_of(conn, u)).transpose()?;
    Ok(NoticeView { rule: challenge.content.evaluation.notice, version, notice, notified_by, observed_by })
}

/// The proposal under `actor`'s eyes, locked for a change.
fn for_change(conn: &mut DbConnection, actor: &Actor, id: ProposalId) -> Result<Proposal, StoreError> {
    crate::locks::proposal(conn, &id.to_string(), crate::locks::Hold::Update)?;
    let proposal = load_visible(conn, actor, id)?;
    if proposal.record_readable_by(actor) { Ok(proposal) } else { Err(StoreError::not_found("proposal")) }
}

impl Store {
    /// The notice of proposal `id`'s current version, with the challenge's rule: for its organisation's
    /// members and hub managers.
    ///
    /// # Errors
    /// `NotFound` for anyone else.
    pub fn notice_get(&self, actor: &Actor, id: ProposalId) -> Result<NoticeView, StoreError> {
        self.db.read(|conn| {
            let proposal = load_visible(conn, actor, id)?;
            if !proposal.record_readable_by(actor) {
                return Err(StoreError::not_found("proposal"));
            }
            view(conn, &proposal)
        })
    }

    /// Gives the team notice of the grounds against accepting proposal `id` (hub managers who may decide
    /// on it): the notice, the history row, the audit entry and the team's emails, linking `link`.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` (not a hub manager, separation of duties, a review of theirs open),
    /// `Conflict` (`invalid_transition`, `notice_exists`).
    pub fn notice_give(
        &self,
        actor: &Actor,
        id: ProposalId,
        grounds: Note,
        link: &str,
    ) -> Result<NoticeView, StoreError> {
        self.db.write(|conn| {
            let proposal = for_change(conn, actor, id)?;
            // The hub's clock once the proposal is ours: a term that ended while we waited has ended.
            let now = self.db.now();
            if !actor.has_role(Role::HubManager) {
                return Err(DomainError::Forbidden("only a hub manager gives notice of the grounds".into()).into());
            }
            authorize_duty(conn, actor, Duty::Decide, &proposal)?;
            if !crate::blind::ReviewFilter::load(conn, actor, &proposal)?.sight(proposal.version).reads_others() {
                return Err(DomainError::Forbidden(
                    "submit your own review of this version before giving notice on it".to_owned(),
                )
                .into());
            }
            let pid = proposal.id.to_string();
            let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
            let existing = notice_of(conn, &pid, proposal.version)?;
            let rule = challenge.content.evaluation.notice;
            let mail_grounds = grounds.clone();
            let notice = GroundsNotice::give(rule, &proposal, existing.as_ref(), grounds, actor.user_id, utc(now))?;
            diesel::insert_into(grounds_notices::table)
                .values(NoticeRow {
                    proposal_id: pid.clone(),
                    proposal_version: notice.version,
                    grounds: notice.grounds.clone(),
                    notified_by: actor.user_id.to_string(),
                    notified_at: now,
                    due_at: notice.due_at.naive_utc(),
                    observations: None,
                    observed_by: None,
                    observed_at: None,
                    reply: None,
                })
                .execute(conn)?;
            let state = proposal.state;
            let (version, grounds) = (proposal.version, notice.grounds.as_str());
            let internal = Internal::default();
            history(
                conn,
                &pid,
                Some(actor.user_id),
                "notice_of_grounds",
                Some(state),
                state,
                Some(grounds),
                internal,
                version,
                now,
            )?;
            let event = AuditEvent::new(Some(actor.user_id), "proposal.grounds_notified", "proposal", &pid)
                .with("version", version.to_string())
                .with("due_at", notice.due_at.to_rfc3339());
            audit::append(conn, &self.audit_key, &event, now)?;
            let responsible = responsible_named(conn, &challenge)?.map(|(_, name)| name);
            let team = domain::proposal::Audience::Team;
            crate::moves::mail_audience(conn, &proposal, team, now, |display_name| mails::GroundsNotice {
                display_name,
                title: proposal.content.title.clone(),
                grounds: mail_grounds.clone(),
                due: notice.due_at,
                responsible: responsible.clone(),
                link: link.to_owned(),
            })?;
            view(conn, &proposal)
        })
    }

    /// Records the team's observations on the notice of proposal `id`'s current version (a proposer of
    /// its organisation, within the term, once): the history row, the audit entry and the emails to the
    /// manager who gave notice and the challenge's responsible officer, linking `link` (the decision).
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`no_notice`, `observations_sent`, `notice_lapsed`,
    /// `invalid_transition`).
    pub fn notice_observe(
        &self,
        actor: &Actor,
        id: ProposalId,
        text: Note,
        link: &str,
    ) -> Result<NoticeView, StoreError> {
        self.db.write(|conn| {
            let proposal = for_change(conn, actor, id)?;
            // The hub's clock once the proposal is ours: a term that ended while we waited has ended.
            let now = self.db.now();
            let pid = proposal.id.to_string();
            let Some(notice) = notice_of(conn, &pid, proposal.version)? else {
                return Err(DomainError::conflict("no_notice", "no notice of the grounds awaits observations").into());
            };
            let sent = notice.observe(actor, &proposal, text, utc(now))?;
            diesel::update(grounds_notices::table.find((&pid, proposal.version)))
                .set((
                    grounds_notices::observations.eq(&sent.text),
                    grounds_notices::observed_by.eq(actor.user_id.to_string()),
                    grounds_notices::observed_at.eq(now),
                ))
                .execute(conn)?;
            let (state, version) = (proposal.state, proposal.version);
            let internal = Internal::default();
            history(
                conn,
                &pid,
                Some(actor.user_id),
                "observations",
                Some(state),
                state,
                Some(&sent.text),
                internal,
                version,
                now,
            )?;
            let event = AuditEvent::new(Some(actor.user_id), "proposal.observations_sent", "proposal", &pid)
                .with("version", version.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
            let organization: String = organizations::table
                .find(proposal.organization_id.to_string())
                .select(organizations::name)
                .first(conn)?;
            let mut to = vec![notice.notified_by];
            to.extend(responsible_named(conn, &challenge)?.map(|(id, _)| id).filter(|id| *id != notice.notified_by));
            for user in to {
                let user = load_user(conn, &user.to_string())?;
                if user.left_at.is_some() {
                    continue;
                }
                let who = crate::accounts::recipient(&user)?;
                let content = mails::ObservationsReceived {
                    display_name: who.display_name,
                    title: proposal.content.title.clone(),
                    organization: organization.clone(),
                    link: link.to_owned(),
                };
                enqueue(conn, &OutgoingMail::new(who.email, who.locale, content), now)?;
            }
            view(conn, &proposal)
        })
    }
}

/// A proposal whose notice no longer holds its rejection back, as the managers' desk lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeToDecide {
    /// The proposal.
    pub proposal_id: ProposalId,
    /// Its title.
    pub title: String,
    /// When the team sent its observations (none: the term lapsed without them).
    pub observed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The end of the term.
    pub due_at: chrono::DateTime<chrono::Utc>,
}

impl Store {
    /// The proposals under review whose notice of the grounds on their current version was answered or
    /// has lapsed: the decision may follow. Oldest notice first; hub managers only.
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn notices_to_decide(&self, actor: &Actor) -> Result<Vec<NoticeToDecide>, StoreError> {
        if !actor.has_role(Role::HubManager) {
            return Err(DomainError::Forbidden("the hub's managers follow the notices".into()).into());
        }
        let now = self.db.now();
        self.db.read(|conn| {
            use crate::schema::proposals;
            let rows: Vec<(String, String, Option<NaiveDateTime>, NaiveDateTime)> = grounds_notices::table
                .inner_join(proposals::table)
                .filter(proposals::state.eq(crate::stored::Named(domain::ProposalState::UnderReview)))
                .filter(proposals::version.eq(grounds_notices::proposal_version))
                .filter(grounds_notices::observed_at.is_not_null().or(grounds_notices::due_at.le(now)))
                .order(grounds_notices::notified_at.asc())
                .select((proposals::id, proposals::title, grounds_notices::observed_at, grounds_notices::due_at))
                .load(conn)?;
            rows.into_iter()
                .map(|(id, title, observed, due)| {
                    Ok(NoticeToDecide {
                        proposal_id: parse_stored("proposals.id", &id)?,
                        title,
                        observed_at: observed.map(utc),
                        due_at: utc(due),
                    })
                })
                .collect()
        })
    }
}
