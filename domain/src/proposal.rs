//! Proposals and the funnel: one table of (state, action, role) → state, with the rules beside it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::actor::{Actor, Role};
use crate::challenge::{Challenge, parse_tags};
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::{OrganizationId, UserId};
use crate::pillar::Pillar;
use crate::text::{Note, clean_text};

crate::ids::id_type!(
    /// Identifies a proposal.
    ProposalId,
    "proposal"
);

/// Where a proposal is in the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProposalState {
    /// Being written by its organisation.
    Draft,
    /// Sent to the hub, waiting for screening.
    Submitted,
    /// Eligible; being evaluated.
    UnderReview,
    /// The hub asked for changes.
    RevisionRequested,
    /// Accepted by the hub.
    Accepted,
    /// Rejected (ineligible at screening, or by decision).
    Rejected,
    /// Withdrawn by its organisation.
    Withdrawn,
    /// Promoted into the PSN catalogue.
    Promoted,
}

impl ProposalState {
    /// Accepted or promoted: what the catalogue team works from.
    pub fn is_for_catalogue(self) -> bool {
        matches!(self, Self::Accepted | Self::Promoted)
    }

    /// Every state.
    pub const ALL: [Self; 8] = [
        Self::Draft,
        Self::Submitted,
        Self::UnderReview,
        Self::RevisionRequested,
        Self::Accepted,
        Self::Rejected,
        Self::Withdrawn,
        Self::Promoted,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::UnderReview => "under_review",
            Self::RevisionRequested => "revision_requested",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
            Self::Promoted => "promoted",
        }
    }

    /// Whether its organisation may still edit the content.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::RevisionRequested)
    }
}

impl FromStr for ProposalState {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| FieldError::new("state", "unknown_state", format!("unknown proposal state `{s}`")))
    }
}

impl fmt::Display for ProposalState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What someone does to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProposalAction {
    /// Send a draft to the hub.
    Submit,
    /// Screening found it eligible.
    ScreenEligible,
    /// Screening found it ineligible (reason required).
    ScreenIneligible,
    /// Ask for changes (note required).
    RequestRevision,
    /// Send the revised proposal (a new version).
    Resubmit,
    /// Accept (rationale required).
    DecideAccept,
    /// Reject (rationale required).
    DecideReject,
    /// Withdraw it.
    Withdraw,
    /// Promote into the catalogue.
    Promote,
}

impl ProposalAction {
    /// Every action.
    pub const ALL: [Self; 9] = [
        Self::Submit,
        Self::ScreenEligible,
        Self::ScreenIneligible,
        Self::RequestRevision,
        Self::Resubmit,
        Self::DecideAccept,
        Self::DecideReject,
        Self::Withdraw,
        Self::Promote,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::ScreenEligible => "screen_eligible",
            Self::ScreenIneligible => "screen_ineligible",
            Self::RequestRevision => "request_revision",
            Self::Resubmit => "resubmit",
            Self::DecideAccept => "decide_accept",
            Self::DecideReject => "decide_reject",
            Self::Withdraw => "withdraw",
            Self::Promote => "promote",
        }
    }

    /// Whether the move needs a note (a reason, a rationale).
    pub fn requires_note(self) -> bool {
        matches!(self, Self::ScreenIneligible | Self::RequestRevision | Self::DecideAccept | Self::DecideReject)
    }
}

impl FromStr for ProposalAction {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| FieldError::new("action", "unknown_action", format!("unknown action `{s}`")))
    }
}

impl fmt::Display for ProposalAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

use ProposalAction as A;
use ProposalState as S;

/// The funnel: every allowed move, and nothing else.
pub const TRANSITIONS: &[(ProposalState, ProposalAction, Role, ProposalState)] = &[
    (S::Draft, A::Submit, Role::Proposer, S::Submitted),
    (S::Submitted, A::ScreenEligible, Role::HubManager, S::UnderReview),
    (S::Submitted, A::ScreenIneligible, Role::HubManager, S::Rejected),
    (S::Submitted, A::RequestRevision, Role::HubManager, S::RevisionRequested),
    (S::UnderReview, A::RequestRevision, Role::HubManager, S::RevisionRequested),
    (S::RevisionRequested, A::Resubmit, Role::Proposer, S::Submitted),
    (S::UnderReview, A::DecideAccept, Role::HubManager, S::Accepted),
    (S::UnderReview, A::DecideReject, Role::HubManager, S::Rejected),
    (S::Draft, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::Submitted, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::UnderReview, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::RevisionRequested, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::Accepted, A::Promote, Role::CatalogueEditor, S::Promoted),
];

