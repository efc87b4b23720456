//! Notice of the grounds before a refusal (*preavviso di rigetto*, L. 241/1990 art. 10-bis; issue 19).
//!
//! Before rejecting a proposal under review, a challenge that asks for it sends its team the grounds
//! that stand in the way of acceptance; the team has a term (10 days, the law's, or longer) to send its
//! observations in writing, once. The rejection waits for them or for the term to end, and where the
//! team sent observations it says why they do not change the outcome. The article does not apply to
//! competitive procedures (*procedure concorsuali*): a challenge is one, so the rule is off by default
//! and on for the open call, which evaluates each proposal on its own merits.

use chrono::{DateTime, Duration, Utc};

use crate::actor::Actor;
use crate::error::{DomainError, FieldError};
use crate::ids::UserId;
use crate::proposal::{Proposal, ProposalState};
use crate::term::{AnswerKind, OpenTerm, TermStage, Written};
use crate::text::Note;

/// The law's term for observations, in days: the shortest a challenge may set.
pub const NOTICE_DAYS_MIN: u8 = 10;
/// The longest term a challenge may set.
pub const NOTICE_DAYS_MAX: u8 = 60;

/// Whether a challenge gives notice of the grounds before a rejection, and the term for observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeRule {
    /// Whether a rejection after review needs a notice first.
    pub required: bool,
    /// Days the team has to send observations.
    pub days: u8,
}

impl Default for NoticeRule {
    fn default() -> Self {
        Self { required: false, days: NOTICE_DAYS_MIN }
    }
}

impl NoticeRule {
    /// Parses the term, in days.
    ///
    /// # Errors
    /// A [`FieldError`] on `field` outside [`NOTICE_DAYS_MIN`]..=[`NOTICE_DAYS_MAX`].
    pub fn parse_days(field: &str, days: i64) -> Result<u8, FieldError> {
        u8::try_from(days).ok().filter(|d| (NOTICE_DAYS_MIN..=NOTICE_DAYS_MAX).contains(d)).ok_or_else(|| {
            FieldError::new(
                field,
                "out_of_range",
                format!("must be {NOTICE_DAYS_MIN} to {NOTICE_DAYS_MAX} days (the law gives at least 10)"),
            )
        })
    }
}

/// The kind of answer the notice's term awaits.
pub const OBSERVATIONS: AnswerKind = AnswerKind {
    what: "observations",
    sent: "observations_sent",
    sent_message: "your observations were already sent",
    lapsed: "notice_lapsed",
};

/// A notice of the grounds, for one version of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroundsNotice {
    /// The version it concerns.
    pub version: i32,
    /// The grounds that stand in the way of acceptance.
    pub grounds: String,
    /// The hub manager who sent it.
    pub notified_by: UserId,
    /// When.
    pub notified_at: DateTime<Utc>,
    /// The end of the term for observations.
    pub due_at: DateTime<Utc>,
    /// The team's observations, once sent.
    pub observations: Option<Written>,
    /// Why the observations did not change the outcome: written with the rejection.
    pub reply: Option<String>,
}

impl GroundsNotice {
    /// Gives notice on `proposal`'s current version, under review, with `grounds`; one per version.
    ///
    /// # Errors
    /// `Conflict`: `invalid_transition` (not under review), `notice_exists` (already given on this
    /// version).
    pub fn give(
        rule: NoticeRule,
        proposal: &Proposal,
        existing: Option<&Self>,
        grounds: Note,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<Self, DomainError> {
        if proposal.state != ProposalState::UnderReview {
            return Err(DomainError::conflict(
                "invalid_transition",
                format!("notice of the grounds is given on a proposal under review, not `{}`", proposal.state),
            ));
        }
        if existing.is_some() {
            return Err(DomainError::conflict("notice_exists", "notice was already given on this version"));
        }
        Ok(Self {
            version: proposal.version,
            grounds: grounds.into_string(),
            notified_by: by,
            notified_at: now,
            due_at: now + Duration::days(i64::from(rule.days)),
            observations: None,
            reply: None,
        })
    }

    fn term(&self) -> OpenTerm<'_> {
        OpenTerm { version: self.version, due_at: self.due_at, answer: self.observations.as_ref() }
    }

    /// Where it stands at `now`.
    pub fn stage(&self, now: DateTime<Utc>) -> TermStage {
        self.term().stage(now)
    }

    /// Records the team's observations: a proposer of its organisation, while the proposal is under
    /// review and before the term ends, once.
    ///
    /// # Errors
    /// `Forbidden` (not its team's proposer); `Conflict`: `invalid_transition` (no longer under review),
    /// `observations_sent`, `notice_lapsed`.
    pub fn observe(
        &self,
        actor: &Actor,
        proposal: &Proposal,
        text: Note,
        now: DateTime<Utc>,
    ) -> Result<Written, DomainError> {
        self.term().answer(OBSERVATIONS, actor, proposal, text, now)
    }
}

/// What a rejection needs under the notice rule: where the challenge requires it, a notice on the
/// version; while its term runs, nothing (the rejection waits); once the team sent observations, a
/// reply saying why they do not change the outcome. A notice given where none is required binds the
/// same way. Returns the reply to keep.
///
/// # Errors
/// `Conflict`: `notice_required`, `notice_running`; `Invalid` on `observations_reply`: `required`
/// (observations to answer), `no_observations` (a reply to nothing).
pub fn check_rejection(
    rule: NoticeRule,
    notice: Option<&GroundsNotice>,
    reply: Option<Note>,
    now: DateTime<Utc>,
) -> Result<Option<Note>, DomainError> {
    let Some(notice) = notice else {
        if rule.required {
            return Err(DomainError::conflict(
                "notice_required",
                "this challenge gives the team notice of the grounds before a rejection (L. 241/1990 art. 10-bis): \
                 send the notice first",
            ));
        }
        return no_reply_expected(reply);
    };
    match notice.stage(now) {
        TermStage::Running => Err(DomainError::conflict(
            "notice_running",
            format!(
                "the team may send observations until {}: the rejection waits for them or for the term to end",
                notice.due_at.format("%Y-%m-%d %H:%M UTC")
            ),
        )),
        TermStage::Lapsed => no_reply_expected(reply),
        TermStage::Answered => match reply {
            Some(reply) => Ok(Some(reply)),
            None => Err(DomainError::invalid(
                "observations_reply",
                "required",
                "say why the team's observations do not change the outcome (art. 10-bis)",
            )),
        },
    }
}

fn no_reply_expected(reply: Option<Note>) -> Result<Option<Note>, DomainError> {
    match reply {
        None => Ok(None),
        Some(_) => Err(DomainError::invalid(
            "observations_reply",
            "no_observations",
            "the team sent no observations to answer",
        )),
    }
}

#[cfg(test)]
mod tests;
