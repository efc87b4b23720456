//! Redress (issue 19; PRODUCT.md "Procedure"): within the challenge's term after a rejection — at
//! screening or after review — the team may ask for the decision to be reviewed on procedural grounds,
//! once per decision, with a statement. A hub manager other than the one who decided handles it: rejects
//! the request with a reason, or upholds it and reopens the evaluation (the proposal returns to review
//! as a new version, for new assignments; the earlier decision stays in the history).

use chrono::{DateTime, Duration, Utc};

use crate::actor::{Actor, Role};
use crate::error::{DomainError, FieldError};
use crate::ids::UserId;
use crate::named::named_enum;
use crate::proposal::{Proposal, ProposalState};
use crate::text::Note;

/// The term for a request, in days after the decision, unless the challenge sets another.
pub const REDRESS_DAYS_DEFAULT: u8 = 30;
/// The shortest term a challenge may set.
pub const REDRESS_DAYS_MIN: u8 = 10;
/// The longest term a challenge may set.
pub const REDRESS_DAYS_MAX: u8 = 90;

/// Parses a challenge's term for requests, in days.
///
/// # Errors
/// A [`FieldError`] on `field` outside [`REDRESS_DAYS_MIN`]..=[`REDRESS_DAYS_MAX`].
pub fn parse_days(field: &str, days: i64) -> Result<u8, FieldError> {
    u8::try_from(days).ok().filter(|d| (REDRESS_DAYS_MIN..=REDRESS_DAYS_MAX).contains(d)).ok_or_else(|| {
        FieldError::new(field, "out_of_range", format!("must be {REDRESS_DAYS_MIN} to {REDRESS_DAYS_MAX} days"))
    })
}

named_enum!(
    /// Where a request for review stands.
    RedressState, "state", "unknown_state" {
        /// Filed; awaiting a hub manager.
        Pending = "pending",
        /// Rejected with a reason: the decision stands.
        Rejected = "rejected",
        /// Upheld: the evaluation was reopened.
        Upheld = "upheld",
    }
);

/// The decision a request challenges: the move that rejected the proposal's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Challenged {
    /// The version decided on.
    pub version: i32,
    /// Who decided (none for a decision whose author's account is gone).
    pub by: Option<UserId>,
    /// When.
    pub at: DateTime<Utc>,
}

impl Challenged {
    /// The end of the term for a request.
    pub fn deadline(&self, days: u8) -> DateTime<Utc> {
        self.at + Duration::days(i64::from(days))
    }
}

/// A request for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedressRequest {
    /// The decision it challenges.
    pub decision: Challenged,
    /// The team's statement of the procedural grounds.
    pub statement: String,
    /// Who filed it.
    pub filed_by: UserId,
    /// When.
    pub filed_at: DateTime<Utc>,
    /// Where it stands.
    pub state: RedressState,
    /// The hub manager who handled it.
    pub handled_by: Option<UserId>,
    /// When.
    pub handled_at: Option<DateTime<Utc>>,
    /// Their reason.
    pub reason: Option<String>,
}

impl RedressRequest {
    /// Files a request on `proposal`'s rejection `decision`: a proposer of its organisation, before the
    /// term of `days` ends, once per decision.
    ///
    /// # Errors
    /// `Forbidden` (not its team's proposer); `Conflict`: `not_rejected`, `redress_exists`,
    /// `redress_closed`.
    pub fn file(
        actor: &Actor,
        proposal: &Proposal,
        decision: Challenged,
        existing: Option<&Self>,
        days: u8,
        statement: Note,
        now: DateTime<Utc>,
    ) -> Result<Self, DomainError> {
        if !proposal.is_team(actor) {
            return Err(DomainError::Forbidden("only a proposer of its organisation may ask for a review".into()));
        }
        if proposal.state != ProposalState::Rejected || decision.version != proposal.version {
            return Err(DomainError::conflict("not_rejected", "only a rejected proposal's decision can be reviewed"));
        }
        if existing.is_some() {
            return Err(DomainError::conflict("redress_exists", "a review of this decision was already requested"));
        }
        let deadline = decision.deadline(days);
        if now >= deadline {
            return Err(DomainError::conflict(
                "redress_closed",
                format!("the term for a request ended on {}", deadline.format("%Y-%m-%d %H:%M UTC")),
            ));
        }
        Ok(Self {
            decision,
            statement: statement.into_string(),
            filed_by: actor.user_id,
            filed_at: now,
            state: RedressState::Pending,
            handled_by: None,
            handled_at: None,
            reason: None,
        })
    }

    /// Handles the request: a hub manager other than the one who decided, once. `uphold` reopens the
    /// evaluation (the caller moves the proposal); otherwise the decision stands.
    ///
    /// # Errors
    /// `Forbidden` (not a hub manager, or the manager who decided); `Conflict` `redress_handled`.
    pub fn handle(&self, actor: &Actor, uphold: bool, reason: Note, now: DateTime<Utc>) -> Result<Self, DomainError> {
        if !actor.has_role(Role::HubManager) {
            return Err(DomainError::Forbidden("only a hub manager handles a request for review".into()));
        }
        if self.decision.by == Some(actor.user_id) {
            return Err(DomainError::Forbidden(
                "a request for review is handled by a hub manager other than the one who decided".into(),
            ));
        }
        if self.state != RedressState::Pending {
            return Err(DomainError::conflict("redress_handled", "the request was already handled"));
        }
        Ok(Self {
            state: if uphold { RedressState::Upheld } else { RedressState::Rejected },
            handled_by: Some(actor.user_id),
            handled_at: Some(now),
            reason: Some(reason.into_string()),
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests;