/// The state `action` leads to from `from` for someone holding `roles`.
///
/// # Errors
/// [`DomainError::Forbidden`] when none of the roles may ever take this action;
/// [`DomainError::Conflict`] (`invalid_transition`) when they may, but not from this state.
pub fn next_state(
    from: ProposalState,
    action: ProposalAction,
    roles: &BTreeSet<Role>,
) -> Result<ProposalState, DomainError> {
    let mine = |role: &Role| roles.contains(role);
    if !TRANSITIONS.iter().any(|(_, a, role, _)| *a == action && mine(role)) {
        return Err(DomainError::Forbidden(format!("your roles do not allow `{action}`")));
    }
    TRANSITIONS
        .iter()
        .find(|(f, a, role, _)| *f == from && *a == action && mine(role))
        .map(|(_, _, _, to)| *to)
        .ok_or_else(|| {
            DomainError::conflict(
                "invalid_transition",
                format!("a proposal in state `{from}` cannot be moved by `{action}`"),
            )
        })
}

/// The content of a proposal. Drafts may be incomplete; submission needs every field but the budget.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ProposalContent {
    /// Title, 5 to 200 characters.
    pub title: String,
    /// Summary, up to 500 characters.
    pub summary: Option<String>,
    /// Description, Markdown as written (never rendered by the API).
    pub description: Option<String>,
    /// Technology readiness level, 1 to 9.
    pub trl: Option<u8>,
    /// Requested budget in euro cents.
    pub budget_cents: Option<i64>,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Self-assessment per pillar.
    pub self_assessment: BTreeMap<Pillar, String>,
}

/// Proposal content as given, before validation. `Some(None)` clears an optional field.
#[derive(Debug, Clone, Default)]
pub struct ProposalInput {
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<Option<String>>,
    /// Description.
    pub description: Option<Option<String>>,
    /// TRL.
    pub trl: Option<Option<i64>>,
    /// Budget in euro cents.
    pub budget_cents: Option<Option<i64>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Self-assessment by pillar key; `None` text clears a pillar.
    pub self_assessment: Option<Vec<(String, Option<String>)>>,
}

/// The longest note a move of a proposal may carry, in characters.
pub const NOTE_MAX: usize = 4_000;

/// The largest budget accepted: one billion euro.
pub const MAX_BUDGET_CENTS: i64 = 100_000_000_000;

/// The most co-authors a proposal's team names.
pub const TEAM_MAX: usize = 50;

/// Parses a team: at most [`TEAM_MAX`] user ids. (Whether they belong to the organisation is the
/// store's check, in one query.)
///
/// # Errors
/// `Invalid` on `team` when it is too long, on `team[i]` for an entry that is no user id.
pub fn parse_team(raw: &[String]) -> Result<Vec<UserId>, DomainError> {
    crate::text::at_most("team", raw.len(), TEAM_MAX)?;
    raw.iter()
        .enumerate()
        .map(|(i, id)| {
            id.parse::<UserId>().map_err(|_| {
                DomainError::invalid(
                    format!("team[{i}]"),
                    "not_a_member",
                    "is not a member of the proposing organisation",
                )
            })
        })
        .collect()
}

