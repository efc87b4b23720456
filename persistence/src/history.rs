//! A proposal's history and its submitted versions, as their reader may read them.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::duties::reads_internal_record;
use domain::{Actor, ProposalContent, ProposalId, ProposalState};

use crate::Store;
use crate::error::StoreError;
use crate::proposals::load_visible;
use crate::rows::utc;
use crate::schema::{proposal_history, proposal_versions, users};

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
    pub from_state: Option<ProposalState>,
    /// The state after.
    pub to_state: ProposalState,
    /// The note given with the move.
    pub note: Option<String>,
    /// Why a decision overrode the rules (hub managers and admins only).
    pub override_reason: Option<String>,
    /// Whether a decision followed the portfolio the hub proposed (`followed` or `departed`; hub
    /// managers and admins only).
    pub portfolio: Option<String>,
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
    from_state: Option<ProposalState>,
    to_state: ProposalState,
    note: Option<String>,
    override_reason: Option<String>,
    portfolio: Option<String>,
    version: i32,
    occurred_at: NaiveDateTime,
}

impl Store {
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
                    proposal_history::portfolio,
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
                    portfolio: r.portfolio.filter(|_| internal),
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
