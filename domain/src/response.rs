//! The team's response to the reviews (issue 19; PRODUCT.md "Procedure"): where a challenge allows it,
//! once the reviews of a version are in (the challenge's minimum submitted), the team reads them
//! anonymised — with or without their scores, as the challenge says — and may answer once within the
//! challenge's term. The evaluators and the rapporteur read the answer before the consensus; the consensus
//! report is finalised and the decision taken only once the team answered or the term ended.

use chrono::{DateTime, Duration, Utc};

use crate::actor::Actor;
use crate::error::{DomainError, FieldError};
use crate::proposal::{Proposal, ProposalState};
use crate::term::{AnswerKind, OpenTerm, TermStage, Written};
use crate::text::Note;

/// The term for the response, in days, unless the challenge sets another.
pub const RESPONSE_DAYS_DEFAULT: u8 = 7;
/// The shortest term a challenge may set.
pub const RESPONSE_DAYS_MIN: u8 = 3;
/// The longest term a challenge may set.
pub const RESPONSE_DAYS_MAX: u8 = 30;

/// The kind of answer the response's term awaits.
pub const RESPONSE: AnswerKind = AnswerKind {
    what: "response",
    sent: "response_sent",
    sent_message: "your response was already sent",
    lapsed: "response_lapsed",
};

/// Whether a challenge lets the team answer the reviews, within how many days, and whether the team reads
/// the reviews' scores or only their comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseRule {
    /// Whether the team may answer the reviews before the consensus and the decision.
    pub allowed: bool,
    /// Days the team has to answer once the reviews are in.
    pub days: u8,
    /// Whether the team reads the reviews' scores (else only the comments to the team).
    pub scores: bool,
}

impl Default for ResponseRule {
    fn default() -> Self {
        Self { allowed: false, days: RESPONSE_DAYS_DEFAULT, scores: true }
    }
}

impl ResponseRule {
    /// Parses the term, in days.
    ///
    /// # Errors
    /// A [`FieldError`] on `field` outside [`RESPONSE_DAYS_MIN`]..=[`RESPONSE_DAYS_MAX`].
    pub fn parse_days(field: &str, days: i64) -> Result<u8, FieldError> {
        u8::try_from(days).ok().filter(|d| (RESPONSE_DAYS_MIN..=RESPONSE_DAYS_MAX).contains(d)).ok_or_else(|| {
            FieldError::new(field, "out_of_range", format!("must be {RESPONSE_DAYS_MIN} to {RESPONSE_DAYS_MAX} days"))
        })
    }

    /// The window that opens on `proposal`'s current version now that `submitted` of its reviews are in
    /// (the challenge's minimum being `min_reviews`), unless the rule is off, the proposal is not under
    /// review, too few reviews are in, or a window is already `open` on the version.
    pub fn opens(
        self,
        proposal: &Proposal,
        submitted: usize,
        min_reviews: u8,
        open: Option<&ResponseWindow>,
        now: DateTime<Utc>,
    ) -> Option<ResponseWindow> {
        let due = self.allowed
            && proposal.state == ProposalState::UnderReview
            && submitted >= usize::from(min_reviews)
            && open.is_none_or(|w| w.version != proposal.version);
        due.then(|| ResponseWindow {
            version: proposal.version,
            opened_at: now,
            due_at: now + Duration::days(i64::from(self.days)),
            scores: self.scores,
            answer: None,
        })
    }
}

impl ResponseRule {
    /// What the consensus report's finalisation waits for: where the challenge allows a response, the
    /// window on the version must have opened — the reviews in — and no longer run.
    ///
    /// # Errors
    /// `Conflict` `response_pending` before the window opens, `response_running` while it runs.
    pub fn check_consensus(self, window: Option<&ResponseWindow>, now: DateTime<Utc>) -> Result<(), DomainError> {
        if self.allowed && window.is_none() {
            return Err(DomainError::conflict(
                "response_pending",
                "the team answers the reviews before the consensus: the window opens once the challenge's minimum \
                 of reviews is in",
            ));
        }
        ResponseWindow::check_closed(window, now)
    }
}

/// The team's window to answer the reviews of one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseWindow {
    /// The version whose reviews it answers.
    pub version: i32,
    /// When the reviews were in and the window opened.
    pub opened_at: DateTime<Utc>,
    /// The end of the term.
    pub due_at: DateTime<Utc>,
    /// Whether the team reads the reviews' scores (the challenge's rule when the window opened).
    pub scores: bool,
    /// The team's response, once sent.
    pub answer: Option<Written>,
}

impl ResponseWindow {
    fn term(&self) -> OpenTerm<'_> {
        OpenTerm { version: self.version, due_at: self.due_at, answer: self.answer.as_ref() }
    }

    /// Where it stands at `now`.
    pub fn stage(&self, now: DateTime<Utc>) -> TermStage {
        self.term().stage(now)
    }

    /// Records the team's response: a proposer of its organisation, while the version is under review
    /// and before the term ends, once.
    ///
    /// # Errors
    /// `Forbidden` (not its team's proposer); `Conflict`: `invalid_transition`, `response_sent`,
    /// `response_lapsed`.
    pub fn answer(
        &self,
        actor: &Actor,
        proposal: &Proposal,
        text: Note,
        now: DateTime<Utc>,
    ) -> Result<Written, DomainError> {
        self.term().answer(RESPONSE, actor, proposal, text, now)
    }

    /// What waits for the team: the consensus report's finalisation and the decision, while the term runs.
    ///
    /// # Errors
    /// `Conflict` `response_running` while the team may still answer.
    pub fn check_closed(window: Option<&Self>, now: DateTime<Utc>) -> Result<(), DomainError> {
        match window {
            Some(w) if w.stage(now) == TermStage::Running => Err(DomainError::conflict(
                "response_running",
                format!(
                    "the team may answer the reviews until {}: the consensus and the decision wait for its \
                     response or for the term to end",
                    w.due_at.format("%Y-%m-%d %H:%M UTC")
                ),
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
