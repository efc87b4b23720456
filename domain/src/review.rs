//! Assignments and reviews: an evaluator assigned to one version of a proposal confirms they have no
//! conflict of interest (or declines), drafts a review and submits it, frozen.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::UserId;
use crate::pillar::{HalfPoints, Pillar};
use crate::proposal::{Move, ProposalId, ProposalState};
use crate::text::{Note, clean_text};

crate::ids::id_type!(
    /// Identifies an assignment (and its review).
    AssignmentId,
    "review"
);

/// Where a review is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewState {
    /// Assigned; nothing written yet.
    Assigned,
    /// A draft is saved.
    InProgress,
    /// Submitted and frozen.
    Submitted,
    /// The evaluator declined (a conflict of interest, or unavailable).
    Declined,
    /// Closed before submission: the proposal left review at this version (decided, withdrawn,
    /// returned for revision, resubmitted).
    Cancelled,
}

impl ReviewState {
    /// Every state.
    pub const ALL: [Self; 5] = [Self::Assigned, Self::InProgress, Self::Submitted, Self::Declined, Self::Cancelled];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Submitted => "submitted",
            Self::Declined => "declined",
            Self::Cancelled => "cancelled",
        }
    }

    /// Whether the evaluator still works on it (assigned or in progress).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Assigned | Self::InProgress)
    }
}

impl FromStr for ReviewState {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| FieldError::new("state", "unknown_state", format!("unknown review state `{s}`")))
    }
}

impl fmt::Display for ReviewState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the evaluator recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recommendation {
    /// Accept.
    Accept,
    /// Reject.
    Reject,
    /// Ask for a revision.
    Revise,
}

impl Recommendation {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Reject => "reject",
            Self::Revise => "revise",
        }
    }
}

impl FromStr for Recommendation {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "accept" => Ok(Self::Accept),
            "reject" => Ok(Self::Reject),
            "revise" => Ok(Self::Revise),
            other => Err(FieldError::new(
                "recommendation",
                "unknown_recommendation",
                format!("`{other}` is not accept, reject or revise"),
            )),
        }
    }
}

/// The content of a review, possibly incomplete while drafting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewContent {
    /// Score per pillar, in pillar order.
    pub scores: [Option<HalfPoints>; 4],
    /// Comment to the proposer per pillar.
    pub comments: BTreeMap<Pillar, String>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
    /// Comment for the hub only.
    pub confidential_comment: Option<String>,
    /// Recommendation.
    pub recommendation: Option<Recommendation>,
}

/// A review draft as sent; `PUT` replaces the whole draft.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    /// Scores by pillar key (0–5 in half points; `None` leaves a pillar unscored).
    pub scores: Vec<(String, Option<f64>)>,
    /// Comments by pillar key.
    pub comments: Vec<(String, String)>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
    /// Comment for the hub only.
    pub confidential_comment: Option<String>,
    /// `accept`, `reject` or `revise`.
    pub recommendation: Option<String>,
}

impl ReviewContent {
    /// Validates a draft, reporting every wrong field.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] with paths such as `scores.talent_skills`.
    pub fn parse(input: ReviewInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut content = Self::default();
        for (key, score) in input.scores {
            let field = format!("scores.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars")),
                Ok(pillar) => {
                    content.scores[pillar.index()] = score.and_then(|s| v.check(HalfPoints::parse(&field, s)))
                }
            }
        }
        for (key, text) in input.comments {
            let field = format!("comments.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars")),
                Ok(pillar) => {
                    if !text.trim().is_empty()
                        && let Some(text) = v.check(clean_text(&field, &text, 1, 4000, true))
                    {
                        content.comments.insert(pillar, text);
                    }
                }
            }
        }
        let optional = |v: &mut Validation, field: &str, text: Option<String>| {
            text.filter(|t| !t.trim().is_empty()).and_then(|t| v.check(clean_text(field, &t, 1, 8000, true)))
        };
        content.overall_comment = optional(&mut v, "overall_comment", input.overall_comment);
        content.confidential_comment = optional(&mut v, "confidential_comment", input.confidential_comment);
        content.recommendation = input.recommendation.and_then(|r| v.check(r.parse()));
        v.finish()?;
        Ok(content)
    }

    /// What a submission still needs: every pillar scored, a comment for every score of 2 or less,
    /// an overall comment and a recommendation.
    pub fn missing_for_submission(&self) -> Vec<FieldError> {
        let mut missing = Vec::new();
        for pillar in Pillar::ALL {
            match self.scores[pillar.index()] {
                None => missing.push(FieldError::new(
                    format!("scores.{pillar}"),
                    "required_for_submission",
                    "every pillar needs a score",
                )),
                Some(score) if score.halves() <= 4 && !self.comments.contains_key(&pillar) => {
                    missing.push(FieldError::new(
                        format!("comments.{pillar}"),
                        "required_for_low_score",
                        "a score of 2 or less needs a comment",
                    ))
                }
                Some(_) => {}
            }
        }
        if self.overall_comment.is_none() {
            missing.push(FieldError::new("overall_comment", "required_for_submission", "is required to submit"));
        }
        if self.recommendation.is_none() {
            missing.push(FieldError::new("recommendation", "required_for_submission", "is required to submit"));
        }
        missing
    }

    /// The scores, when every pillar has one.
    pub fn complete_scores(&self) -> Option<[HalfPoints; 4]> {
        let [a, b, c, d] = self.scores;
        Some([a?, b?, c?, d?])
    }
}

