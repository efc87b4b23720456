//! Verifying the chain: every entry's MAC and link in order, no gap, and the last entry equal to the
//! recorded head; the first thing that does not hold is named.

use std::fmt;

use diesel::prelude::*;

use super::{AuditKey, AuditRow, GENESIS, HeadRow, load_head};
use crate::Store;
use crate::error::StoreError;
use crate::schema::audit_log;

/// The recorded head of an intact chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    /// The last entry.
    pub seq: i64,
    /// Its MAC.
    pub hash: String,
    /// The last entry written before the chain was keyed (0: none).
    pub unkeyed_until: i64,
}

/// Why a chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditBreak {
    /// The entry's MAC does not match its content (for an entry before the key: its hash).
    MacMismatch,
    /// The entry does not link to the previous entry's MAC.
    LinkMismatch,
    /// Entries from `missing_from` up to this one are missing.
    SequenceGap {
        /// The first missing entry.
        missing_from: i64,
    },
    /// There is no head: it was removed.
    HeadMissing,
    /// The head's own MAC does not match it: it was forged.
    HeadForged,
    /// The chain ends before the recorded head: the last entries, up to `head_seq`, were removed.
    Truncated {
        /// The last entry the head records.
        head_seq: i64,
    },
    /// Entries after the recorded head, written without the key.
    BeyondHead {
        /// The last entry the head records.
        head_seq: i64,
    },
    /// The last entry is not the one the head records.
    HeadMismatch,
}

impl AuditBreak {
    /// The stable name of the break, as the API and the pages give it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MacMismatch => "mac_mismatch",
            Self::LinkMismatch => "link_mismatch",
            Self::SequenceGap { .. } => "sequence_gap",
            Self::HeadMissing => "head_missing",
            Self::HeadForged => "head_forged",
            Self::Truncated { .. } => "truncated",
            Self::BeyondHead { .. } => "beyond_head",
            Self::HeadMismatch => "head_mismatch",
        }
    }
}

impl fmt::Display for AuditBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MacMismatch => f.write_str("its MAC does not match its content (rewritten)"),
            Self::LinkMismatch => f.write_str("it does not link to the previous entry's MAC"),
            Self::SequenceGap { missing_from } => write!(f, "entries from {missing_from} up to it are missing"),
            Self::HeadMissing => f.write_str("the recorded head is missing (removed)"),
            Self::HeadForged => f.write_str("the recorded head's MAC does not match it (forged)"),
            Self::Truncated { head_seq } => {
                write!(f, "the chain ends before the recorded head at entry {head_seq} (truncated)")
            }
            Self::BeyondHead { head_seq } => {
                write!(f, "it comes after the recorded head at entry {head_seq} (added without the key)")
            }
            Self::HeadMismatch => f.write_str("the recorded head names another last entry"),
        }
    }
}

/// The result of verifying the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerification {
    /// Every entry's MAC and link match, and the last entry is the recorded head.
    Intact {
        /// Entries verified.
        entries: u64,
        /// The recorded head (`None` while not sealed yet: only before the hub first opened the
        /// database with a key).
        head: Option<AuditHead>,
    },
    /// The first entry that does not verify, and why.
    Broken {
        /// The entry (for a missing head or a truncation: the first entry missing).
        seq: i64,
        /// Why.
        reason: AuditBreak,
    },
    /// The chain was written with another key than the one given.
    WrongKey {
        /// The id of the key that sealed the head.
        sealed_with: String,
        /// The id of the key given.
        given: String,
    },
}

/// Walks the chain in `seq` order, one entry at a time, and names the first that does not verify.
struct Walk<'k> {
    key: &'k AuditKey,
    /// The last entry written before the key; `None` when the head that records it is missing: then
    /// entries pass with either formula until the first keyed one.
    unkeyed_until: Option<i64>,
    prev_seq: i64,
    prev_hash: String,
    entries: u64,
}

impl Walk<'_> {
    fn step(&mut self, row: AuditRow) -> Result<(), AuditVerification> {
        let broken = |reason| Err(AuditVerification::Broken { seq: row.seq, reason });
        if row.seq != self.prev_seq + 1 {
            return broken(AuditBreak::SequenceGap { missing_from: self.prev_seq + 1 });
        }
        if row.prev_hash != self.prev_hash {
            return broken(AuditBreak::LinkMismatch);
        }
        let matches = match self.unkeyed_until {
            Some(last) if row.seq <= last => row.unkeyed_hash() == row.hash,
            Some(_) => row.mac(self.key) == row.hash,
            None if row.unkeyed_hash() == row.hash => true,
            None => {
                self.unkeyed_until = Some(self.prev_seq);
                row.mac(self.key) == row.hash
            }
        };
        if !matches {
            return broken(AuditBreak::MacMismatch);
        }
        self.prev_seq = row.seq;
        self.prev_hash = row.hash;
        self.entries += 1;
        Ok(())
    }

    /// The verdict once every entry passed: the last one must be the recorded head.
    fn finish(self, head: Option<HeadRow>) -> AuditVerification {
        let Some(head) = head else {
            return AuditVerification::Broken { seq: self.prev_seq + 1, reason: AuditBreak::HeadMissing };
        };
        let broken = |seq, reason| AuditVerification::Broken { seq, reason };
        if head.sealed() && head.mac(self.key) != head.mac {
            return broken(head.seq, AuditBreak::HeadForged);
        }
        if self.prev_seq < head.seq {
            return broken(self.prev_seq + 1, AuditBreak::Truncated { head_seq: head.seq });
        }
        if self.prev_seq > head.seq {
            return broken(head.seq + 1, AuditBreak::BeyondHead { head_seq: head.seq });
        }
        if self.prev_hash != head.hash {
            return broken(head.seq, AuditBreak::HeadMismatch);
        }
        let sealed =
            head.sealed().then_some(AuditHead { seq: head.seq, hash: head.hash, unkeyed_until: head.unkeyed_until });
        AuditVerification::Intact { entries: self.entries, head: sealed }
    }
}

impl Store {
    /// Verifies the whole chain with this store's key: every entry's MAC and link, no gap, and the
    /// last entry equal to the recorded head.
    ///
    /// # Errors
    /// When the database fails.
    pub fn audit_verify(&self) -> Result<AuditVerification, StoreError> {
        let key = &self.audit_key;
        self.db.snapshot(|conn| {
            let head = load_head(conn)?;
            if let Some(head) = head.as_ref().filter(|h| h.sealed() && h.key_id != key.id()) {
                return Ok(AuditVerification::WrongKey {
                    sealed_with: head.key_id.clone(),
                    given: key.id().to_owned(),
                });
            }
            let unkeyed_until = head.as_ref().map(|h| h.unkeyed_until);
            let mut walk = Walk { key, unkeyed_until, prev_seq: 0, prev_hash: GENESIS.to_owned(), entries: 0 };
            loop {
                let rows: Vec<AuditRow> = audit_log::table
                    .select(AuditRow::as_select())
                    .filter(audit_log::seq.gt(walk.prev_seq))
                    .order(audit_log::seq.asc())
                    .limit(1000)
                    .load(conn)?;
                if rows.is_empty() {
                    return Ok(walk.finish(head));
                }
                for row in rows {
                    if let Err(verdict) = walk.step(row) {
                        return Ok(verdict);
                    }
                }
            }
        })
    }
}
