//! The expertise vocabulary: hub managers add, word and retire its terms; evaluators declare theirs
//! from it ([`domain::expertise`]). Retiring a term takes it from every evaluator who declared it, in
//! the same transaction, so the vocabulary always covers every declared tag.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{Actor, AuditEvent, ExpertiseTerm, Role, User};

use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::load_user;
use crate::schema::{expertise_terms, user_roles, users};
use crate::stored::Named;
use crate::{Store, audit};

/// A term with how many evaluators declare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyEntry {
    /// The term.
    pub term: ExpertiseTerm,
    /// How many evaluators declare it.
    pub evaluators: u64,
}

/// Whether a term was added or reworded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermSaved {
    /// A new term.
    Added,
    /// An existing term, reworded (or unchanged).
    Reworded,
}

/// Whether the vocabulary has `tag`.
fn known(conn: &mut DbConnection, tag: &str) -> Result<bool, StoreError> {
    let found: i64 = expertise_terms::table.filter(expertise_terms::tag.eq(tag)).count().get_result(conn)?;
    Ok(found > 0)
}

/// Adds `term` (its tag not in the vocabulary yet).
fn insert(conn: &mut DbConnection, term: &ExpertiseTerm, now: NaiveDateTime) -> Result<(), StoreError> {
    diesel::insert_into(expertise_terms::table)
        .values((
            expertise_terms::tag.eq(&term.tag),
            expertise_terms::label_it.eq(&term.label_it),
            expertise_terms::label_en.eq(&term.label_en),
            expertise_terms::created_at.eq(now),
            expertise_terms::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Adds each of `tags` the vocabulary lacks, labelled by the tag: for operators' and seeds' accounts.
pub(crate) fn ensure_terms(
    conn: &mut DbConnection,
    tags: &BTreeSet<String>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    for tag in tags {
        if !known(conn, tag)? {
            let term = ExpertiseTerm { tag: tag.clone(), label_it: tag.clone(), label_en: None };
            insert(conn, &term, now)?;
        }
    }
    Ok(())
}

fn vocabulary(conn: &mut DbConnection) -> Result<BTreeSet<String>, StoreError> {
    Ok(expertise_terms::table.select(expertise_terms::tag).load::<String>(conn)?.into_iter().collect())
}

/// The evaluators' ids and declared tags (as stored: a JSON array).
fn declared(conn: &mut DbConnection) -> Result<Vec<(String, BTreeSet<String>)>, StoreError> {
    let rows: Vec<(String, String)> =
        users::table
            .filter(users::id.eq_any(
                user_roles::table.filter(user_roles::role.eq(Named(Role::Evaluator))).select(user_roles::user_id),
            ))
            .select((users::id, users::expertise))
            .load(conn)?;
    rows.into_iter()
        .map(|(id, tags)| {
            let tags = serde_json::from_str(&tags).map_err(|e| StoreError::internal("users.expertise", e))?;
            Ok((id, tags))
        })
        .collect()
}

impl Store {
    /// The vocabulary by tag, each term with how many evaluators declare it: for everyone signed in
    /// (evaluators choose from it, hub managers curate it).
    ///
    /// # Errors
    /// When the database fails.
    pub fn expertise_vocabulary(&self) -> Result<Vec<VocabularyEntry>, StoreError> {
        self.db.read(|conn| {
            let rows: Vec<(String, String, Option<String>)> = expertise_terms::table
                .select((expertise_terms::tag, expertise_terms::label_it, expertise_terms::label_en))
                .order(expertise_terms::tag.asc())
                .load(conn)?;
            let declared = declared(conn)?;
            Ok(rows
                .into_iter()
                .map(|(tag, label_it, label_en)| {
                    let evaluators = declared.iter().filter(|(_, tags)| tags.contains(&tag)).count() as u64;
                    VocabularyEntry { term: ExpertiseTerm { tag, label_it, label_en }, evaluators }
                })
                .collect())
        })
    }

    /// Adds `term` to the vocabulary unless its tag is there (seeds: what a hub manager reworded stays).
    ///
    /// # Errors
    /// When the database fails.
    pub fn expertise_term_ensure(&self, term: &ExpertiseTerm) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            if !known(conn, &term.tag)? {
                insert(conn, term, now)?;
            }
            Ok(())
        })
    }

    /// Adds `term` to the vocabulary, or rewords the term with its tag (hub managers); audited.
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn expertise_term_save(&self, actor: &Actor, term: &ExpertiseTerm) -> Result<TermSaved, StoreError> {
        actor.may_curate_expertise()?;
        let now = self.db.now();
        self.db.write(|conn| {
            let saved = if known(conn, &term.tag)? {
                diesel::update(expertise_terms::table.find(&term.tag))
                    .set((
                        expertise_terms::label_it.eq(&term.label_it),
                        expertise_terms::label_en.eq(&term.label_en),
                        expertise_terms::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                TermSaved::Reworded
            } else {
                insert(conn, term, now)?;
                TermSaved::Added
            };
            let action = if saved == TermSaved::Added { "expertise.term_added" } else { "expertise.term_reworded" };
            audit::append(
                conn,
                &self.audit_key,
                &AuditEvent::new(Some(actor.user_id), action, "expertise", &term.tag),
                now,
            )?;
            Ok(saved)
        })
    }

    /// Retires term `tag` (hub managers): it leaves the vocabulary and every evaluator's expertise, in
    /// one transaction; audited with how many evaluators lost it.
    ///
    /// # Errors
    /// `Forbidden`; `NotFound` for a tag the vocabulary lacks.
    pub fn expertise_term_retire(&self, actor: &Actor, tag: &str) -> Result<u64, StoreError> {
        actor.may_curate_expertise()?;
        let now = self.db.now();
        self.db.write(|conn| {
            if diesel::delete(expertise_terms::table.find(tag)).execute(conn)? != 1 {
                return Err(StoreError::not_found("expertise term"));
            }
            let mut lost = 0_u64;
            for (id, mut tags) in declared(conn)? {
                if tags.remove(tag) {
                    lost += 1;
                    let json = serde_json::to_string(&tags).map_err(|e| StoreError::internal("users.expertise", e))?;
                    diesel::update(users::table.find(&id))
                        .set((users::expertise.eq(json), users::updated_at.eq(now)))
                        .execute(conn)?;
                }
            }
            let event = AuditEvent::new(Some(actor.user_id), "expertise.term_retired", "expertise", tag)
                .with("evaluators", lost.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(lost)
        })
    }

    /// Sets the actor's own expertise (evaluators), each tag a term of the vocabulary.
    ///
    /// # Errors
    /// `Forbidden` for anyone but an evaluator; `Invalid` for unknown tags or too many.
    pub fn my_expertise_set(&self, actor: &Actor, chosen: &[String]) -> Result<User, StoreError> {
        actor.may_declare_expertise()?;
        let now = self.db.now();
        self.db.write(|conn| {
            let tags = domain::expertise::choose(chosen, &vocabulary(conn)?)?;
            let json = serde_json::to_string(&tags).map_err(|e| StoreError::internal("users.expertise", e))?;
            let id = actor.user_id.to_string();
            diesel::update(users::table.find(&id))
                .set((users::expertise.eq(json), users::updated_at.eq(now)))
                .execute(conn)?;
            let event = AuditEvent::new(Some(actor.user_id), "user.expertise_changed", "user", &id)
                .with("expertise", tags.iter().cloned().collect::<Vec<_>>().join(","));
            audit::append(conn, &self.audit_key, &event, now)?;
            load_user(conn, &id)
        })
    }
}