impl ProposalContent {
    /// Validates a new draft: a title is enough.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn create(input: ProposalInput) -> Result<Self, DomainError> {
        if input.title.is_none() {
            return Err(DomainError::invalid("title", "required", "is required"));
        }
        Self::default().edit(input)
    }

    /// Applies an edit; given fields replace the current ones.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn edit(&self, input: ProposalInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut next = self.clone();
        if let Some(title) = input.title.and_then(|t| v.check(clean_text("title", &t, 5, 200, false))) {
            next.title = title;
        }
        if let Some(summary) = input.summary {
            next.summary = summary.and_then(|t| v.check(clean_text("summary", &t, 1, 500, true)));
        }
        if let Some(description) = input.description {
            next.description = description.and_then(|t| v.check(clean_text("description", &t, 1, 50_000, true)));
        }
        if let Some(trl) = input.trl {
            next.trl = match trl {
                None => None,
                Some(level @ 1..=9) => Some(level as u8),
                Some(_) => {
                    v.push(FieldError::new("trl", "out_of_range", "must be a technology readiness level from 1 to 9"));
                    None
                }
            };
        }
        if let Some(budget) = input.budget_cents {
            next.budget_cents = match budget {
                Some(cents) if !(0..=MAX_BUDGET_CENTS).contains(&cents) => {
                    v.push(FieldError::new(
                        "budget_cents",
                        "out_of_range",
                        "must be between 0 and one billion euro, in cents",
                    ));
                    None
                }
                other => other,
            };
        }
        if let Some(tags) = input.tags.and_then(|t| v.check(parse_tags(&t))) {
            next.tags = tags;
        }
        for (key, text) in input.self_assessment.unwrap_or_default() {
            let field = format!("self_assessment.{key}");
            let Ok(pillar) = key.parse::<Pillar>() else {
                v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars"));
                continue;
            };
            match text.filter(|t| !t.trim().is_empty()) {
                None => {
                    next.self_assessment.remove(&pillar);
                }
                Some(text) => {
                    if let Some(text) = v.check(clean_text(&field, &text, 1, 4000, true)) {
                        next.self_assessment.insert(pillar, text);
                    }
                }
            }
        }
        v.finish()?;
        Ok(next)
    }

    /// The fields submission still needs.
    pub fn missing_for_submission(&self) -> Vec<FieldError> {
        let mut missing = Vec::new();
        let mut need = |field: String, present: bool| {
            if !present {
                missing.push(FieldError::new(field, "required_for_submission", "is required to submit"));
            }
        };
        need("summary".to_owned(), self.summary.is_some());
        need("description".to_owned(), self.description.is_some());
        need("trl".to_owned(), self.trl.is_some());
        for pillar in Pillar::ALL {
            need(format!("self_assessment.{pillar}"), self.self_assessment.contains_key(&pillar));
        }
        missing
    }
}

/// A proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Id.
    pub id: ProposalId,
    /// The challenge it answers.
    pub challenge_id: crate::challenge::ChallengeId,
    /// The proposing organisation.
    pub organization_id: OrganizationId,
    /// Who created it.
    pub created_by: UserId,
    /// Content.
    pub content: ProposalContent,
    /// Co-authors (members of the same organisation).
    pub team: BTreeSet<UserId>,
    /// Funnel state.
    pub state: ProposalState,
    /// Submission version: 1 at first, +1 at each resubmission.
    pub version: i32,
    /// Revision, for ETags: every change increments it.
    pub revision: i32,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// An accepted move, to record in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The action.
    pub action: ProposalAction,
    /// From.
    pub from: ProposalState,
    /// To.
    pub to: ProposalState,
    /// The note (reason, rationale).
    pub note: Option<Note>,
    /// The proposal's version after the move.
    pub version: i32,
}

/// Who is told about a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The proposal's author and team.
    Team,
    /// Every hub manager.
    HubManagers,
}

/// The emails a move causes.
pub fn mails_for(action: ProposalAction) -> &'static [(crate::mail::MailTemplate, Audience)] {
    use crate::mail::MailTemplate as M;
    match action {
        A::Submit => &[(M::ProposalSubmitted, Audience::Team)],
        A::Resubmit => &[(M::ProposalSubmitted, Audience::Team), (M::ProposalResubmitted, Audience::HubManagers)],
        A::RequestRevision => &[(M::RevisionRequested, Audience::Team)],
        A::ScreenIneligible => &[(M::ProposalIneligible, Audience::Team)],
        A::DecideAccept | A::DecideReject => &[(M::Decision, Audience::Team)],
        A::Promote => &[(M::ProposalPromoted, Audience::Team)],
        _ => &[],
    }
}

