//! Proposals: drafts, edits, reading and listing; each write with its history and audit rows in one
//! transaction (the funnel's moves are in [`crate::moves`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text};
use domain::review::ReviewState;
use domain::visibility::{EvaluatorAccess, Visibility, visibility};
use domain::{
    Actor, AuditEvent, ChallengeState, DomainError, FieldError, Page, PageRequest, Pillar, Proposal, ProposalContent,
    ProposalId, ProposalInput, ProposalState, Role, UserId,
};

use crate::Store;
use crate::audit;
use crate::backend::{Fragment, Parameterized, fixed, split_aggregate, with_param};
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::moves::{Internal, history};
use crate::rows::{parse_stored, utc};
use crate::schema::{assignments, idempotency_keys, proposal_tags, proposal_team, proposals, users};
use crate::stored::{Named, named};

/// The backend of the hub's connection (SQLite or PostgreSQL).
type Backend = <DbConnection as diesel::Connection>::Backend;

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
    #[diesel(serialize_as = Named<ProposalState>)]
    state: ProposalState,
    version: i32,
    revision: i32,
    submitted_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    reuse_assessment: Option<String>,
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
            state: p.state,
            version: p.version,
            revision: p.revision,
            submitted_at: p.submitted_at.map(|t| t.naive_utc()),
            created_at: p.created_at.naive_utc(),
            updated_at: p.updated_at.naive_utc(),
            reuse_assessment: p.content.reuse_assessment.clone(),
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
                reuse_assessment: self.reuse_assessment,
            },
            team,
            state: self.state,
            version: self.version,
            revision: self.revision,
            submitted_at: self.submitted_at.map(utc),
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
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

/// Loads a proposal the actor may see ([`domain::visibility`]); others' proposals do not exist for them.
/// An evaluator sees the proposals assigned to them once they have confirmed having no conflict of
/// interest.
pub(crate) fn load_visible(conn: &mut DbConnection, actor: &Actor, id: ProposalId) -> Result<Proposal, StoreError> {
    let evaluator = actor.has_role(Role::Evaluator).then(|| actor.user_id.to_string());
    let (proposal, access) = load_with_access(conn, &id.to_string(), evaluator.as_deref())?;
    let access = access.map(|cleared| if cleared { EvaluatorAccess::Cleared } else { EvaluatorAccess::Unconfirmed });
    visibility(actor).check(&proposal, access)?;
    Ok(proposal)
}

/// The proposals a reader sees, as a filter of the proposals table.
pub(crate) enum Visible {
    /// Every one.
    All,
    /// None.
    Nothing,
    /// Those matching the filter.
    Only(Box<dyn BoxableExpression<proposals::table, Backend, SqlType = Bool>>),
}

/// The one persistence filter of [`domain::visibility`], for every query listing proposals.
pub(crate) fn visible_filter(v: &Visibility) -> Visible {
    if v.all {
        return Visible::All;
    }
    let mut any: Vec<Box<dyn BoxableExpression<proposals::table, Backend, SqlType = Bool>>> = Vec::new();
    if let Some(organization) = v.organization {
        any.push(Box::new(proposals::organization_id.eq(organization.to_string())));
    }
    if v.for_catalogue {
        let states = named(ProposalState::ALL.into_iter().filter(|s| s.is_for_catalogue()));
        any.push(Box::new(proposals::state.eq_any(states)));
    }
    if let Some(evaluator) = v.assigned_to {
        let cleared = assignments::table
            .filter(assignments::evaluator_id.eq(evaluator.to_string()))
            .filter(assignments::conflict_confirmed_at.is_not_null())
            .filter(assignments::state.ne(Named(ReviewState::Declined)))
            .select(assignments::proposal_id);
        any.push(Box::new(proposals::id.eq_any(cleared)));
    }
    let mut conditions = any.into_iter();
    let Some(first) = conditions.next() else { return Visible::Nothing };
    Visible::Only(conditions.fold(first, |acc, next| Box::new(acc.or(next))))
}

