//! A team's written answer within a term (issue 19): the observations on a notice of the grounds
//! (art. 10-bis) and the response to the reviews. The hub opens the term on one version of a proposal
//! under review; the team's proposers answer once, before the term ends by the hub's clock; what follows
//! waits for the answer or for the end of the term.

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::error::DomainError;
use crate::ids::UserId;
use crate::named::named_enum;
use crate::proposal::{Proposal, ProposalState};
use crate::text::Note;

named_enum!(
    /// Where a term for the team's answer stands.
    TermStage, "stage", "unknown_stage" {
        /// The team may still answer; what follows waits.
        Running = "running",
        /// The team answered.
        Answered = "answered",
        /// The term ended without an answer.
        Lapsed = "lapsed",
    }
);

impl TermStage {
    /// Where a term ending at `due_at` stands at `now`, answered or not.
    pub fn at(answered: bool, due_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        match (answered, now < due_at) {
            (true, _) => Self::Answered,
            (false, true) => Self::Running,
            (false, false) => Self::Lapsed,
        }
    }
}

/// What the team wrote, who sent it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The text.
    pub text: String,
    /// Who of the team sent it.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// The problem codes and words of one kind of answer.
#[derive(Debug, Clone, Copy)]
pub struct AnswerKind {
    /// What the team sends, for the messages ("observations", "response").
    pub what: &'static str,
    /// The code once it was sent (`observations_sent`).
    pub sent: &'static str,
    /// The message once it was sent.
    pub sent_message: &'static str,
    /// The code after the term (`notice_lapsed`).
    pub lapsed: &'static str,
}

/// An open term on one version: when it ends and the answer so far.
#[derive(Debug, Clone, Copy)]
pub struct OpenTerm<'a> {
    /// The version it concerns.
    pub version: i32,
    /// The end of the term.
    pub due_at: DateTime<Utc>,
    /// The answer, once sent.
    pub answer: Option<&'a Written>,
}

impl OpenTerm<'_> {
    /// Where it stands at `now`.
    pub fn stage(&self, now: DateTime<Utc>) -> TermStage {
        TermStage::at(self.answer.is_some(), self.due_at, now)
    }

    /// The team's answer: a proposer of the proposal's organisation, while the version is under review
    /// and before the term ends, once.
    ///
    /// # Errors
    /// `Forbidden` (not its team's proposer); `Conflict`: `invalid_transition` (no longer under review
    /// at this version), `kind.sent`, `kind.lapsed`.
    pub fn answer(
        &self,
        kind: AnswerKind,
        actor: &Actor,
        proposal: &Proposal,
        text: Note,
        now: DateTime<Utc>,
    ) -> Result<Written, DomainError> {
        if !proposal.is_team(actor) {
            return Err(DomainError::Forbidden(format!("only a proposer of its organisation sends the {}", kind.what)));
        }
        if proposal.state != ProposalState::UnderReview || proposal.version != self.version {
            return Err(DomainError::conflict("invalid_transition", "the proposal is no longer awaiting a decision"));
        }
        match self.stage(now) {
            TermStage::Answered => Err(DomainError::conflict(kind.sent, kind.sent_message)),
            TermStage::Lapsed => Err(DomainError::conflict(
                kind.lapsed,
                format!("the term for the {} ended on {}", kind.what, self.due_at.format("%Y-%m-%d %H:%M UTC")),
            )),
            TermStage::Running => Ok(Written { text: text.into_string(), by: actor.user_id, at: now }),
        }
    }
}
