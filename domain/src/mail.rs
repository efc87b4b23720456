//! Emails the hub sends. The domain says which template, to whom, in which language and with which
//! values; the API renders and delivers them from the outbox.
//!
//! Each template has one struct in [`contents`] whose fields are exactly the values its files show;
//! [`OutgoingMail::new`] turns one into the outbox's stored form (the template's name and its values
//! by name), which stays as it was so that messages queued by an older version still send.

pub mod contents;
mod moves;

pub use moves::{MoveFacts, move_mail};

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::account::{Email, Locale};

/// A mail template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailTemplate {
    /// Confirm your email address.
    VerifyEmail,
    /// You are invited to join an organisation.
    Invitation,
    /// Reset your password.
    PasswordReset,
    /// A password reset was asked for an address without an account.
    PasswordResetUnknown,
    /// Your password was changed (by a reset or by you).
    PasswordChanged,
    /// An invitation to an address that already has an account.
    InvitationAccountExists,
    /// A registration with an address that already has an account.
    RegistrationAccountExists,
    /// Your proposal was submitted (to its team).
    ProposalSubmitted,
    /// The hub asks for a revision (to the team).
    RevisionRequested,
    /// Screening found the proposal ineligible (to the team).
    ProposalIneligible,
    /// A proposal was resubmitted (to hub managers).
    ProposalResubmitted,
    /// A review was assigned (to the evaluator).
    ReviewAssigned,
    /// A review is due within 48 hours (to the evaluator, once).
    ReviewDueSoon,
    /// An open review was cancelled: the proposal left review at its version (to the evaluator).
    ReviewCancelled,
    /// The hub decided (to the proposal's team).
    Decision,
    /// An accepted proposal became a catalogue service (to the proposal's team).
    ProposalPromoted,
    /// A service entered the public catalogue (to the provider organisation).
    ServicePublished,
    /// A service was deprecated (to the provider organisation).
    ServiceDeprecated,
    /// An admin verified a public administration (to its owners, now its officers).
    AdministrationVerified,
    /// A need became a challenge (to the officers of its administration and its co-signers).
    NeedConverted,
    /// A need was merged into another (to its administration's officers).
    NeedMerged,
    /// A need was closed with a reason (to the officers of its administration and its co-signers).
    NeedClosed,
    /// A need was edited by its administration (to the officers of its co-signers).
    NeedEdited,
    /// An administration declared it adopts a service, or changed its adoption (to the provider).
    AdoptionDeclared,
    /// A member of a service's reuse community wrote to the recipient's organisation (relayed).
    CommunityMessage,
    /// An administration proposed its draft challenge to the hub (to hub managers).
    ChallengeProposed,
    /// A hub manager returned a challenge to its administration with a note (to its officers).
    ChallengeReturned,
    /// A hub manager opened a challenge its administration had proposed (to its officers).
    ChallengeOpened,
    /// An organisation's ownership was handed over (to the new owner and the former ones).
    OwnershipTransferred,
    /// A member left their organisation or was removed from it (to them).
    MembershipEnded,
    /// A proposal awaits the opinion of a challenge's administration (to its officers).
    OpinionRequested,
    /// The recipient is the rapporteur of a proposal's consensus report.
    ConsensusRapporteur,
    /// A consensus draft awaits the recipient's position.
    ConsensusDraft,
    /// A consensus report was finalised.
    ConsensusFinal,
    /// Notice of the grounds before a rejection (to the team).
    GroundsNotice,
    /// The team's observations on a notice of the grounds (to the hub).
    ObservationsReceived,
    /// The reviews are in: the team may answer them.
    ResponseInvited,
    /// The team answered the reviews (to its evaluators and the hub).
    ResponseReceived,
    /// A review was rated (to its evaluator).
    ReviewRated,
    /// A request for review of a rejection (to hub managers).
    RedressFiled,
    /// The hub disabled a webhook endpoint that kept failing (to its owners).
    WebhookDisabled,
    /// The request for review was handled (to the team).
    RedressHandled,
}

