//! The append-only, keyed audit log.
//!
//! Each entry carries the previous entry's MAC and its own: HMAC-SHA256, with a key the database never
//! holds ([`AuditKey`], `HUB_AUDIT_KEY`), over that link and the entry's content. The head (`audit_head`,
//! one row: the last entry's `seq` and MAC, itself under a MAC) moves in the same transaction as each
//! append, so removing the last entries is caught too. Triggers refuse UPDATE and DELETE on both
//! tables. Someone who can write the database but lacks the key can neither rewrite an entry (and
//! recompute the rest) nor cut the chain short without [`Store::audit_verify`] naming where.
//!
//! Entries written before the chain was keyed (`seq <= unkeyed_until`) keep their unkeyed SHA-256
//! hash. The hub sealed the head over them ([`Store::audit_seal`]) when it first started with a key,
//! and the first keyed entry links to the last unkeyed one: rewriting that prefix shows at the first
//! keyed entry (or, before there is one, at the head).

use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{AuditEvent, Page, PageRequest};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::Store;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::{audit_head, audit_log};

#[cfg(test)]
mod tests;
mod verify;

pub use verify::{AuditBreak, AuditHead, AuditVerification};

/// The hash the chain starts from.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key of the audit chain's MACs. It lives outside the database (`HUB_AUDIT_KEY`, or a file
/// beside the embedded database); its `Debug` prints nothing.
#[derive(Clone)]
pub struct AuditKey {
    /// HMAC-SHA256 with the key set up, cloned for each MAC.
    hmac: Hmac<Sha256>,
    /// See [`AuditKey::id`].
    id: String,
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(***)")
    }
}

impl AuditKey {
    /// A key from its secret bytes.
    ///
    /// # Errors
    /// `Internal` when HMAC refuses the key (it takes keys of any length).
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, StoreError> {
        let hmac = Hmac::<Sha256>::new_from_slice(secret.as_ref()).map_err(|e| StoreError::internal("audit key", e))?;
        let mut key = Self { hmac, id: String::new() };
        key.id = key.mac(&["innovation-hub audit key id"])[..16].to_owned();
        Ok(key)
    }

    /// HMAC-SHA256 over `parts`, each length-prefixed so that no two lists give the same input.
    fn mac(&self, parts: &[&str]) -> String {
        let mut mac = self.hmac.clone();
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// A 32-byte key for another purpose (`label`), derived from this one: the webhooks' secrets are sealed
    /// with one, so that the database alone never yields them.
    pub(crate) fn derive(&self, label: &str) -> [u8; 32] {
        let mut mac = self.hmac.clone();
        mac.update(b"innovation-hub derived key\0");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A public name of the key, stored in the head: tells a wrong key from a tampered chain without
    /// revealing anything about the key.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// An `audit_log` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub(crate) struct AuditRow {
    seq: i64,
    id: String,
    occurred_at: NaiveDateTime,
    actor_id: Option<String>,
    action: String,
    target_type: String,
    target_id: String,
    details: String,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    fn content(&self) -> [String; 9] {
        [
            self.prev_hash.clone(),
            self.seq.to_string(),
            self.id.clone(),
            self.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
            self.actor_id.clone().unwrap_or_default(),
            self.action.clone(),
            self.target_type.clone(),
            self.target_id.clone(),
            self.details.clone(),
        ]
    }

    /// The MAC of this row's content chained to the previous row's MAC.
    pub(crate) fn mac(&self, key: &AuditKey) -> String {
        let content = self.content();
        let mut parts = vec!["entry"];
        parts.extend(content.iter().map(String::as_str));
        key.mac(&parts)
    }

    /// The hash of a row written before the chain was keyed: SHA-256, no key.
    pub(crate) fn unkeyed_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for part in self.content() {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        hex::encode(hasher.finalize())
    }
}

/// The `audit_head` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = audit_head)]
pub(crate) struct HeadRow {
    id: i32,
    seq: i64,
    hash: String,
    unkeyed_until: i64,
    key_id: String,
    mac: String,
}

impl HeadRow {
    pub(crate) fn mac(&self, key: &AuditKey) -> String {
        let (seq, unkeyed_until) = (self.seq.to_string(), self.unkeyed_until.to_string());
        key.mac(&["head", &seq, &self.hash, &unkeyed_until, &self.key_id])
    }

    pub(crate) fn sealed(&self) -> bool {
        !self.key_id.is_empty()
    }

    /// This head moved to `seq`/`hash` and sealed with `key`.
    fn moved(&self, seq: i64, hash: String, key: &AuditKey) -> Self {
        let mut next = Self { seq, hash, key_id: key.id().to_owned(), mac: String::new(), ..self.clone() };
        next.mac = next.mac(key);
        next
    }
}

pub(crate) fn load_head(conn: &mut DbConnection) -> Result<Option<HeadRow>, StoreError> {
    Ok(audit_head::table.find(1).select(HeadRow::as_select()).first(conn).optional()?)
}

fn save_head(conn: &mut DbConnection, head: &HeadRow) -> Result<(), StoreError> {
    diesel::update(audit_head::table.find(1)).set(head).execute(conn)?;
    Ok(())
}

/// One audit entry as admins read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the chain.
    pub seq: i64,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Who did it.
    pub actor_id: Option<String>,
    /// What happened.
    pub action: String,
    /// The kind of object.
    pub target_type: String,
    /// The object.
    pub target_id: String,
    /// Further facts (JSON object).
    pub details: String,
    /// This row's MAC (its hash, for an entry written before the chain was keyed).
    pub hash: String,
}

/// Appends `event` to the chain inside the caller's transaction, and moves the head.
///
/// # Errors
/// `Internal` when the head is missing, forged or sealed with another key: the hub refuses to extend
/// a chain it cannot vouch for.
pub(crate) fn append(
    conn: &mut DbConnection,
    key: &AuditKey,
    event: &AuditEvent,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    if let DbConnection::Pg(pg) = conn {
        // Serialises appenders across connections and hub instances until this transaction ends.
        diesel::sql_query("SELECT pg_advisory_xact_lock(727465)").execute(pg)?;
    }
    let head = load_head(conn)?.ok_or_else(|| StoreError::internal("audit log", "its head is missing"))?;
    if head.sealed() {
        if head.key_id != key.id() {
            return Err(StoreError::internal("audit log", "HUB_AUDIT_KEY is not the key its chain was written with"));
        }
        if head.mac(key) != head.mac {
            return Err(StoreError::internal("audit log", "its head does not match its MAC"));
        }
    }
    let mut row = AuditRow {
        seq: head.seq + 1,
        id: domain::ids::new_id().to_string(),
        occurred_at: now,
        actor_id: event.actor.map(|a| a.to_string()),
        action: event.action.to_owned(),
        target_type: event.target_type.to_owned(),
        target_id: event.target_id.clone(),
        details: serde_json_object(&event.details),
        prev_hash: head.hash.clone(),
        hash: String::new(),
    };
    row.hash = row.mac(key);
    diesel::insert_into(audit_log::table).values(&row).execute(conn).map_err(|e| match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::internal("audit log", "an entry after its head exists (added without the key)")
        }
        other => other.into(),
    })?;
    save_head(conn, &head.moved(row.seq, row.hash, key))?;
    // The webhooks' events: one home for "which change tells whom", in the change's transaction.
    crate::webhooks::raise(conn, event, row.seq, now)
}

