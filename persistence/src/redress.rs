//! Requests for review of a rejection (issue 19): one per decision. The rules are [`domain::redress`]'s;
//! filing and handling are written with their history row, audit entry and emails in one transaction,
//! and an upheld request reopens the evaluation through the funnel's own move ([`crate::moves`]).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::duties::Duty;
use domain::proposal::Audience;
use domain::redress::{Challenged, RedressRequest, RedressState};
use domain::{
    Actor, AuditEvent, DomainError, Note, Proposal, ProposalAction, ProposalId, ProposalState, Role, UserId, mails,
};

use crate::Store;
use crate::audit;
use crate::challenges::load_challenge;
use crate::db::DbConnection;
use crate::duties::authorize_duty;
use crate::error::StoreError;
use crate::moves::{Internal, history, mail_audience, record_move};
use crate::proposals::load_visible;
use crate::rows::{parse_stored, utc};
use crate::schema::{organizations, proposal_history, redress_requests, users};
use crate::stored::Named;

/// A request as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = redress_requests, treat_none_as_null = true)]
struct RequestRow {
    proposal_id: String,
    proposal_version: i32,
    statement: String,
    filed_by: String,
    filed_at: NaiveDateTime,
    decided_by: Option<String>,
    decided_at: NaiveDateTime,
    #[diesel(serialize_as = Named<RedressState>)]
    state: RedressState,
    handled_by: Option<String>,
    handled_at: Option<NaiveDateTime>,
    reason: Option<String>,
}

impl RequestRow {
    fn new(proposal: &str, r: &RedressRequest) -> Self {
        Self {
            proposal_id: proposal.to_owned(),
            proposal_version: r.decision.version,
            statement: r.statement.clone(),
            filed_by: r.filed_by.to_string(),
            filed_at: r.filed_at.naive_utc(),
            decided_by: r.decision.by.map(|u| u.to_string()),
            decided_at: r.decision.at.naive_utc(),
            state: r.state,
            handled_by: r.handled_by.map(|u| u.to_string()),
            handled_at: r.handled_at.map(|t| t.naive_utc()),
            reason: r.reason.clone(),
        }
    }

    fn into_request(self) -> Result<RedressRequest, StoreError> {
        let user = |column: &str, id: Option<String>| id.map(|u| parse_stored::<UserId>(column, &u)).transpose();
        Ok(RedressRequest {
            decision: Challenged {
                version: self.proposal_version,
                by: user("redress_requests.decided_by", self.decided_by)?,
                at: utc(self.decided_at),
            },
            statement: self.statement,
            filed_by: parse_stored("redress_requests.filed_by", &self.filed_by)?,
            filed_at: utc(self.filed_at),
            state: self.state,
            handled_by: user("redress_requests.handled_by", self.handled_by)?,
            handled_at: self.handled_at.map(utc),
            reason: self.reason,
        })
    }
}

/// The rejection of `proposal`'s current version: who decided and when (none unless it is rejected).
fn challenged(conn: &mut DbConnection, proposal: &Proposal) -> Result<Option<Challenged>, StoreError> {
    if proposal.state != ProposalState::Rejected {
        return Ok(None);
    }
    let row: Option<(Option<String>, NaiveDateTime)> = proposal_history::table
        .filter(proposal_history::proposal_id.eq(proposal.id.to_string()))
        .filter(proposal_history::version.eq(proposal.version))
        .filter(proposal_history::to_state.eq(Named(ProposalState::Rejected)))
        .filter(
            proposal_history::action
                .eq_any([ProposalAction::DecideReject.as_str(), ProposalAction::ScreenIneligible.as_str()]),
        )
        .order(proposal_history::id.desc())
        .select((proposal_history::actor_id, proposal_history::occurred_at))
        .first(conn)
        .optional()?;
    row.map(|(by, at)| {
        let by = by.map(|u| parse_stored::<UserId>("proposal_history.actor_id", &u)).transpose()?;
        Ok(Challenged { version: proposal.version, by, at: utc(at) })
    })
    .transpose()
}

/// The latest request on `proposal` (of any version), if one was filed.
fn latest(conn: &mut DbConnection, proposal: &str) -> Result<Option<RedressRequest>, StoreError> {
    redress_requests::table
        .filter(redress_requests::proposal_id.eq(proposal))
        .order(redress_requests::proposal_version.desc())
        .select(RequestRow::as_select())
        .first(conn)
        .optional()?
        .map(RequestRow::into_request)
        .transpose()
}

