//! Proposals: drafts, edits and the funnel's moves, each with its history row, audit row and emails
//! in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};
use domain::duties::{Duty, reads_internal_record};
use domain::proposal::{Audience, mails_for};
use domain::{
    Actor, AuditEvent, ChallengeState, DomainError, Email, FieldError, Locale, OutgoingMail, Page, PageRequest, Pillar,
    Proposal, ProposalAction, ProposalContent, ProposalId, ProposalInput, ProposalState, Role, UserId,
};

use crate::Store;
use crate::audit;
use crate::backend::{Fragment, Parameterized, fixed, split_aggregate, with_param};
use crate::challenges::load_challenge;
use crate::db::DbConnection;
use crate::duties::authorize_duty;
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::rows::{parse_stored, utc};
use crate::schema::{
    idempotency_keys, organizations, proposal_history, proposal_tags, proposal_team, proposal_versions, proposals,
    user_roles, users,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = proposals, treat_none_as_null = true)]
struct ProposalRow {
    id: String,
    challenge_id: String,
    organization_id: String,
    created_by: String,
    title: String,
    summary: Option<String>,
    description: Option<String>,
    trl: Option<i32>,
    budget_cents: Option<i64>,
    self_assessment: String,
    state: String,
    version: i32,
    revision: i32,
    submitted_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl ProposalRow {
    fn from_proposal(p: &Proposal) -> Result<Self, StoreError> {
        let assessment: BTreeMap<&str, &String> = p.content.self_assessment.iter().map(|(k, v)| (k.key(), v)).collect();
        Ok(Self {
            id: p.id.to_string(),
            challenge_id: p.challenge_id.to_string(),
            organization_id: p.organization_id.to_string(),
            created_by: p.created_by.to_string(),
            title: p.content.title.clone(),
            summary: p.content.summary.clone(),
            description: p.content.description.clone(),
            trl: p.content.trl.map(i32::from),
            budget_cents: p.content.budget_cents,
            self_assessment: serde_json::to_string(&assessment)
                .map_err(|e| StoreError::internal("self_assessment", e))?,
            state: p.state.as_str().to_owned(),
            version: p.version,
            revision: p.revision,
            submitted_at: p.submitted_at.map(|t| t.naive_utc()),
            created_at: p.created_at.naive_utc(),
            updated_at: p.updated_at.naive_utc(),
        })
    }

    fn into_proposal(self, tags: BTreeSet<String>, team: BTreeSet<UserId>) -> Result<Proposal, StoreError> {
        let raw: BTreeMap<String, String> =
            serde_json::from_str(&self.self_assessment).map_err(|e| StoreError::internal("self_assessment", e))?;
        let self_assessment = raw
            .into_iter()
            .map(|(k, v)| Ok((parse_stored::<Pillar>("proposals.self_assessment", &k)?, v)))
            .collect::<Result<_, StoreError>>()?;
        Ok(Proposal {
            id: parse_stored("proposals.id", &self.id)?,
            challenge_id: parse_stored("proposals.challenge_id", &self.challenge_id)?,
            organization_id: parse_stored("proposals.organization_id", &self.organization_id)?,
            created_by: parse_stored("proposals.created_by", &self.created_by)?,
            content: ProposalContent {
                title: self.title,
                summary: self.summary,
                description: self.description,
                trl: self.trl.and_then(|t| u8::try_from(t).ok()),
                budget_cents: self.budget_cents,
                tags,
                self_assessment,
            },
            team,
            state: parse_stored::<ProposalState>("proposals.state", &self.state)?,
            version: self.version,
            revision: self.revision,
            submitted_at: self.submitted_at.map(utc),
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

/// One step of a proposal's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// What was done: `create`, `edit` or a funnel action.
    pub action: String,
    /// Who did it.
    pub actor_id: Option<String>,
    /// Their name, when the account still exists.
    pub actor_name: Option<String>,
    /// The state before (none for creation).
    pub from_state: Option<String>,
    /// The state after.
    pub to_state: String,
    /// The note given with the move.
    pub note: Option<String>,
    /// Why a decision overrode the rules (hub managers and admins only).
    pub override_reason: Option<String>,
    /// The proposal's version after the step.
    pub version: i32,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// A history row with the actor's name.
#[derive(Debug, Queryable)]
struct HistoryRow {
    action: String,
    actor_id: Option<String>,
    actor_name: Option<String>,
    from_state: Option<String>,
    to_state: String,
    note: Option<String>,
    override_reason: Option<String>,
    version: i32,
    occurred_at: NaiveDateTime,
}

/// Filters of the proposal list.
#[derive(Debug, Clone, Default)]
pub struct ProposalFilter {
    /// Only proposals to this challenge.
    pub challenge_id: Option<String>,
    /// Only in this state.
    pub state: Option<ProposalState>,
    /// Only of this organisation.
    pub organization_id: Option<String>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Words in the title or summary.
    pub q: Option<String>,
}

/// An `Idempotency-Key` with the hash of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    /// The client's key.
    pub key: String,
    /// SHA-256 of the request body.
    pub request_hash: String,
}

pub(crate) fn load_proposal(conn: &mut DbConnection, id: &str) -> Result<Proposal, StoreError> {
    load_with_access(conn, id, None).map(|(proposal, _)| proposal)
}

/// A proposal's tags, comma-separated (tags are `[a-z0-9-]`), as a column of its own row's query.
struct Tags;
impl Fragment for Tags {
    const SQL: &'static str =
        "(SELECT string_agg(proposal_tags.tag, ',') FROM proposal_tags WHERE proposal_tags.proposal_id = proposals.id)";
    type SqlType = Nullable<Text>;
}

/// Its team's user ids, likewise.
struct Team;
impl Fragment for Team {
    const SQL: &'static str = "(SELECT string_agg(proposal_team.user_id, ',') FROM proposal_team \
         WHERE proposal_team.proposal_id = proposals.id)";
    type SqlType = Nullable<Text>;
}

/// For one evaluator (the parameter): NULL without an open assignment to the proposal, else 1 when
/// the conflict of interest is confirmed, 0 when not.
struct Access;
impl Parameterized for Access {
    const BEFORE: &'static str = "(SELECT MAX(CASE WHEN assignments.conflict_confirmed_at IS NULL THEN 0 ELSE 1 END) \
         FROM assignments WHERE assignments.proposal_id = proposals.id AND assignments.state <> 'declined' \
         AND assignments.evaluator_id = ";
    const AFTER: &'static str = ")";
    type SqlType = Nullable<Integer>;
}

/// A proposal from its row and its aggregated tags and team.
fn assemble(row: ProposalRow, tags: Option<&str>, team: Option<&str>) -> Result<Proposal, StoreError> {
    let tags = split_aggregate(tags).map(str::to_owned).collect();
    let team =
        split_aggregate(team).map(|u| parse_stored::<UserId>("proposal_team.user_id", u)).collect::<Result<_, _>>()?;
    row.into_proposal(tags, team)
}

/// A proposal in one statement whatever its size: its row with its tags and team aggregated — and,
/// for an `evaluator`, whether they hold an open assignment to it (`Some`) with the conflict of
/// interest confirmed (`Some(true)`).
fn load_with_access(
    conn: &mut DbConnection,
    id: &str,
    evaluator: Option<&str>,
) -> Result<(Proposal, Option<bool>), StoreError> {
    // No user has an empty id: without an evaluator the access column is NULL.
    let access = with_param::<Access>(evaluator.unwrap_or(""));
    let (row, tags, team, access): (ProposalRow, Option<String>, Option<String>, Option<i32>) = proposals::table
        .find(id)
        .select((ProposalRow::as_select(), fixed::<Tags>(), fixed::<Team>(), access))
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("proposal"))?;
    Ok((assemble(row, tags.as_deref(), team.as_deref())?, access.map(|a| a == 1)))
}

/// Loads a proposal the actor may see; others' proposals do not exist for them. An evaluator sees the
/// proposals assigned to them once they have confirmed having no conflict of interest.
pub(crate) fn load_visible(conn: &mut DbConnection, actor: &Actor, id: ProposalId) -> Result<Proposal, StoreError> {
    let evaluator = actor.has_role(Role::Evaluator).then(|| actor.user_id.to_string());
    let (proposal, access) = load_with_access(conn, &id.to_string(), evaluator.as_deref())?;
    if proposal.visible_to(actor) {
        return Ok(proposal);
    }
    match access {
        Some(true) => Ok(proposal),
        Some(false) => Err(DomainError::Forbidden(
            "confirm that you have no conflict of interest before reading the proposal".to_owned(),
        )
        .into()),
        None => Err(StoreError::not_found("proposal")),
    }
}

fn write_tags_and_team(conn: &mut DbConnection, p: &Proposal) -> Result<(), StoreError> {
    let id = p.id.to_string();
    diesel::delete(proposal_tags::table.filter(proposal_tags::proposal_id.eq(&id))).execute(conn)?;
    for tag in &p.content.tags {
        diesel::insert_into(proposal_tags::table)
            .values((proposal_tags::proposal_id.eq(&id), proposal_tags::tag.eq(tag)))
            .execute(conn)?;
    }
    diesel::delete(proposal_team::table.filter(proposal_team::proposal_id.eq(&id))).execute(conn)?;
    for user in &p.team {
        diesel::insert_into(proposal_team::table)
            .values((proposal_team::proposal_id.eq(&id), proposal_team::user_id.eq(user.to_string())))
            .execute(conn)?;
    }
    Ok(())
}

/// Checks that every team member belongs to the proposal's organisation.
fn check_team(conn: &mut DbConnection, organization_id: &str, team: &[UserId]) -> Result<BTreeSet<UserId>, StoreError> {
    let mut errors = Vec::new();
    for (i, user) in team.iter().enumerate() {
        let member: i64 = users::table
            .filter(users::id.eq(user.to_string()))
            .filter(users::organization_id.eq(organization_id))
            .count()
            .get_result(conn)?;
        if member == 0 {
            errors.push(FieldError::new(
                format!("team[{i}]"),
                "not_a_member",
                "is not a member of the proposing organisation",
            ));
        }
    }
    if errors.is_empty() { Ok(team.iter().copied().collect()) } else { Err(DomainError::Invalid(errors).into()) }
}

/// The hub's internal record of a move: why a decision overrode the rules.
#[derive(Clone, Copy, Default)]
struct Internal<'a> {
    override_reason: Option<&'a str>,
}

#[expect(clippy::too_many_arguments, reason = "one history row has this many facts")]
fn history(
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
            proposal_history::from_state.eq(from.map(|f| f.as_str())),
            proposal_history::to_state.eq(to.as_str()),
            proposal_history::note.eq(note),
            proposal_history::override_reason.eq(internal.override_reason),
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
    locale: String,
}

fn contacts(conn: &mut DbConnection, proposal: &Proposal, audience: Audience) -> Result<Vec<Contact>, StoreError> {
    let ids: Vec<String> = match audience {
        Audience::Team => {
            let mut ids: BTreeSet<String> = proposal.team.iter().map(ToString::to_string).collect();
            ids.insert(proposal.created_by.to_string());
            ids.into_iter().collect()
        }
        Audience::HubManagers => user_roles::table
            .filter(user_roles::role.eq(Role::HubManager.as_str()))
            .select(user_roles::user_id)
            .load(conn)?,
    };
    let rows: Vec<(String, String, String)> = users::table
        .filter(users::id.eq_any(&ids))
        .order(users::id.asc())
        .select((users::email, users::display_name, users::locale))
        .load(conn)?;
    Ok(rows.into_iter().map(|(email, display_name, locale)| Contact { email, display_name, locale }).collect())
}

/// Writes a decided move: the new state and version, the submitted version's snapshot, the history
/// and audit rows and the emails; in the caller's transaction.
#[expect(clippy::too_many_arguments, reason = "the facts of one move")]
pub(crate) fn record_move(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &Proposal,
    challenge: &domain::Challenge,
    step: &domain::Move,
    link: &str,
    override_reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<Proposal, StoreError> {
    let action = step.action;
    let pid = current.id.to_string();
    let submitted = matches!(action, ProposalAction::Submit | ProposalAction::Resubmit);
    let changed = diesel::update(proposals::table.find(&pid).filter(proposals::revision.eq(current.revision)))
        .set((
            proposals::state.eq(step.to.as_str()),
            proposals::version.eq(step.version),
            proposals::revision.eq(current.revision + 1),
            proposals::submitted_at.eq(if submitted { Some(now) } else { current.submitted_at.map(|t| t.naive_utc()) }),
            proposals::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed != 1 {
        return Err(DomainError::conflict("concurrent_change", "the proposal changed meanwhile; read it again").into());
    }
    if submitted {
        let snapshot = serde_json::to_string(&current.content).map_err(|e| StoreError::internal("snapshot", e))?;
        diesel::insert_into(proposal_versions::table)
            .values((
                proposal_versions::proposal_id.eq(&pid),
                proposal_versions::version.eq(step.version),
                proposal_versions::snapshot.eq(snapshot),
                proposal_versions::submitted_at.eq(now),
            ))
            .execute(conn)?;
    }
    history(
        conn,
        &pid,
        Some(actor.user_id),
        action.as_str(),
        Some(step.from),
        step.to,
        step.note.as_deref(),
        Internal { override_reason },
        step.version,
        now,
    )?;
    if let Some(reason) = domain::review::closing_reason(step, current.version) {
        let closed = crate::assignments::close_open(conn, Some(actor.user_id), current, reason, link, now)?;
        if closed > 0 {
            let note = format!("{closed} open review(s) cancelled: {}", reason.as_str());
            let action = "reviews_cancelled";
            history(conn, &pid, Some(actor.user_id), action, Some(step.to), step.to, Some(&note), Internal::default(), step.version, now)?;
        }
    }
    let mut event = AuditEvent::new(Some(actor.user_id), "proposal.moved", "proposal", &pid)
        .with("action", action.as_str())
        .with("from", step.from.as_str())
        .with("to", step.to.as_str());
    if let Some(reason) = override_reason {
        event = event.with("override_reason", reason);
    }
    audit::append(conn, &event, now)?;
    let organization: String =
        organizations::table.find(current.organization_id.to_string()).select(organizations::name).first(conn)?;
    for (template, audience) in mails_for(action) {
        for contact in contacts(conn, current, *audience)? {
            let Ok(to) = Email::parse(&contact.email) else { continue };
            let locale: Locale = contact.locale.parse().unwrap_or_default();
            let mut mail = OutgoingMail::new(*template, locale, to)
                .with("display_name", contact.display_name)
                .with("title", current.content.title.clone())
                .with("challenge", challenge.content.title_it.clone())
                .with("organization", organization.clone())
                .with("version", step.version.to_string())
                .with("link", link);
            if let Some(note) = &step.note {
                mail = mail.with("note", note.clone()).with("reason", note.clone()).with("rationale", note.clone());
            }
            let outcome = if step.to == ProposalState::Accepted { "accepted" } else { "rejected" };
            mail = mail.with("outcome", outcome);
            enqueue(conn, &mail, now)?;
        }
    }
    load_proposal(conn, &pid)
}

impl Store {
    /// Creates a draft for the actor's organisation. With an idempotency key already used by the same
    /// user for the same request, returns the proposal it created (and `false`); for another request,
    /// refuses.
    ///
    /// # Errors
    /// `Invalid` (unknown challenge, team outside the organisation, key reused), `Conflict` (challenge
    /// not open).
    pub fn proposal_create(
        &self,
        actor: &Actor,
        challenge: &str,
        content: ProposalContent,
        team: Vec<UserId>,
        idempotency: Option<IdempotencyKey>,
    ) -> Result<(Proposal, bool), StoreError> {
        let now = self.db.now();
        let replay = |conn: &mut DbConnection| -> Result<Option<Proposal>, StoreError> {
            let Some(key) = &idempotency else { return Ok(None) };
            let found: Option<(String, String)> = idempotency_keys::table
                .find((actor.user_id.to_string(), &key.key))
                .select((idempotency_keys::request_hash, idempotency_keys::resource_id))
                .first(conn)
                .optional()?;
            match found {
                None => Ok(None),
                Some((hash, _)) if hash != key.request_hash => Err(DomainError::invalid(
                    "Idempotency-Key",
                    "idempotency_key_reused",
                    "this key was used for a different request; use a new key",
                )
                .into()),
                Some((_, id)) => Ok(Some(load_proposal(conn, &id)?)),
            }
        };
        let created = self.db.write(|conn| {
            if let Some(existing) = replay(conn)? {
                return Ok((existing, false));
            }
            let challenge = match crate::challenges::resolve_public(conn, challenge) {
                Ok(c) => c,
                Err(StoreError::Domain(DomainError::NotFound(_))) => {
                    return Err(DomainError::invalid("challenge_id", "unknown_challenge", "no such challenge").into());
                }
                Err(other) => return Err(other),
            };
            if challenge.state != ChallengeState::Open {
                return Err(
                    DomainError::conflict("challenge_not_open", "the challenge is not open for proposals").into()
                );
            }
            let organization_id = actor.organization_id.to_string();
            let team = check_team(conn, &organization_id, &team)?;
            let proposal = Proposal {
                id: ProposalId::new(),
                challenge_id: challenge.id,
                organization_id: actor.organization_id,
                created_by: actor.user_id,
                content,
                team,
                state: ProposalState::Draft,
                version: 1,
                revision: 1,
                submitted_at: None,
                created_at: utc(now),
                updated_at: utc(now),
            };
            let id = proposal.id.to_string();
            diesel::insert_into(proposals::table).values(ProposalRow::from_proposal(&proposal)?).execute(conn)?;
            write_tags_and_team(conn, &proposal)?;
            history(conn, &id, Some(actor.user_id), "create", None, ProposalState::Draft, None, Internal::default(), 1, now)?;
            if let Some(key) = &idempotency {
                diesel::insert_into(idempotency_keys::table)
                    .values((
                        idempotency_keys::user_id.eq(actor.user_id.to_string()),
                        idempotency_keys::key.eq(&key.key),
                        idempotency_keys::operation.eq("proposal.create"),
                        idempotency_keys::request_hash.eq(&key.request_hash),
                        idempotency_keys::resource_id.eq(&id),
                        idempotency_keys::created_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            audit::append(conn, &AuditEvent::new(Some(actor.user_id), "proposal.created", "proposal", &id), now)?;
            Ok((load_proposal(conn, &id)?, true))
        });
        match created {
            // A concurrent request with the same key won the race: answer as its retry.
            Err(StoreError::Domain(DomainError::Conflict { code: "duplicate", .. })) if idempotency.is_some() => {
                let existing = self.db.read(|conn| replay(conn))?;
                existing
                    .map(|p| (p, false))
                    .ok_or_else(|| StoreError::Internal("idempotency race without a winner".to_owned()))
            }
            other => other,
        }
    }

    /// A proposal the actor may see.
    ///
    /// # Errors
    /// `NotFound` (also for proposals of others).
    pub fn proposal_get(&self, actor: &Actor, id: ProposalId) -> Result<Proposal, StoreError> {
        self.db.read(|conn| load_visible(conn, actor, id))
    }

    /// Proposals the actor may see, oldest first: hub managers every one, proposers their
    /// organisation's, anyone else none.
    ///
    /// # Errors
    /// When the database fails.
    pub fn proposals_list(
        &self,
        actor: &Actor,
        filter: &ProposalFilter,
        page: &PageRequest,
    ) -> Result<Page<Proposal>, StoreError> {
        self.db.read(|conn| {
            // Each row with its tags and team aggregated: one statement for the page, whatever its size.
            let mut query = proposals::table
                .select((ProposalRow::as_select(), fixed::<Tags>(), fixed::<Team>()))
                .order(proposals::id.asc())
                .into_boxed();
            if !actor.has_role(Role::HubManager) {
                if actor.has_role(Role::CatalogueEditor) {
                    query = query.filter(proposals::state.eq_any(["accepted", "promoted"]));
                }
                let mine = actor.has_role(Role::Proposer);
                let assigned = actor.has_role(Role::Evaluator);
                let own_organization = actor.organization_id.to_string();
                let cleared = crate::schema::assignments::table
                    .filter(crate::schema::assignments::evaluator_id.eq(actor.user_id.to_string()))
                    .filter(crate::schema::assignments::conflict_confirmed_at.is_not_null())
                    .filter(crate::schema::assignments::state.ne("declined"))
                    .select(crate::schema::assignments::proposal_id);
                query = match (mine, assigned) {
                    (true, true) => {
                        query.filter(proposals::organization_id.eq(own_organization).or(proposals::id.eq_any(cleared)))
                    }
                    (true, false) => query.filter(proposals::organization_id.eq(own_organization)),
                    (false, true) => query.filter(proposals::id.eq_any(cleared)),
                    (false, false) if actor.has_role(Role::CatalogueEditor) => query,
                    (false, false) => return Ok(Page { items: Vec::new(), next_cursor: None }),
                };
            }
            if let Some(challenge) = &filter.challenge_id {
                query = query.filter(proposals::challenge_id.eq(challenge.clone()));
            }
            if let Some(state) = filter.state {
                query = query.filter(proposals::state.eq(state.as_str()));
            }
            if let Some(organization) = &filter.organization_id {
                query = query.filter(proposals::organization_id.eq(organization.clone()));
            }
            if let Some(tag) = &filter.tag {
                let tagged =
                    proposal_tags::table.filter(proposal_tags::tag.eq(tag.clone())).select(proposal_tags::proposal_id);
                query = query.filter(proposals::id.eq_any(tagged));
            }
            if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                let pattern = format!("%{}%", q.to_lowercase().replace(['%', '_'], ""));
                query = query.filter(
                    crate::backend::lower(proposals::title)
                        .like(pattern.clone())
                        .or(crate::backend::lower(proposals::summary.assume_not_null()).like(pattern)),
                );
            }
            if let Some(after) = &page.after {
                query = query.filter(proposals::id.gt(after.clone()));
            }
            let rows: Vec<(ProposalRow, Option<String>, Option<String>)> =
                query.limit(i64::from(page.limit) + 1).load(conn)?;
            let mut items = Vec::with_capacity(rows.len());
            for (row, tags, team) in rows {
                items.push(assemble(row, tags.as_deref(), team.as_deref())?);
            }
            Ok(Page::from_overfetch(items, page.limit, |p: &Proposal| p.id.to_string()))
        })
    }

    /// Edits a proposal whose revision is still `expected_revision`.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (not editable), `PreconditionFailed`, `Invalid`.
    pub fn proposal_update(
        &self,
        actor: &Actor,
        id: ProposalId,
        expected_revision: i32,
        input: ProposalInput,
        team: Option<Vec<UserId>>,
    ) -> Result<Proposal, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = load_visible(conn, actor, id)?;
            current.check_edit(actor)?;
            if current.revision != expected_revision {
                return Err(DomainError::PreconditionFailed(
                    "the proposal changed since you read it; read it again".to_owned(),
                )
                .into());
            }
            let content = current.content.edit(input)?;
            let team = match team {
                Some(team) => check_team(conn, &current.organization_id.to_string(), &team)?,
                None => current.team.clone(),
            };
            let next = Proposal { content, team, revision: current.revision + 1, updated_at: utc(now), ..current };
            // Conditional on the revision read: on PostgreSQL a concurrent edit that committed meanwhile
            // (same If-Match) makes this match nothing, instead of silently overwriting it.
            let changed = diesel::update(
                proposals::table.find(next.id.to_string()).filter(proposals::revision.eq(expected_revision)),
            )
            .set(ProposalRow::from_proposal(&next)?)
            .execute(conn)?;
            if changed != 1 {
                return Err(DomainError::PreconditionFailed(
                    "the proposal changed since you read it; read it again".to_owned(),
                )
                .into());
            }
            write_tags_and_team(conn, &next)?;
            history(
                conn,
                &next.id.to_string(),
                Some(actor.user_id),
                "edit",
                Some(next.state),
                next.state,
                None,
                Internal::default(),
                next.version,
                now,
            )?;
            audit::append(conn, &AuditEvent::new(Some(actor.user_id), "proposal.updated", "proposal", next.id), now)?;
            load_proposal(conn, &next.id.to_string())
        })
    }

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
        note: Option<&str>,
        link: &str,
    ) -> Result<Proposal, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = load_visible(conn, actor, id)?;
            if let Some(duty) = Duty::of(action) {
                authorize_duty(conn, actor, duty, &current)?;
            }
            let challenge = load_challenge(conn, &current.challenge_id.to_string())?;
            let step = current.decide(action, actor, note, &challenge, utc(now))?;
            record_move(conn, actor, &current, &challenge, &step, link, None, now)
        })
    }