/// The text a proposal is compared by.
pub(crate) fn search_document(c: &domain::ProposalContent) -> String {
    [Some(c.title.as_str()), c.summary.as_deref(), c.description.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes what a proposal's row does not hold: its tags, its team and its full-text document (title,
/// summary and description, which the screening's similar proposals are found by).
fn write_tags_and_team(conn: &mut DbConnection, p: &Proposal) -> Result<(), StoreError> {
    let id = p.id.to_string();
    crate::backend::search_write(conn, crate::backend::TextIndex::Proposals, &id, &search_document(&p.content))?;
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

/// Checks that every team member belongs to the proposal's organisation, in one query whatever the
/// team's size (bounded by [`domain::proposal::TEAM_MAX`]).
fn check_team(conn: &mut DbConnection, organization_id: &str, team: &[UserId]) -> Result<BTreeSet<UserId>, StoreError> {
    let ids: Vec<String> = team.iter().map(ToString::to_string).collect();
    let members: BTreeSet<String> = if ids.is_empty() {
        BTreeSet::new()
    } else {
        users::table
            .filter(users::id.eq_any(&ids))
            .filter(users::organization_id.eq(organization_id))
            .filter(users::left_at.is_null())
            .select(users::id)
            .load::<String>(conn)?
            .into_iter()
            .collect()
    };
    let errors: Vec<FieldError> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !members.contains(*id))
        .map(|(i, _)| {
            FieldError::new(format!("team[{i}]"), "not_a_member", "is not a member of the proposing organisation")
        })
        .collect();
    if errors.is_empty() { Ok(team.iter().copied().collect()) } else { Err(DomainError::Invalid(errors).into()) }
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
            history(
                conn,
                &id,
                Some(actor.user_id),
                "create",
                None,
                ProposalState::Draft,
                None,
                Internal::default(),
                1,
                now,
            )?;
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
            audit::append(
                conn,
                &self.audit_key,
                &AuditEvent::new(Some(actor.user_id), "proposal.created", "proposal", &id),
                now,
            )?;
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

    /// The members of the actor's organisation, by name: whom a proposal's team may name (the rule
    /// `check_team` enforces), for the proposal form.
    ///
    /// # Errors
    /// When the database fails.
    pub fn organization_members(&self, actor: &Actor) -> Result<Vec<(UserId, String)>, StoreError> {
        self.db.read(|conn| {
            let rows: Vec<(String, String)> = users::table
                .filter(users::organization_id.eq(actor.organization_id.to_string()))
                .filter(users::left_at.is_null())
                .select((users::id, users::display_name))
                .order((users::display_name.asc(), users::id.asc()))
                .limit(500)
                .load(conn)?;
            rows.into_iter()
                .map(|(id, name)| Ok((crate::rows::parse_stored::<UserId>("users.id", &id)?, name)))
                .collect()
        })
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
            match visible_filter(&visibility(actor)) {
                Visible::All => {}
                Visible::Nothing => return Ok(Page { items: Vec::new(), next_cursor: None }),
                Visible::Only(visible) => query = query.filter(visible),
            }
            if let Some(challenge) = &filter.challenge_id {
                query = query.filter(proposals::challenge_id.eq(challenge.clone()));
            }
            if let Some(state) = filter.state {
                query = query.filter(proposals::state.eq(Named(state)));
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
                let pattern = crate::backend::like_pattern(q);
                query = query.filter(
                    crate::backend::lower(proposals::title)
                        .like(pattern.clone())
                        .escape(crate::backend::LIKE_ESCAPE)
                        .or(crate::backend::lower(proposals::summary.assume_not_null())
                            .like(pattern)
                            .escape(crate::backend::LIKE_ESCAPE)),
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
            audit::append(
                conn,
                &self.audit_key,
                &AuditEvent::new(Some(actor.user_id), "proposal.updated", "proposal", next.id),
                now,
            )?;
            load_proposal(conn, &next.id.to_string())
        })
    }
}