/// An assignment of an evaluator to one version of a proposal, with its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Id (also the review's id).
    pub id: AssignmentId,
    /// The proposal.
    pub proposal_id: ProposalId,
    /// The proposal version reviewed.
    pub proposal_version: i32,
    /// The evaluator.
    pub evaluator_id: UserId,
    /// Who assigned it (none for automatic assignment by the system).
    pub assigned_by: Option<UserId>,
    /// Due.
    pub due_at: DateTime<Utc>,
    /// State.
    pub state: ReviewState,
    /// When the evaluator confirmed having no conflict of interest.
    pub conflict_confirmed_at: Option<DateTime<Utc>>,
    /// Why the evaluator declined.
    pub declined_reason: Option<String>,
    /// Why the review was cancelled.
    pub cancelled_reason: Option<String>,
    /// The review.
    pub content: ReviewContent,
    /// When it was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Revision (ETag).
    pub revision: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// What the evaluator does to their assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Confirm no conflict of interest.
    ConfirmNoConflict,
    /// Decline (reason required).
    Decline,
    /// Save a draft.
    SaveDraft,
    /// Submit.
    Submit,
}

impl ReviewAction {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConfirmNoConflict => "confirm_no_conflict",
            Self::Decline => "decline",
            Self::SaveDraft => "save_draft",
            Self::Submit => "submit",
        }
    }
}

fn refused(state: ReviewState, action: ReviewAction) -> DomainError {
    DomainError::conflict("invalid_transition", format!("a review in state `{state}` cannot `{}`", action.as_str()))
}

/// The longest reason an evaluator may give for declining, in characters.
pub const DECLINE_REASON_MAX: usize = 2_000;

impl Assignment {
    /// Decides an evaluator's action on their own assignment; returns the next state.
    ///
    /// # Errors
    /// `NotFound` for someone else's assignment, `Forbidden` before the conflict check,
    /// `Conflict` for a move its state does not allow (`review_closed` when the proposal, `proposal`
    /// as (state, version), is no longer under review at the assignment's version), `Invalid` for a
    /// missing reason or an incomplete review.
    pub fn decide(
        &self,
        actor: &Actor,
        action: ReviewAction,
        reason: Option<&Note>,
        proposal: (ProposalState, i32),
    ) -> Result<ReviewState, DomainError> {
        if actor.user_id != self.evaluator_id {
            return Err(DomainError::NotFound("review"));
        }
        let open = self.state.is_open();
        if open && !open_at(proposal.0, proposal.1, self.proposal_version) {
            return Err(DomainError::conflict(
                "review_closed",
                "the proposal is no longer under review at this version; the review is closed",
            ));
        }
        match action {
            ReviewAction::ConfirmNoConflict => {
                if !open || self.conflict_confirmed_at.is_some() {
                    return Err(refused(self.state, action));
                }
                Ok(self.state)
            }
            ReviewAction::Decline => {
                if !open {
                    return Err(refused(self.state, action));
                }
                if reason.is_none() {
                    return Err(DomainError::invalid(
                        "reason",
                        "required",
                        "say why you decline (e.g. the conflict of interest)",
                    ));
                }
                Ok(ReviewState::Declined)
            }
            ReviewAction::SaveDraft | ReviewAction::Submit => {
                if !open {
                    return Err(refused(self.state, action));
                }
                if self.conflict_confirmed_at.is_none() {
                    return Err(DomainError::Forbidden(
                        "confirm that you have no conflict of interest first".to_owned(),
                    ));
                }
                if action == ReviewAction::SaveDraft {
                    return Ok(ReviewState::InProgress);
                }
                let missing = self.content.missing_for_submission();
                if missing.is_empty() { Ok(ReviewState::Submitted) } else { Err(DomainError::Invalid(missing)) }
            }
        }
    }
}