    /// Decides on a proposal under review (hub managers): `accept` needs the challenge's minimum of
    /// submitted reviews of the current version and scores passing every threshold, or an explicit
    /// `override_reason`, kept in the history and the audit log. Of concurrent decisions one wins.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`invalid_transition`, `override_required`), `Invalid`
    /// (missing rationale).
    pub fn proposal_decide(
        &self,
        actor: &Actor,
        id: ProposalId,
        accept: bool,
        rationale: Option<&str>,
        override_reason: Option<&str>,
        link: &str,
    ) -> Result<Proposal, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
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
            let mut overridden = None;
            if accept {
                let reviews = crate::reviews::submitted_scores(conn, &current.id.to_string(), current.version)?;
                let aggregate = domain::scoring::aggregate(&reviews, &challenge.content.evaluation);
                let check = domain::proposal::AcceptanceCheck {
                    submitted_reviews: reviews.len(),
                    min_reviews: challenge.content.evaluation.min_reviews,
                    passes_thresholds: aggregate.is_some_and(|a| a.passes_all()),
                };
                overridden = check.allow(override_reason)?;
            }
            record_move(conn, actor, &current, &challenge, &step, link, overridden.as_deref(), now)
        })
    }

    /// The history of a proposal the actor may see, oldest first; override reasons only for hub
    /// managers and admins off the proposal's side.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn proposal_history(&self, actor: &Actor, id: ProposalId) -> Result<Vec<HistoryEntry>, StoreError> {
        self.db.read(|conn| {
            let target = load_visible(conn, actor, id)?;
            let internal = reads_internal_record(actor, crate::duties::is_conflicted(conn, actor, &target)?);
            let rows: Vec<HistoryRow> = proposal_history::table
                .left_join(users::table.on(users::id.nullable().eq(proposal_history::actor_id)))
                .filter(proposal_history::proposal_id.eq(id.to_string()))
                .order(proposal_history::id.asc())
                .select((
                    proposal_history::action,
                    proposal_history::actor_id,
                    users::display_name.nullable(),
                    proposal_history::from_state,
                    proposal_history::to_state,
                    proposal_history::note,
                    proposal_history::override_reason,
                    proposal_history::version,
                    proposal_history::occurred_at,
                ))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|r| HistoryEntry {
                    action: r.action,
                    actor_id: r.actor_id,
                    actor_name: r.actor_name,
                    from_state: r.from_state,
                    to_state: r.to_state,
                    note: r.note,
                    override_reason: r.override_reason.filter(|_| internal),
                    version: r.version,
                    occurred_at: utc(r.occurred_at),
                })
                .collect())
        })
    }

    /// The content of a proposal as submitted at `version`.
    ///
    /// # Errors
    /// `NotFound` for an unknown version or a proposal the actor may not see.
    pub fn proposal_version(
        &self,
        actor: &Actor,
        id: ProposalId,
        version: i32,
    ) -> Result<(ProposalContent, DateTime<Utc>), StoreError> {
        self.db.read(|conn| {
            load_visible(conn, actor, id)?;
            let (snapshot, at): (String, NaiveDateTime) = proposal_versions::table
                .find((id.to_string(), version))
                .select((proposal_versions::snapshot, proposal_versions::submitted_at))
                .first(conn)
                .optional()?
                .ok_or_else(|| StoreError::not_found("version"))?;
            let content =
                serde_json::from_str(&snapshot).map_err(|e| StoreError::internal("proposal_versions.snapshot", e))?;
            Ok((content, utc(at)))
        })
    }
}