impl MailTemplate {
    /// Every template.
    pub const ALL: [Self; 42] = [
        Self::WebhookDisabled,
        Self::ReviewRated,
        Self::ResponseInvited,
        Self::ResponseReceived,
        Self::RedressFiled,
        Self::RedressHandled,
        Self::GroundsNotice,
        Self::ObservationsReceived,
        Self::ConsensusRapporteur,
        Self::ConsensusDraft,
        Self::ConsensusFinal,
        Self::OpinionRequested,
        Self::MembershipEnded,
        Self::OwnershipTransferred,
        Self::ChallengeProposed,
        Self::ChallengeReturned,
        Self::ChallengeOpened,
        Self::AdoptionDeclared,
        Self::CommunityMessage,
        Self::AdministrationVerified,
        Self::NeedConverted,
        Self::NeedMerged,
        Self::NeedClosed,
        Self::NeedEdited,
        Self::Decision,
        Self::ProposalPromoted,
        Self::ServicePublished,
        Self::ServiceDeprecated,
        Self::ReviewAssigned,
        Self::ReviewDueSoon,
        Self::ReviewCancelled,
        Self::VerifyEmail,
        Self::Invitation,
        Self::PasswordReset,
        Self::PasswordResetUnknown,
        Self::PasswordChanged,
        Self::InvitationAccountExists,
        Self::RegistrationAccountExists,
        Self::ProposalSubmitted,
        Self::RevisionRequested,
        Self::ProposalIneligible,
        Self::ProposalResubmitted,
    ];

    /// The stable name, also the template's file name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
            Self::PasswordResetUnknown => "password_reset_unknown",
            Self::PasswordChanged => "password_changed",
            Self::InvitationAccountExists => "invitation_account_exists",
            Self::RegistrationAccountExists => "registration_account_exists",
            Self::ProposalSubmitted => "proposal_submitted",
            Self::RevisionRequested => "revision_requested",
            Self::ProposalIneligible => "proposal_ineligible",
            Self::ProposalResubmitted => "proposal_resubmitted",
            Self::ReviewAssigned => "review_assigned",
            Self::ReviewDueSoon => "review_due_soon",
            Self::ReviewCancelled => "review_cancelled",
            Self::Decision => "decision",
            Self::ProposalPromoted => "proposal_promoted",
            Self::ServicePublished => "service_published",
            Self::ServiceDeprecated => "service_deprecated",
            Self::AdministrationVerified => "administration_verified",
            Self::NeedConverted => "need_converted",
            Self::NeedMerged => "need_merged",
            Self::NeedClosed => "need_closed",
            Self::NeedEdited => "need_edited",
            Self::AdoptionDeclared => "adoption_declared",
            Self::CommunityMessage => "community_message",
            Self::ChallengeProposed => "challenge_proposed",
            Self::ChallengeReturned => "challenge_returned",
            Self::ChallengeOpened => "challenge_opened",
            Self::OwnershipTransferred => "ownership_transferred",
            Self::MembershipEnded => "membership_ended",
            Self::OpinionRequested => "opinion_requested",
            Self::ConsensusRapporteur => "consensus_rapporteur",
            Self::ConsensusDraft => "consensus_draft",
            Self::ConsensusFinal => "consensus_final",
            Self::GroundsNotice => "grounds_notice",
            Self::ObservationsReceived => "observations_received",
            Self::ResponseInvited => "response_invited",
            Self::ResponseReceived => "response_received",
            Self::ReviewRated => "review_rated",
            Self::WebhookDisabled => "webhook_disabled",
            Self::RedressFiled => "redress_filed",
            Self::RedressHandled => "redress_handled",
        }
    }
}

impl FromStr for MailTemplate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| format!("unknown mail template `{s}`"))
    }
}

impl fmt::Display for MailTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An email to write to the outbox in the same transaction as the change that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Which template.
    pub template: MailTemplate,
    /// The recipient's language.
    pub locale: Locale,
    /// The recipient.
    pub to: Email,
    /// The values the template shows.
    pub params: BTreeMap<String, String>,
}

impl OutgoingMail {
    /// The mail `content` fills, to `to` in `locale`.
    pub fn new<C: MailContent>(to: Email, locale: Locale, content: C) -> Self {
        Self { template: C::TEMPLATE, locale, to, params: content.into_params() }
    }
}

/// The values of one mail template: implemented by one struct per template (see [`contents`]).
pub trait MailContent {
    /// The template these values fill.
    const TEMPLATE: MailTemplate;

    /// The values by the names the template's files use; an absent optional value is left out.
    fn into_params(self) -> BTreeMap<String, String>;
}

/// How long the outbox waits before retrying a failed delivery: exponential from 5 seconds,
/// capped at one hour.
pub fn retry_delay(attempts: u32) -> chrono::Duration {
    let seconds = 5i64.saturating_mul(1i64 << attempts.min(20));
    chrono::Duration::seconds(seconds.min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps() {
        assert_eq!(retry_delay(0).num_seconds(), 5);
        assert_eq!(retry_delay(1).num_seconds(), 10);
        assert_eq!(retry_delay(3).num_seconds(), 40);
        assert_eq!(retry_delay(10).num_seconds(), 3600);
        assert_eq!(retry_delay(u32::MAX).num_seconds(), 3600);
    }
}