/// Whether a review of `assignment_version` may still be worked on: only while its proposal is under
/// review at that version.
pub fn open_at(proposal_state: ProposalState, proposal_version: i32, assignment_version: i32) -> bool {
    proposal_state == ProposalState::UnderReview && proposal_version == assignment_version
}

/// Why open reviews were cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosingReason {
    /// The hub accepted or rejected the proposal.
    ProposalDecided,
    /// Its organisation withdrew it.
    ProposalWithdrawn,
    /// The hub returned it for revision.
    RevisionRequested,
    /// A new version was submitted.
    NewVersion,
}

impl ClosingReason {
    /// The stable name, stored with the cancelled review and named in the evaluator's email.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProposalDecided => "proposal_decided",
            Self::ProposalWithdrawn => "proposal_withdrawn",
            Self::RevisionRequested => "revision_requested",
            Self::NewVersion => "new_version",
        }
    }
}

/// Why a move of a proposal from version `version_before` closes its open reviews, if it does: when it
/// leaves `under_review` or gets a new version.
pub fn closing_reason(step: &Move, version_before: i32) -> Option<ClosingReason> {
    if step.to == ProposalState::UnderReview && step.version == version_before {
        return None;
    }
    Some(match step.to {
        ProposalState::Accepted | ProposalState::Rejected => ClosingReason::ProposalDecided,
        ProposalState::Withdrawn => ClosingReason::ProposalWithdrawn,
        ProposalState::RevisionRequested => ClosingReason::RevisionRequested,
        _ => ClosingReason::NewVersion,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::actor::{Credential, Role};
    use crate::ids::OrganizationId;

    const AT: (ProposalState, i32) = (ProposalState::UnderReview, 1);

    fn assignment(state: ReviewState, confirmed: bool) -> (Assignment, Actor) {
        let evaluator = Actor {
            user_id: UserId::new(),
            organization_id: OrganizationId::new(),
            is_org_owner: false,
            roles: BTreeSet::from([Role::Evaluator]),
            email_verified: true,
            credential: Credential::Session,
        };
        let now = Utc::now();
        let a = Assignment {
            id: AssignmentId::new(),
            proposal_id: ProposalId::new(),
            proposal_version: 1,
            evaluator_id: evaluator.user_id,
            assigned_by: None,
            due_at: now,
            state,
            conflict_confirmed_at: confirmed.then_some(now),
            declined_reason: None,
            cancelled_reason: None,
            content: ReviewContent::default(),
            submitted_at: None,
            revision: 1,
            created_at: now,
            updated_at: now,
        };
        (a, evaluator)
    }

    fn full() -> ReviewInput {
        ReviewInput {
            scores: Pillar::ALL.iter().map(|p| (p.key().to_owned(), Some(3.5))).collect(),
            comments: vec![],
            overall_comment: Some("Solida.".to_owned()),
            confidential_comment: None,
            recommendation: Some("accept".to_owned()),
        }
    }

    #[test]
    fn the_review_life() {
        let (mut a, evaluator) = assignment(ReviewState::Assigned, false);
        assert!(
            matches!(a.decide(&evaluator, ReviewAction::SaveDraft, None, AT), Err(DomainError::Forbidden(_))),
            "conflict check first"
        );
        assert_eq!(a.decide(&evaluator, ReviewAction::ConfirmNoConflict, None, AT), Ok(ReviewState::Assigned));
        a.conflict_confirmed_at = Some(Utc::now());
        assert!(matches!(
            a.decide(&evaluator, ReviewAction::ConfirmNoConflict, None, AT),
            Err(DomainError::Conflict { .. })
        ));
        assert!(
            matches!(a.decide(&evaluator, ReviewAction::Submit, None, AT), Err(DomainError::Invalid(ref f)) if f.len() == 6)
        );
        a.content = ReviewContent::parse(full()).expect("valid");
        assert_eq!(a.decide(&evaluator, ReviewAction::Submit, None, AT), Ok(ReviewState::Submitted));
        a.state = ReviewState::Submitted;
        for action in [ReviewAction::SaveDraft, ReviewAction::Submit, ReviewAction::Decline] {
            let x = Note::parse("reason", Some("x"), DECLINE_REASON_MAX).expect("valid");
            assert!(
                matches!(a.decide(&evaluator, action, x.as_ref(), AT), Err(DomainError::Conflict { .. })),
                "frozen"
            );
        }
        let (other, _) = assignment(ReviewState::Assigned, true);
        assert_eq!(
            other.decide(&evaluator, ReviewAction::ConfirmNoConflict, None, AT),
            Err(DomainError::NotFound("review"))
        );
    }

    #[test]
    fn reviews_close_when_the_proposal_leaves_review_at_their_version() {
        let (mut a, evaluator) = assignment(ReviewState::InProgress, true);
        for at in [(ProposalState::Accepted, 1), (ProposalState::Withdrawn, 1), (ProposalState::UnderReview, 2)] {
            for action in [ReviewAction::ConfirmNoConflict, ReviewAction::SaveDraft, ReviewAction::Submit] {
                assert!(
                    matches!(
                        a.decide(&evaluator, action, None, at),
                        Err(DomainError::Conflict { code: "review_closed", .. })
                    ),
                    "{at:?} {action:?}"
                );
            }
        }
        a.state = ReviewState::Cancelled;
        assert!(matches!(a.decide(&evaluator, ReviewAction::SaveDraft, None, AT), Err(DomainError::Conflict { .. })));
        let step = |to, version| Move {
            action: crate::ProposalAction::Withdraw,
            from: ProposalState::UnderReview,
            to,
            note: None,
            version,
        };
        assert_eq!(closing_reason(&step(ProposalState::UnderReview, 1), 1), None);
        assert!(closing_reason(&step(ProposalState::Accepted, 1), 1).is_some());
        assert!(closing_reason(&step(ProposalState::UnderReview, 2), 1).is_some());
        assert!(closing_reason(&step(ProposalState::RevisionRequested, 1), 1).is_some());
    }

    #[test]
    fn declining_needs_a_reason() {
        let (a, evaluator) = assignment(ReviewState::Assigned, false);
        let decline = |reason: &str| {
            let reason = Note::parse("reason", Some(reason), DECLINE_REASON_MAX)?;
            a.decide(&evaluator, ReviewAction::Decline, reason.as_ref(), AT)
        };
        assert!(matches!(decline("  "), Err(DomainError::Invalid(_))));
        assert_eq!(decline("Ho lavorato con loro"), Ok(ReviewState::Declined));
        let codes = |reason: &str| -> Vec<(String, &str)> {
            match decline(reason) {
                Err(DomainError::Invalid(fields)) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
                other => panic!("expected invalid, got {other:?}"),
            }
        };
        assert_eq!(codes("Ho\u{1f}lavorato"), vec![("reason".to_owned(), "control_characters")]);
        assert_eq!(codes(&"x".repeat(DECLINE_REASON_MAX + 1)), vec![("reason".to_owned(), "too_long")]);
        assert_eq!(
            decline(&format!("Riga uno\n{}", "x".repeat(DECLINE_REASON_MAX - 9))),
            Ok(ReviewState::Declined),
            "newlines are fine and the limit is inclusive"
        );
    }

    #[test]
    fn low_scores_need_comments_and_scores_are_half_points() {
        let mut input = full();
        input.scores[2].1 = Some(2.0);
        let content = ReviewContent::parse(input).expect("valid");
        let missing: Vec<String> = content.missing_for_submission().into_iter().map(|f| f.field).collect();
        assert_eq!(missing, vec!["comments.talent_skills"]);
        let bad = ReviewInput {
            scores: vec![("talent_skills".into(), Some(2.25)), ("luck".into(), Some(1.0))],
            ..ReviewInput::default()
        };
        match ReviewContent::parse(bad) {
            Err(DomainError::Invalid(fields)) => {
                assert_eq!(
                    fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(),
                    vec!["scores.talent_skills", "scores.luck"]
                );
            }
            other => panic!("expected invalid, got {other:?}"),
        }
    }
}
