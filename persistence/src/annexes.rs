//! Annexes (issue 20): their rows, and the registry of the stored objects they name.
//!
//! The bytes live in an object store the API holds; here are the rows and the one rule that keeps them
//! consistent: **no annex row without its object**. An annex row is written only in a transaction that
//! holds its object's registry row (`annex_objects`) and has checked, through the caller's `ensure`, that
//! the object is there (writing it again if it is not); an object is deleted only by [`Store::annex_release`],
//! holding the same registry row, once no annex names it. A crash leaves at worst an object without rows,
//! which the API's sweep releases.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::annex::{self, Annex, AnnexId, AnnexRules, AnnexType, Duty, Inspected, WORKING_COPY};
use domain::review::ReviewState;
use domain::{Actor, AuditEvent, DomainError, Proposal, ProposalId, Role};

use crate::Store;
use crate::audit;
use crate::challenges::load_challenge;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::proposals::load_visible;
use crate::rows::{parse_stored, utc};
use crate::schema::{annex_objects, annexes, assignments, proposals};

mod rules;

pub(crate) use rules::{rules_from_json, rules_json};

/// An annex as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = annexes, treat_none_as_null = true)]
struct AnnexRow {
    id: String,
    proposal_id: String,
    version: i32,
    rule_key: String,
    filename: String,
    kind: String,
    size: i64,
    sha256: String,
    pages: Option<i32>,
    uploaded_by: String,
    created_at: NaiveDateTime,
}

impl AnnexRow {
    fn of(a: &Annex) -> Result<Self, StoreError> {
        Ok(Self {
            id: a.id.to_string(),
            proposal_id: a.proposal_id.to_string(),
            version: a.version,
            rule_key: a.rule.clone(),
            filename: a.filename.clone(),
            kind: a.kind.as_str().to_owned(),
            size: i64::try_from(a.size).map_err(|e| StoreError::internal("annexes.size", e))?,
            sha256: a.sha256.clone(),
            pages: a.pages.map(i32::try_from).transpose().map_err(|e| StoreError::internal("annexes.pages", e))?,
            uploaded_by: a.uploaded_by.to_string(),
            created_at: a.created_at.naive_utc(),
        })
    }

    fn into_annex(self) -> Result<Annex, StoreError> {
        Ok(Annex {
            id: parse_stored("annexes.id", &self.id)?,
            proposal_id: parse_stored("annexes.proposal_id", &self.proposal_id)?,
            version: self.version,
            rule: self.rule_key,
            filename: self.filename,
            kind: parse_stored::<AnnexType>("annexes.kind", &self.kind)?,
            size: u64::try_from(self.size).map_err(|e| StoreError::internal("annexes.size", e))?,
            sha256: self.sha256,
            pages: self.pages.map(u32::try_from).transpose().map_err(|e| StoreError::internal("annexes.pages", e))?,
            uploaded_by: parse_stored("annexes.uploaded_by", &self.uploaded_by)?,
            created_at: utc(self.created_at),
        })
    }
}

/// The annexes of `proposal` at `version`, in the rules' key order then upload order.
pub(crate) fn annexes_of(conn: &mut DbConnection, proposal: &str, version: i32) -> Result<Vec<Annex>, StoreError> {
    annexes::table
        .filter(annexes::proposal_id.eq(proposal))
        .filter(annexes::version.eq(version))
        .order((annexes::rule_key, annexes::created_at, annexes::id))
        .select(AnnexRow::as_select())
        .load(conn)?
        .into_iter()
        .map(AnnexRow::into_annex)
        .collect()
}

