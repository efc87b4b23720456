//! Challenges: needs posted by public administrations, with their submission window and the
//! evaluation settings their proposals are scored with.

use chrono::{DateTime, Utc};

use crate::error::DomainError;
use crate::named::named_enum;

mod content;
mod evaluation;
mod opinion;
mod sponsorship;

pub use content::*;
pub use evaluation::*;
pub use opinion::*;
pub use sponsorship::*;

crate::ids::id_type!(
    /// Identifies a challenge.
    ChallengeId,
    "challenge"
);

/// The permanent "open call" challenge, created by the first migration and always open.
pub const OPEN_CALL_SLUG: &str = "open-call";

named_enum!(
    /// Where a challenge is in its life.
    ChallengeState, "state", "unknown_state" {
        /// Being written; only hub managers and its administrations' officers see it.
        Draft = "draft",
        /// Drafted by its administration and sent to the hub; awaiting a hub manager, who opens it or
        /// returns it with a note.
        InReview = "in_review",
        /// Published; accepts submissions inside its window.
        Open = "open",
        /// No longer accepts submissions.
        Closed = "closed",
        /// Kept for the record.
        Archived = "archived",
    }
);

impl ChallengeState {
    /// Whether anonymous users may see a challenge in this state.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Open | Self::Closed)
    }
}

/// What is done to a challenge: its sponsor's officers propose their draft; hub managers do the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeAction {
    /// Send a draft to the hub for review (an officer of its sponsor).
    Propose,
    /// Send a challenge in review back to its administration, with a note.
    Return,
    /// Publish it.
    Open,
    /// Stop submissions.
    Close,
    /// Put it away.
    Archive,
}

impl ChallengeAction {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Propose => "propose",
            Self::Return => "return",
            Self::Open => "open",
            Self::Close => "close",
            Self::Archive => "archive",
        }
    }

    /// The state this action leads to from `from`, if allowed.
    pub fn apply(self, from: ChallengeState) -> Result<ChallengeState, DomainError> {
        match (from, self) {
            (ChallengeState::Draft, Self::Propose) => Ok(ChallengeState::InReview),
            (ChallengeState::InReview, Self::Return) => Ok(ChallengeState::Draft),
            (ChallengeState::Draft | ChallengeState::InReview, Self::Open) => Ok(ChallengeState::Open),
            (ChallengeState::Open, Self::Close) => Ok(ChallengeState::Closed),
            (ChallengeState::Closed, Self::Archive) => Ok(ChallengeState::Archived),
            (from, action) => Err(DomainError::conflict(
                "invalid_transition",
                format!("a challenge in state `{from}` cannot be asked to `{}`", action.as_str()),
            )),
        }
    }
}

/// A challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    /// Id.
    pub id: ChallengeId,
    /// Content.
    pub content: ChallengeContent,
    /// State.
    pub state: ChallengeState,
    /// Revision, for ETags: every change increments it.
    pub revision: i32,
    /// The note of the hub manager who last returned it to its administration (cleared when opened).
    pub review_note: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Challenge {
    /// Whether it accepts submissions at `now`: open, and inside its window.
    pub fn accepts_submissions(&self, now: DateTime<Utc>) -> bool {
        self.state == ChallengeState::Open && self.content.window_contains(now)
    }
}

#[cfg(test)]
mod tests;
