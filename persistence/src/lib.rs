//! The Innovation Hub's store: the only crate that knows Diesel.
//!
//! Every public method of [`Store`] is one database transaction: it loads rows, asks the domain for the
//! decision, writes the new state together with its audit row and outbox emails, and commits.
//! Methods are named `<aggregate>_<verb>` and live in one file per aggregate.

mod accounts;
mod administrations;
mod adoptions;
mod analytics;
mod annexes;
mod assignments;
mod audit;
mod auto_assign;
mod backend;
mod blind;
mod catalogue;
mod challenges;
mod consensus;
mod credentials;
mod db;
mod desk;
mod duties;
mod error;
mod expertise;
mod exports;
mod feedback;
mod figures;
mod files;
mod history;
mod locks;
mod membership;
#[cfg(test)]
mod migration_tests;
mod moves;
mod needs;
mod notices;
mod open_data;
mod organizations;
mod outbox;
mod oversight;
pub mod pg_admin;
mod portfolio;
mod privacy;
mod proposals;
mod quality;
mod ranking;
mod redress;
mod responses;
mod reviews;
mod rows;
mod rubric;
mod schema;
mod sessions;
mod similarity;
mod stored;
mod synthetic;
mod tokens;
mod webhooks;

use std::sync::Arc;

pub use accounts::{Membership, Recipient, Registered, UserFilter};
pub use adoptions::{Adopters, Relayed};
pub use annexes::{AnnexForm, NewAnnex, Uploaded};
pub use audit::{AuditBreak, AuditEntry, AuditFilter, AuditHead, AuditKey, AuditVerification};
pub use catalogue::{ServiceFilter, ServiceHistoryEntry, ServiceSort, ServiceView, SimilarService};
pub use challenges::{ChallengeFilter, ChallengeFollow, FollowedProposal};
pub use consensus::ConsensusView;
pub use credentials::ProfileChange;
pub use db::{DEFAULT_LOCK_TIMEOUT_MS, Engine, PoolOptions};
pub use desk::{Candidate, DecisionBasis, EvaluatorEntry, FunnelCount, OverdueReview};
pub use error::StoreError;
pub use expertise::{TermSaved, VocabularyEntry};
pub use exports::{Export, ExportNames, ReviewExport};
pub use feedback::{AnonymousReview, ConsensusRecord, EvaluationSummary, Feedback, SummaryStep};
pub use figures::Figures;
pub use history::HistoryEntry;
pub use membership::PendingInvitation;
pub use needs::{NeedEvent, NeedFilter, NeedSummary, NeedView};
pub use notices::{NoticeToDecide, NoticeView};
pub use open_data::{FunnelCounts, OpenAdoption, OpenService};
pub use organizations::OrganizationFilter;
pub use outbox::{OutboxMessage, OutboxStatus};
pub use oversight::{AUDIT_TARGETS, Oversight};
pub use privacy::PersonalData;
pub use proposals::{IdempotencyKey, ProposalFilter};
pub use quality::{EvaluatorQuality, RatingsView};
pub use ranking::{RankingInput, RankingRow};
pub use redress::{PendingRedress, RedressView};
pub use responses::ResponseView;
pub use reviews::ReviewView;
pub use sessions::SessionGrant;
pub use similarity::{SIMILAR_MAX, SimilarProposal};
pub use synthetic::{SimilarityRecall, SyntheticPlan, SyntheticReport};
pub use tokens::PersonalAccessToken;
pub use webhooks::{Attempt, Claimed, Delivery, DeliveryFilter, Endpoint, EndpointPatch, Outcome};

use db::Db;
use domain::Clock;

/// A secret to store hashed (a refresh, verification, reset or invitation token), with its lifetime.
#[derive(Debug, Clone)]
pub struct NewSecret {
    /// The SHA-256 of the secret, hex-encoded; the secret itself is never stored.
    pub hash: String,
    /// How long it is valid.
    pub ttl: chrono::Duration,
}

/// The hub's store over SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    /// The key of the audit chain's MACs, which the database never holds.
    audit_key: AuditKey,
    /// The proposals' word counts this instance keeps, for the similarity checks.
    frequencies: Arc<similarity::Frequencies>,
}

impl Store {
    /// Connects to `url` (a `postgres://` URL or a SQLite file path); audit entries are keyed with
    /// `audit_key`.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the database cannot be reached.
    pub fn connect(
        url: &str,
        options: &PoolOptions,
        clock: Arc<dyn Clock>,
        audit_key: AuditKey,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            db: Db::connect(url, options, clock)?,
            audit_key,
            frequencies: Arc::new(similarity::Frequencies::new()),
        })
    }

    /// Applies pending migrations; returns the names of those applied.
    ///
    /// # Errors
    /// When the database is unreachable or a migration fails.
    pub fn migrate(&self) -> Result<Vec<String>, StoreError> {
        self.db.migrate()
    }

    /// Whether the database answers and is fully migrated.
    ///
    /// # Errors
    /// When it does not answer or migrations are pending.
    pub fn ready(&self) -> Result<(), StoreError> {
        self.db.ready()
    }

    /// The engine.
    pub fn engine(&self) -> Engine {
        self.db.engine()
    }

    /// Open and idle connections in the pool.
    pub fn pool_state(&self) -> (u32, u32) {
        self.db.pool_state()
    }

    /// SQL statements sent to the database since the store opened, `BEGIN`, `COMMIT` and PostgreSQL's
    /// check-out probe included: the difference around a request is what the request cost.
    pub fn sql_statements(&self) -> u64 {
        self.db.statements()
    }

    /// Write transactions this store has finished (committed or rolled back) since it opened, but for
    /// the mail worker's bookkeeping (outbox rows, reminder marks): a copy of a read taken while this
    /// number stood still is as current as this process knows.
    pub fn writes(&self) -> u64 {
        self.db.writes()
    }

    /// Write transactions this store has finished that wrote catalogue services: a copy of a public
    /// catalogue page taken while this number stood still is as current as this process knows.
    pub fn catalogue_writes(&self) -> u64 {
        self.db.catalogue_writes()
    }

    /// The store's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.db.clock.now()
    }
}