/// Freezes the working copy of `proposal` as its `version`'s annexes: called by the move that submits
/// (or reopens) it, in its transaction, the proposal's row held.
pub(crate) fn freeze(conn: &mut DbConnection, proposal: &str, version: i32) -> Result<(), StoreError> {
    for mut row in annexes::table
        .filter(annexes::proposal_id.eq(proposal))
        .filter(annexes::version.eq(WORKING_COPY))
        .select(AnnexRow::as_select())
        .load(conn)?
    {
        row.id = AnnexId::new().to_string();
        row.version = version;
        diesel::insert_into(annexes::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Refuses a submission whose working copy does not meet its challenge's annex rules as they are now.
pub(crate) fn check_required(
    conn: &mut DbConnection,
    proposal: &Proposal,
    rules: &AnnexRules,
) -> Result<(), StoreError> {
    let working = annexes_of(conn, &proposal.id.to_string(), WORKING_COPY)?;
    let missing = annex::missing_for_submission(rules, &working);
    if missing.is_empty() { Ok(()) } else { Err(DomainError::Invalid(missing).into()) }
}

/// Holds the registry row of `sha256` until the transaction ends (inserting it first when missing), so
/// that uploads and deletions of the same bytes run one after the other.
fn hold_object(conn: &mut DbConnection, sha256: &str, size: i64, now: NaiveDateTime) -> Result<(), StoreError> {
    let row = (annex_objects::sha256.eq(sha256), annex_objects::size.eq(size), annex_objects::created_at.eq(now));
    match conn {
        DbConnection::Pg(pg) => {
            diesel::insert_into(annex_objects::table).values(row).on_conflict_do_nothing().execute(pg)?;
            let _: Option<String> =
                annex_objects::table.find(sha256).select(annex_objects::sha256).for_update().first(pg).optional()?;
        }
        // SQLite writes one transaction at a time (`BEGIN IMMEDIATE`): nothing comes between the read and
        // the insert, and the transaction holds the file until it ends.
        other => {
            let exists =
                annex_objects::table.find(sha256).select(annex_objects::sha256).first::<String>(other).optional()?;
            if exists.is_none() {
                diesel::insert_into(annex_objects::table).values(row).execute(other)?;
            }
        }
    }
    Ok(())
}

/// A received file, checked against nothing yet but its content.
#[derive(Debug, Clone)]
pub struct NewAnnex {
    /// The rule's key.
    pub rule: String,
    /// The file's name as sent (cleaned here).
    pub filename: String,
    /// What it was found to be.
    pub inspected: Inspected,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
    /// With the same name, replace the working copy's file of that rule and name (the raw `PUT`).
    pub replace_same_name: bool,
}

/// What an upload did.
#[derive(Debug, Clone)]
pub struct Uploaded {
    /// The annex.
    pub annex: Annex,
    /// Whether it replaced one (whose object the caller releases).
    pub replaced: Option<String>,
}

/// The proposal, its challenge's rules and its working copy, for the team about to upload.
#[derive(Debug, Clone)]
pub struct AnnexForm {
    /// The proposal.
    pub proposal: Proposal,
    /// Its challenge's rules.
    pub rules: AnnexRules,
    /// Its working copy.
    pub working: Vec<Annex>,
}

impl Store {
    /// What `actor` needs before sending a file to proposal `id`: the proposal (visible, editable by them),
    /// its challenge's rules and its working copy.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`not_editable`).
    pub fn annex_form(&self, actor: &Actor, id: ProposalId) -> Result<AnnexForm, StoreError> {
        self.db.read(|conn| {
            let proposal = load_visible(conn, actor, id)?;
            proposal.check_edit(actor)?;
            let rules = load_challenge(conn, &proposal.challenge_id.to_string())?.content.annexes;
            let working = annexes_of(conn, &id.to_string(), WORKING_COPY)?;
            Ok(AnnexForm { proposal, rules, working })
        })
    }

    /// Adds a received file to proposal `id`'s working copy (its team, while editable): the rule and the
    /// file checked again under the proposal's lock, the registry row held, `ensure` called to make sure the
    /// object is stored, then the row and the audit entry written.
    ///
    /// # Errors
    /// As [`domain::annex::check_upload`] and [`domain::annex::check_file`]; `Unavailable` when `ensure`
    /// fails.
    pub fn annex_add(
        &self,
        actor: &Actor,
        id: ProposalId,
        new: &NewAnnex,
        ensure: &dyn Fn() -> Result<(), String>,
    ) -> Result<Uploaded, StoreError> {
        self.db.write(|conn| {
            let pid = id.to_string();
            crate::locks::proposal(conn, &pid, crate::locks::Hold::Update)?;
            let now = self.db.now();
            let proposal = load_visible(conn, actor, id)?;
            let rules = load_challenge(conn, &proposal.challenge_id.to_string())?.content.annexes;
            let working = annexes_of(conn, &pid, WORKING_COPY)?;
            let present: Vec<&Annex> = working.iter().filter(|a| a.rule == new.rule).collect();
            let replaced =
                present.iter().find(|a| new.replace_same_name && a.is_named(&new.filename)).map(|a| (*a).clone());
            let rule = annex::check_upload(&rules, &proposal, actor, &new.rule, present.len(), replaced.is_some())?;
            let kind = annex::check_file(rule, &new.inspected)?;
            let filename = annex::clean_filename(&new.filename, kind);
            let size = i64::try_from(new.inspected.size).map_err(|e| StoreError::internal("annexes.size", e))?;
            hold_object(conn, &new.sha256, size, now)?;
            ensure().map_err(StoreError::Unavailable)?;
            if let Some(old) = &replaced {
                diesel::delete(annexes::table.find(old.id.to_string())).execute(conn)?;
            }
            let annex = Annex {
                id: AnnexId::new(),
                proposal_id: id,
                version: WORKING_COPY,
                rule: rule.key.clone(),
                filename,
                kind,
                size: new.inspected.size,
                sha256: new.sha256.clone(),
                pages: new.inspected.pages,
                uploaded_by: actor.user_id,
                created_at: utc(now),
            };
            diesel::insert_into(annexes::table).values(AnnexRow::of(&annex)?).execute(conn)?;
            touch(conn, &pid, now)?;
            let event = AuditEvent::new(Some(actor.user_id), "annex.uploaded", "proposal", &pid)
                .with("annex", annex.id.to_string())
                .with("rule", annex.rule.clone())
                .with("sha256", annex.sha256.clone())
                .with("size", annex.size.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(Uploaded { annex, replaced: replaced.map(|a| a.sha256) })
        })
    }

    /// Deletes an annex of a working copy (its proposal's team, while editable); returns its SHA-256, for the
    /// caller to release the object once no annex names it.
    ///
    /// # Errors
    /// `NotFound` for an annex the actor does not read; `Forbidden`/`Conflict` as editing the proposal;
    /// `Conflict` (`annex_frozen`) for a submitted version's.
    pub fn annex_delete(&self, actor: &Actor, annex_id: AnnexId) -> Result<String, StoreError> {
        self.db.write(|conn| {
            let row = annex_row(conn, annex_id)?;
            crate::locks::proposal(conn, &row.proposal_id, crate::locks::Hold::Update)?;
            let now = self.db.now();
            let (proposal, annex) = readable(conn, actor, annex_id)?;
            proposal.check_edit(actor)?;
            if !annex.is_working() {
                return Err(DomainError::conflict("annex_frozen", "a submitted version's annexes never change").into());
            }
            diesel::delete(annexes::table.find(annex_id.to_string())).execute(conn)?;
            let pid = proposal.id.to_string();
            touch(conn, &pid, now)?;
            let event = AuditEvent::new(Some(actor.user_id), "annex.deleted", "proposal", &pid)
                .with("annex", annex_id.to_string())
                .with("rule", annex.rule.clone());
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(annex.sha256)
        })
    }

    /// Deletes the object `sha256` when no annex names it: its registry row held (created when missing, for
    /// an object a crash left without one), the annexes counted, then `delete` called and the registry row
    /// removed. Returns whether it was deleted.
    ///
    /// # Errors
    /// `Unavailable` when `delete` fails (the registry row stays; a later sweep tries again).
    pub fn annex_release(
        &self,
        sha256: &str,
        size: i64,
        delete: &dyn Fn() -> Result<(), String>,
    ) -> Result<bool, StoreError> {
        self.db.write_untracked(|conn| {
            let now = self.db.now();
            hold_object(conn, sha256, size.max(1), now)?;
            let named: i64 = annexes::table.filter(annexes::sha256.eq(sha256)).count().get_result(conn)?;
            if named > 0 {
                return Ok(false);
            }
            delete().map_err(StoreError::Unavailable)?;
            diesel::delete(annex_objects::table.find(sha256)).execute(conn)?;
            Ok(true)
        })
    }

    /// The annexes of proposal `id` that `actor` reads: its working copy (its team, hub managers) and every
    /// submitted version's, newest version first.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden` as reading the proposal.
    pub fn annexes_list(
        &self,
        actor: &Actor,
        id: ProposalId,
    ) -> Result<(Proposal, AnnexRules, Vec<Annex>), StoreError> {
        self.db.read(|conn| {
            let proposal = load_visible(conn, actor, id)?;
            let mut all: Vec<Annex> = annexes::table
                .filter(annexes::proposal_id.eq(id.to_string()))
                .order((annexes::version.desc(), annexes::rule_key, annexes::created_at, annexes::id))
                .select(AnnexRow::as_select())
                .load(conn)?
                .into_iter()
                .map(AnnexRow::into_annex)
                .collect::<Result<_, _>>()?;
            // The working copy first, then the versions, newest first.
            all.sort_by_key(|a| (!a.is_working(), -a.version));
            let duties = duties(conn, actor, &id.to_string())?;
            all.retain(|a| a.readable_by(actor, &proposal, &duties));
            let rules = load_challenge(conn, &proposal.challenge_id.to_string())?.content.annexes;
            Ok((proposal, rules, all))
        })
    }

    /// One annex `actor` reads, with its proposal.
    ///
    /// # Errors
    /// `NotFound` (also for an annex of a proposal they do not see, or a working copy not theirs);
    /// `Forbidden` for an assigned evaluator who has not confirmed having no conflict of interest.
    pub fn annex_get(&self, actor: &Actor, annex_id: AnnexId) -> Result<(Proposal, Annex), StoreError> {
        self.db.read(|conn| readable(conn, actor, annex_id))
    }

    /// The evaluator `actor`'s bundle: for every proposal assigned to them, the annexes of the latest version
    /// they read ([`annex::evaluator_reads`]: assigned, cleared of conflicts, not declined), with the proposals'
    /// titles.
    ///
    /// # Errors
    /// `Forbidden` for someone who is not an evaluator.
    pub fn annexes_assigned(&self, actor: &Actor) -> Result<Vec<(Proposal, Vec<Annex>)>, StoreError> {
        if !actor.has_role(Role::Evaluator) {
            return Err(DomainError::Forbidden("only evaluators have assigned proposals".to_owned()).into());
        }
        actor.require_scope(domain::Scope::ReviewsRead)?;
        self.db.read(|conn| {
            let ids: Vec<String> = assignments::table
                .filter(assignments::evaluator_id.eq(actor.user_id.to_string()))
                .filter(assignments::conflict_confirmed_at.is_not_null())
                .select(assignments::proposal_id)
                .distinct()
                .order(assignments::proposal_id)
                .load(conn)?;
            let mut bundle = Vec::new();
            for id in ids {
                let duties = duties(conn, actor, &id)?;
                let latest = duties.iter().map(|d| d.version).filter(|v| annex::evaluator_reads(&duties, *v)).max();
                let Some(version) = latest else { continue };
                let proposal = load_visible(conn, actor, parse_stored("proposals.id", &id)?)?;
                let files = annexes_of(conn, &id, version)?;
                if !files.is_empty() {
                    bundle.push((proposal, files));
                }
            }
            Ok(bundle)
        })
    }

    /// Whether any annex names the object `sha256` (for the sweep, before it takes the registry row).
    ///
    /// # Errors
    /// A database error.
    pub fn annex_object_named(&self, sha256: &str) -> Result<bool, StoreError> {
        self.db.read(|conn| {
            let named: i64 = annexes::table.filter(annexes::sha256.eq(sha256)).count().get_result(conn)?;
            Ok(named > 0)
        })
    }
}

fn annex_row(conn: &mut DbConnection, annex_id: AnnexId) -> Result<AnnexRow, StoreError> {
    annexes::table
        .find(annex_id.to_string())
        .select(AnnexRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("annex"))
}

/// The annex and its proposal, when `actor` reads both.
fn readable(conn: &mut DbConnection, actor: &Actor, annex_id: AnnexId) -> Result<(Proposal, Annex), StoreError> {
    let annex = annex_row(conn, annex_id)?.into_annex()?;
    let proposal = load_visible(conn, actor, annex.proposal_id).map_err(|e| match e {
        StoreError::Domain(DomainError::NotFound(_)) => StoreError::not_found("annex"),
        other => other,
    })?;
    let duties = duties(conn, actor, &annex.proposal_id.to_string())?;
    if !annex.readable_by(actor, &proposal, &duties) {
        return Err(StoreError::not_found("annex"));
    }
    Ok((proposal, annex))
}

/// `actor`'s assignments to evaluate proposal `id`, as the annex rule reads them (none for whoever is no
/// evaluator).
fn duties(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<Vec<Duty>, StoreError> {
    if !actor.has_role(Role::Evaluator) {
        return Ok(Vec::new());
    }
    let rows: Vec<(i32, ReviewState, Option<NaiveDateTime>)> = assignments::table
        .filter(assignments::proposal_id.eq(id))
        .filter(assignments::evaluator_id.eq(actor.user_id.to_string()))
        .select((assignments::proposal_version, assignments::state, assignments::conflict_confirmed_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(version, state, confirmed)| Duty { version, state, cleared: confirmed.is_some() })
        .collect())
}

/// A change to the working copy is a change to the proposal: its revision (the ETag) moves on.
fn touch(conn: &mut DbConnection, pid: &str, now: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(proposals::table.find(pid))
        .set((proposals::revision.eq(proposals::revision + 1), proposals::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}