impl Proposal {
    /// Whether `actor` may see it without an assignment (see [`crate::visibility`], the one home of the
    /// rule).
    pub fn visible_to(&self, actor: &Actor) -> bool {
        crate::visibility::visibility(actor).check(self, None).is_ok()
    }

    /// Whether `actor` may edit it now: a proposer of its organisation, while editable.
    ///
    /// # Errors
    /// `Forbidden` for other roles; `Conflict` when the state does not allow edits.
    pub fn check_edit(&self, actor: &Actor) -> Result<(), DomainError> {
        if !(actor.has_role(Role::Proposer) && actor.organization_id == self.organization_id) {
            return Err(DomainError::Forbidden("only a proposer of its organisation may edit a proposal".to_owned()));
        }
        if !self.state.is_editable() {
            return Err(DomainError::conflict(
                "not_editable",
                format!("a proposal in state `{}` cannot be edited", self.state),
            ));
        }
        Ok(())
    }

    /// Decides a move: the table, then the rules beside it.
    ///
    /// # Errors
    /// `Forbidden` (role, organisation, unverified email), `Conflict` (state, closed challenge),
    /// `Invalid` (missing note, incomplete content). The note comes parsed ([`Note::parse`] with
    /// [`NOTE_MAX`]).
    pub fn decide(
        &self,
        action: ProposalAction,
        actor: &Actor,
        note: Option<Note>,
        challenge: &Challenge,
        now: DateTime<Utc>,
    ) -> Result<Move, DomainError> {
        let to = next_state(self.state, action, &actor.roles)?;
        let acts_as_proposer = TRANSITIONS.iter().any(|(_, a, role, _)| *a == action && *role == Role::Proposer);
        if acts_as_proposer && actor.organization_id != self.organization_id {
            return Err(DomainError::Forbidden("only its organisation may do this".to_owned()));
        }
        let note = match note {
            Some(note) => Some(note),
            None if action.requires_note() => {
                return Err(DomainError::invalid(
                    "note",
                    "required",
                    format!("`{action}` needs a note explaining why"),
                ));
            }
            None => None,
        };
        let mut version = self.version;
        if matches!(action, A::Submit | A::Resubmit) {
            if !actor.email_verified {
                return Err(DomainError::Forbidden("verify your email address before submitting".to_owned()));
            }
            if !challenge.accepts_submissions(now) {
                return Err(DomainError::conflict(
                    "challenge_not_open",
                    "the challenge does not accept submissions now (it is not open, or outside its window)",
                ));
            }
            let missing = self.content.missing_for_submission();
            if !missing.is_empty() {
                return Err(DomainError::Invalid(missing));
            }
            if action == A::Resubmit {
                version += 1;
            }
        }
        Ok(Move { action, from: self.state, to, note, version })
    }
}

/// What an acceptance rests on: the submitted reviews of the current version against the challenge's
/// minimum, and whether the scores pass every threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptanceCheck {
    /// Submitted reviews of the current version.
    pub submitted_reviews: usize,
    /// The challenge's minimum.
    pub min_reviews: u8,
    /// Whether every pillar mean and the weighted total reach their thresholds.
    pub passes_thresholds: bool,
}

impl AcceptanceCheck {
    /// Why accepting would break the rules, if it would.
    pub fn shortfall(&self) -> Option<String> {
        if self.submitted_reviews < usize::from(self.min_reviews) {
            Some(format!("only {} of the {} required reviews are submitted", self.submitted_reviews, self.min_reviews))
        } else if !self.passes_thresholds {
            Some("the scores do not pass the challenge's thresholds".to_owned())
        } else {
            None
        }
    }

    /// Allows the acceptance, or requires an explicit override reason (kept in history and audit).
    ///
    /// # Errors
    /// `Conflict` (`override_required`) naming the shortfall when no reason is given.
    pub fn allow(&self, override_reason: Option<Note>) -> Result<Option<Note>, DomainError> {
        let Some(shortfall) = self.shortfall() else { return Ok(None) };
        match override_reason {
            Some(reason) => Ok(Some(reason)),
            None => Err(DomainError::conflict(
                "override_required",
                format!("{shortfall}: give an `override_reason` to accept anyway"),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