/// A proposal's redress as its team and hub managers read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedressView {
    /// The challenge's term, in days.
    pub days: u8,
    /// Until when the current version's rejection may be challenged (none unless it is rejected).
    pub deadline: Option<DateTime<Utc>>,
    /// Whether a request may be filed now (rejected, within the term, none filed on this decision).
    pub open: bool,
    /// The latest request, if any.
    pub request: Option<RedressRequest>,
    /// The names of who filed it and who handled it.
    pub filed_by: Option<String>,
    /// Who handled it.
    pub handled_by: Option<String>,
    /// Whether the reader may handle it (a hub manager other than the one who decided, while pending).
    pub may_handle: bool,
}

fn name_of(conn: &mut DbConnection, user: Option<UserId>) -> Result<Option<String>, StoreError> {
    let Some(user) = user else { return Ok(None) };
    Ok(users::table.find(user.to_string()).select(users::display_name).first(conn).optional()?)
}

fn view(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal: &Proposal,
    now: DateTime<Utc>,
) -> Result<RedressView, StoreError> {
    let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
    let days = challenge.content.evaluation.redress_days;
    let decision = challenged(conn, proposal)?;
    let request = latest(conn, &proposal.id.to_string())?;
    let deadline = decision.map(|d| d.deadline(days));
    let on_this = request.as_ref().is_some_and(|r| r.decision.version == proposal.version);
    let open = deadline.is_some_and(|d| now < d) && !on_this;
    let may_handle = request.as_ref().is_some_and(|r| {
        r.state == RedressState::Pending && actor.has_role(Role::HubManager) && r.decision.by != Some(actor.user_id)
    });
    Ok(RedressView {
        days,
        deadline,
        open,
        filed_by: name_of(conn, request.as_ref().map(|r| r.filed_by))?,
        handled_by: name_of(conn, request.as_ref().and_then(|r| r.handled_by))?,
        request,
        may_handle,
    })
}

/// The proposal under `actor`'s eyes when they read its redress: its team and hub managers.
fn readable(conn: &mut DbConnection, actor: &Actor, id: ProposalId) -> Result<Proposal, StoreError> {
    let proposal = load_visible(conn, actor, id)?;
    if proposal.record_readable_by(actor) { Ok(proposal) } else { Err(StoreError::not_found("proposal")) }
}

/// The proposal under `actor`'s eyes, locked for a change, with its id as stored.
fn for_change(conn: &mut DbConnection, actor: &Actor, id: ProposalId) -> Result<(Proposal, String), StoreError> {
    crate::locks::proposal(conn, &id.to_string(), crate::locks::Hold::Update)?;
    let proposal = readable(conn, actor, id)?;
    let pid = proposal.id.to_string();
    Ok((proposal, pid))
}

/// The organisation's name.
fn organization_name(conn: &mut DbConnection, proposal: &Proposal) -> Result<String, StoreError> {
    Ok(organizations::table.find(proposal.organization_id.to_string()).select(organizations::name).first(conn)?)
}

impl Store {
    /// The redress of proposal `id` for its team and hub managers: the term, the deadline of the current
    /// rejection, and the latest request.
    ///
    /// # Errors
    /// `NotFound` for anyone else.
    pub fn redress_get(&self, actor: &Actor, id: ProposalId) -> Result<RedressView, StoreError> {
        let now = self.now();
        self.db.read(|conn| {
            let proposal = readable(conn, actor, id)?;
            view(conn, actor, &proposal, now)
        })
    }