fn serde_json_object(details: &std::collections::BTreeMap<String, String>) -> String {
    serde_json::to_string(details).unwrap_or_else(|_| "{}".to_owned())
}

/// What the audit list keeps: each filter set narrows it.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only entries about this kind of object, e.g. `user`.
    pub target_type: Option<String>,
    /// Only entries about this object.
    pub target_id: Option<String>,
    /// Only entries by this user.
    pub actor_id: Option<String>,
    /// Only this action, e.g. `user.roles_changed`.
    pub action: Option<String>,
    /// Only entries from this moment on.
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only entries before this moment.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// A page of the audit log, newest first, narrowed by [`AuditFilter`].
    ///
    /// # Errors
    /// When the database fails.
    pub fn audit_list(&self, filter: &AuditFilter, page: &PageRequest) -> Result<Page<AuditEntry>, StoreError> {
        self.db.read(|conn| {
            let mut query = audit_log::table.select(AuditRow::as_select()).order(audit_log::seq.desc()).into_boxed();
            if let Some(target_type) = &filter.target_type {
                query = query.filter(audit_log::target_type.eq(target_type.clone()));
            }
            if let Some(target_id) = &filter.target_id {
                query = query.filter(audit_log::target_id.eq(target_id.clone()));
            }
            if let Some(actor_id) = &filter.actor_id {
                query = query.filter(audit_log::actor_id.eq(actor_id.clone()));
            }
            if let Some(action) = &filter.action {
                query = query.filter(audit_log::action.eq(action.clone()));
            }
            if let Some(since) = filter.since {
                query = query.filter(audit_log::occurred_at.ge(since.naive_utc()));
            }
            if let Some(until) = filter.until {
                query = query.filter(audit_log::occurred_at.lt(until.naive_utc()));
            }
            if let Some(after) = &page.after {
                let after: i64 = after.parse().map_err(|_| {
                    domain::DomainError::invalid("cursor", "invalid_cursor", "is not a cursor of this list")
                })?;
                query = query.filter(audit_log::seq.lt(after));
            }
            let rows: Vec<AuditRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let entries = rows
                .into_iter()
                .map(|r| AuditEntry {
                    seq: r.seq,
                    occurred_at: utc(r.occurred_at),
                    actor_id: r.actor_id,
                    action: r.action,
                    target_type: r.target_type,
                    target_id: r.target_id,
                    details: r.details,
                    hash: r.hash,
                })
                .collect();
            Ok(Page::from_overfetch(entries, page.limit, |e: &AuditEntry| e.seq.to_string()))
        })
    }

    /// Seals the head with this store's key if it is not sealed yet (once, after the migration that
    /// keyed the chain: the entries written before are the unkeyed prefix). Returns whether the chain
    /// is sealed with this store's key.
    ///
    /// # Errors
    /// When the database fails or the head is missing.
    pub fn audit_seal(&self) -> Result<bool, StoreError> {
        self.db.write_untracked(|conn| {
            if let DbConnection::Pg(pg) = conn {
                diesel::sql_query("SELECT pg_advisory_xact_lock(727465)").execute(pg)?;
            }
            let head = load_head(conn)?.ok_or_else(|| StoreError::internal("audit log", "its head is missing"))?;
            if head.sealed() {
                return Ok(head.key_id == self.audit_key.id());
            }
            save_head(conn, &head.moved(head.seq, head.hash.clone(), &self.audit_key))?;
            tracing::info!(entries = head.seq, "sealed the audit chain with HUB_AUDIT_KEY");
            Ok(true)
        })
    }
}
