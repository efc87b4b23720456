//! The append-only, hash-chained audit log.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{AuditEvent, Page, PageRequest};
use sha2::{Digest, Sha256};

use crate::Store;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::audit_log;

/// The hash the chain starts from.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An `audit_log` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
struct AuditRow {
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
    /// The hash of this row's content chained to the previous row's hash.
    fn compute_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            self.prev_hash.as_str(),
            &self.seq.to_string(),
            &self.id,
            &self.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
            self.actor_id.as_deref().unwrap_or(""),
            &self.action,
            &self.target_type,
            &self.target_id,
            &self.details,
        ] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        hex::encode(hasher.finalize())
    }
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
    /// This row's hash.
    pub hash: String,
}

/// The result of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerification {
    /// Every row's hash matches; this many rows.
    Intact(u64),
    /// The first row whose hash or link does not match.
    BrokenAt(i64),
}

/// Appends `event` to the chain inside the caller's transaction.
pub(crate) fn append(conn: &mut DbConnection, event: &AuditEvent, now: NaiveDateTime) -> Result<(), StoreError> {
    if let DbConnection::Pg(pg) = conn {
        // Serialises appenders across connections and hub instances until this transaction ends.
        diesel::sql_query("SELECT pg_advisory_xact_lock(727465)").execute(pg)?;
    }
    let last: Option<(i64, String)> = audit_log::table
        .select((audit_log::seq, audit_log::hash))
        .order(audit_log::seq.desc())
        .first(conn)
        .optional()?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_owned()));
    let details = serde_json_object(&event.details);
    let mut row = AuditRow {
        seq: prev_seq + 1,
        id: domain::ids::new_id().to_string(),
        occurred_at: now,
        actor_id: event.actor.map(|a| a.to_string()),
        action: event.action.to_owned(),
        target_type: event.target_type.to_owned(),
        target_id: event.target_id.clone(),
        details,
        prev_hash,
        hash: String::new(),
    };
    row.hash = row.compute_hash();
    diesel::insert_into(audit_log::table).values(&row).execute(conn)?;
    Ok(())
}

fn serde_json_object(details: &std::collections::BTreeMap<String, String>) -> String {
    serde_json::to_string(details).unwrap_or_else(|_| "{}".to_owned())
}

impl Store {
    /// A page of the audit log, newest first, optionally for one target type or actor.
    ///
    /// # Errors
    /// When the database fails.
    pub fn audit_list(
        &self,
        target_type: Option<String>,
        actor_id: Option<String>,
        page: &PageRequest,
    ) -> Result<Page<AuditEntry>, StoreError> {
        self.db.read(|conn| {
            let mut query = audit_log::table.select(AuditRow::as_select()).order(audit_log::seq.desc()).into_boxed();
            if let Some(target_type) = target_type {
                query = query.filter(audit_log::target_type.eq(target_type));
            }
            if let Some(actor_id) = actor_id {
                query = query.filter(audit_log::actor_id.eq(actor_id));
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

    /// Recomputes the whole chain and names the first row that does not match.
    ///
    /// # Errors
    /// When the database fails.
    pub fn audit_verify(&self) -> Result<AuditVerification, StoreError> {
        self.db.snapshot(|conn| {
            let mut prev_hash = GENESIS.to_owned();
            let mut prev_seq = 0;
            let mut count = 0u64;
            loop {
                let rows: Vec<AuditRow> = audit_log::table
                    .select(AuditRow::as_select())
                    .filter(audit_log::seq.gt(prev_seq))
                    .order(audit_log::seq.asc())
                    .limit(1000)
                    .load(conn)?;
                if rows.is_empty() {
                    return Ok(AuditVerification::Intact(count));
                }
                for row in rows {
                    if row.seq != prev_seq + 1 || row.prev_hash != prev_hash || row.compute_hash() != row.hash {
                        return Ok(AuditVerification::BrokenAt(row.seq));
                    }
                    prev_seq = row.seq;
                    prev_hash = row.hash;
                    count += 1;
                }
            }
        })
    }
}