    /// Files the team's request for review of proposal `id`'s rejection: the request, the history row,
    /// the audit entry and the hub managers' emails, linking `link` (the manager's page).
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`not_rejected`, `redress_exists`, `redress_closed`).
    pub fn redress_file(
        &self,
        actor: &Actor,
        id: ProposalId,
        statement: Note,
        link: &str,
    ) -> Result<RedressView, StoreError> {
        self.db.write(|conn| {
            let (proposal, pid) = for_change(conn, actor, id)?;
            // The hub's clock once the proposal is ours: a term that ended while we waited has ended.
            let now = self.db.now();
            let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
            let Some(decision) = challenged(conn, &proposal)? else {
                return Err(DomainError::conflict(
                    "not_rejected",
                    "only a rejected proposal's decision can be reviewed",
                )
                .into());
            };
            let existing = latest(conn, &pid)?.filter(|r| r.decision.version == proposal.version);
            let days = challenge.content.evaluation.redress_days;
            let request =
                RedressRequest::file(actor, &proposal, decision, existing.as_ref(), days, statement, utc(now))?;
            diesel::insert_into(redress_requests::table).values(RequestRow::new(&pid, &request)).execute(conn)?;
            let (state, version) = (proposal.state, proposal.version);
            let note = Some(request.statement.as_str());
            history(
                conn,
                &pid,
                Some(actor.user_id),
                "redress_filed",
                Some(state),
                state,
                note,
                Internal::default(),
                version,
                now,
            )?;
            let event = AuditEvent::new(Some(actor.user_id), "proposal.redress_filed", "proposal", &pid)
                .with("version", version.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let organization = organization_name(conn, &proposal)?;
            mail_audience(conn, &proposal, Audience::HubManagers, now, |display_name| mails::RedressFiled {
                display_name,
                title: proposal.content.title.clone(),
                organization: organization.clone(),
                link: link.to_owned(),
            })?;
            view(conn, actor, &proposal, utc(now))
        })
    }

    /// Handles the pending request on proposal `id` (a hub manager other than the one who decided, free
    /// of the proposal): rejects it with `reason`, or upholds it and reopens the evaluation as a new
    /// version. The team is emailed the outcome, linking `link`.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`no_redress`, `redress_handled`).
    pub fn redress_handle(
        &self,
        actor: &Actor,
        id: ProposalId,
        uphold: bool,
        reason: Note,
        link: &str,
    ) -> Result<RedressView, StoreError> {
        self.db.write(|conn| {
            let (proposal, pid) = for_change(conn, actor, id)?;
            // The hub's clock once the proposal is ours: a term that ended while we waited has ended.
            let now = self.db.now();
            let Some(request) = latest(conn, &pid)?.filter(|r| r.decision.version == proposal.version) else {
                return Err(DomainError::conflict("no_redress", "no request for review awaits a decision").into());
            };
            let handled = request.handle(actor, uphold, reason.clone(), utc(now))?;
            authorize_duty(conn, actor, Duty::Decide, &proposal)?;
            diesel::update(redress_requests::table.find((&pid, request.decision.version)))
                .set((
                    redress_requests::state.eq(Named(handled.state)),
                    redress_requests::handled_by.eq(actor.user_id.to_string()),
                    redress_requests::handled_at.eq(now),
                    redress_requests::reason.eq(reason.as_str()),
                ))
                .execute(conn)?;
            let event = AuditEvent::new(Some(actor.user_id), "proposal.redress_handled", "proposal", &pid)
                .with("version", proposal.version.to_string())
                .with("outcome", handled.state.as_str());
            audit::append(conn, &self.audit_key, &event, now)?;
            let current = if uphold {
                let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
                let step =
                    proposal.decide(ProposalAction::Reopen, actor, Some(reason.clone()), &challenge, utc(now))?;
                record_move(conn, &self.audit_key, actor, &proposal, &challenge, &step, link, Internal::default(), now)?
            } else {
                let (state, version) = (proposal.state, proposal.version);
                let note = Some(reason.as_str());
                history(
                    conn,
                    &pid,
                    Some(actor.user_id),
                    "redress_rejected",
                    Some(state),
                    state,
                    note,
                    Internal::default(),
                    version,
                    now,
                )?;
                proposal
            };
            mail_audience(conn, &current, Audience::Team, now, |display_name| mails::RedressHandled {
                display_name,
                title: current.content.title.clone(),
                outcome: handled.state.as_str().to_owned(),
                reason: reason.clone(),
                link: link.to_owned(),
            })?;
            view(conn, actor, &current, utc(now))
        })
    }
}

/// A request for review awaiting a hub manager, as the managers' desk lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRedress {
    /// The proposal.
    pub proposal_id: ProposalId,
    /// Its title.
    pub title: String,
    /// When the team filed it.
    pub filed_at: DateTime<Utc>,
    /// Whether the reader took the decision it challenges (another manager handles it).
    pub decided_by_reader: bool,
}

impl Store {
    /// The requests for review awaiting a hub manager, oldest first; hub managers only.
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn redress_pending(&self, actor: &Actor) -> Result<Vec<PendingRedress>, StoreError> {
        if !actor.has_role(Role::HubManager) {
            return Err(DomainError::Forbidden("the hub's managers handle requests for review".into()).into());
        }
        self.db.read(|conn| {
            use crate::schema::proposals;
            let rows: Vec<(String, String, NaiveDateTime, Option<String>)> = redress_requests::table
                .inner_join(proposals::table)
                .filter(redress_requests::state.eq(Named(RedressState::Pending)))
                .order(redress_requests::filed_at.asc())
                .select((proposals::id, proposals::title, redress_requests::filed_at, redress_requests::decided_by))
                .load(conn)?;
            let me = actor.user_id.to_string();
            rows.into_iter()
                .map(|(id, title, filed_at, decided_by)| {
                    Ok(PendingRedress {
                        proposal_id: parse_stored("proposals.id", &id)?,
                        title,
                        filed_at: utc(filed_at),
                        decided_by_reader: decided_by.as_deref() == Some(me.as_str()),
                    })
                })
                .collect()
        })
    }
}
