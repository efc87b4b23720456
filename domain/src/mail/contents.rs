//! One struct per mail template: its fields are exactly the values the template's files use, named
//! as they name them (a test in `api` renders each in both languages and checks it).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{MailContent, MailTemplate};
use crate::review::ClosingReason;
use crate::text::Note;

/// A value a template shows, as the outbox stores it; `None` leaves an optional value out.
pub trait MailValue {
    /// The stored text.
    fn into_value(self) -> Option<String>;
}

impl MailValue for String {
    fn into_value(self) -> Option<String> {
        Some(self)
    }
}

impl MailValue for Note {
    fn into_value(self) -> Option<String> {
        Some(self.into_string())
    }
}

impl MailValue for i32 {
    fn into_value(self) -> Option<String> {
        Some(self.to_string())
    }
}

impl MailValue for i64 {
    fn into_value(self) -> Option<String> {
        Some(self.to_string())
    }
}

/// An instant, stored in RFC 3339; the email writes it in its reader's language and time zone.
impl MailValue for DateTime<Utc> {
    fn into_value(self) -> Option<String> {
        Some(self.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    }
}

impl MailValue for ClosingReason {
    fn into_value(self) -> Option<String> {
        Some(self.as_str().to_owned())
    }
}

impl<T: MailValue> MailValue for Option<T> {
    fn into_value(self) -> Option<String> {
        self.and_then(MailValue::into_value)
    }
}

/// How the hub decided, as the decision email says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted.
    Accepted,
    /// Not accepted.
    Rejected,
}

impl MailValue for Outcome {
    fn into_value(self) -> Option<String> {
        let outcome = match self {
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        };
        Some(outcome.to_owned())
    }
}

/// Declares each template's struct and its [`MailContent`]: a field's name is the value's name in the
/// template's files.
macro_rules! mail_contents {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident { $( $(#[doc = $field_doc:literal])* $field:ident: $ty:ty, )* }
    )*) => {$(
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            $( $(#[doc = $field_doc])* pub $field: $ty, )*
        }

        impl MailContent for $name {
            const TEMPLATE: MailTemplate = MailTemplate::$name;

            fn into_params(self) -> BTreeMap<String, String> {
                let mut params = BTreeMap::new();
                $(
                    if let Some(value) = MailValue::into_value(self.$field) {
                        params.insert(stringify!($field).to_owned(), value);
                    }
                )*
                params
            }
        }
    )*};
}

mail_contents! {
    /// A hub manager designated the recipient rapporteur of a proposal's consensus report.
    ConsensusRapporteur {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The consensus page.
        link: String,
    }
    /// The rapporteur drafted the consensus report (or changed the draft the recipient took a position on).
    ConsensusDraft {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The consensus page.
        link: String,
    }
    /// The consensus report was finalised (to the panel and the manager who designated the rapporteur).
    ConsensusFinal {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The consensus page.
        link: String,
    }
    /// Notice of the grounds that stand in the way of accepting a proposal (to its team; art. 10-bis).
    GroundsNotice {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The grounds.
        grounds: Note,
        /// The end of the term for observations.
        due: DateTime<Utc>,
        /// The challenge's responsible officer, once named.
        responsible: Option<String>,
        /// The proposal's page, where the observations are sent.
        link: String,
    }
    /// A team sent its observations on a notice of the grounds (to the manager who gave it and the
    /// responsible officer).
    ObservationsReceived {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The proposing organisation.
        organization: String,
        /// The decision's page.
        link: String,
    }
    /// A team asked for a review of its proposal's rejection (to hub managers).
    RedressFiled {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The proposing organisation.
        organization: String,
        /// The manager's page of the proposal, where the request is handled.
        link: String,
    }
    /// A hub manager handled the team's request for review (to the team).
    RedressHandled {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// `upheld` (the evaluation reopens) or `rejected` (the decision stands).
        outcome: String,
        /// Why.
        reason: Note,
        /// The proposal's page.
        link: String,
    }
    /// The reviews of a proposal are in: its team may read them and answer (to its team).
    ResponseInvited {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The end of the term for the response.
        due: DateTime<Utc>,
        /// The challenge's responsible officer, once named.
        responsible: Option<String>,
        /// The proposal's page, where the reviews are read and the response sent.
        link: String,
    }
    /// A team answered the reviews of its proposal (to its evaluators, the rapporteur and the responsible
    /// officer).
    ResponseReceived {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The recipient's page on the proposal: their review, the consensus or the decision.
        link: String,
    }
    /// The hub disabled a webhook endpoint after repeated failures (to its organisation's owner, or the admins).
    WebhookDisabled {
        /// The recipient's name.
        display_name: String,
        /// The endpoint's URL.
        url: String,
        /// The failed attempts in a row.
        failures: i32,
        /// The endpoint's page, where it is enabled again.
        link: String,
    }
    /// A hub manager or the rapporteur rated an evaluator's review (to the evaluator).
    ReviewRated {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The review's page, where the rating is read.
        link: String,
    }
    /// A proposal of a challenge that asks its administrations for opinions was admitted to review.
    OpinionRequested {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The challenge's title.
        challenge: String,
        /// The proposal's page in the administration's desk, where the opinion is given.
        link: String,
    }
    /// A member's membership ended: they left, or the organisation's owner or an admin removed them.
    MembershipEnded {
        /// The recipient's name.
        display_name: String,
        /// The organisation.
        organization: String,
        /// `left` or `removed`.
        departure: String,
        /// The privacy notice: how to ask for the account's data or its erasure.
        link: String,
    }
    /// An organisation's ownership was handed over.
    OwnershipTransferred {
        /// The recipient's name.
        display_name: String,
        /// The organisation.
        organization: String,
        /// The new owner's name.
        owner: String,
        /// The account page, where the owner manages the organisation.
        link: String,
    }
    /// An administration proposed its draft challenge to the hub.
    ChallengeProposed {
        /// The recipient's name.
        display_name: String,
        /// The administration.
        administration: String,
        /// The challenge's title.
        challenge: String,
        /// The challenge's page in the hub managers' desk.
        link: String,
    }
    /// A hub manager returned the administration's challenge with a note.
    ChallengeReturned {
        /// The recipient's name.
        display_name: String,
        /// The challenge's title.
        challenge: String,
        /// What to change.
        note: String,
        /// The challenge's page for its administration.
        link: String,
    }
    /// A hub manager opened the challenge the administration proposed.
    ChallengeOpened {
        /// The recipient's name.
        display_name: String,
        /// The challenge's title.
        challenge: String,
        /// The challenge's page for its administration, where it follows the proposals.
        link: String,
    }
    /// An administration adopts a service, or changed its adoption.
    AdoptionDeclared {
        /// The recipient's name.
        display_name: String,
        /// The administration.
        administration: String,
        /// The service's name.
        service: String,
        /// `planned`, `in_use` or `discontinued`.
        state: String,
        /// The service's community page.
        link: String,
    }
    /// A message from a member of a service's reuse community, relayed with no address.
    CommunityMessage {
        /// The recipient's name.
        display_name: String,
        /// Who wrote it.
        sender: String,
        /// Their organisation.
        organization: String,
        /// The service's name.
        service: String,
        /// The message's subject.
        subject: String,
        /// The message.
        body: String,
        /// The service's community page, where the recipient answers.
        link: String,
    }
    /// A need became a challenge.
    NeedConverted {
        /// The recipient's name.
        display_name: String,
        /// The need's title.
        need: String,
        /// The challenge's title.
        challenge: String,
        /// The challenge's page.
        link: String,
    }
    /// A need was merged into another.
    NeedMerged {
        /// The recipient's name.
        display_name: String,
        /// The merged need's title.
        need: String,
        /// The title of the need it joined.
        into: String,
        /// The page of the need it joined.
        link: String,
    }
    /// A need was closed.
    NeedClosed {
        /// The recipient's name.
        display_name: String,
        /// The need's title.
        need: String,
        /// Why.
        reason: Note,
        /// The need's page.
        link: String,
    }
    /// A need the recipient's administration co-signed was edited by the administration that stated it.
    NeedEdited {
        /// The recipient's name.
        display_name: String,
        /// The need's title, as edited.
        need: String,
        /// The administration that stated it.
        administration: String,
        /// The need's page.
        link: String,
    }
    /// An admin verified your administration: you are its officer.
    AdministrationVerified {
        /// The recipient's name.
        display_name: String,
        /// The administration's name.
        organization: String,
        /// Its IPA code.
        ipa_code: String,
        /// The account page, where the owner appoints other officers.
        link: String,
    }
    /// Confirm your email address.
    VerifyEmail {
        /// The recipient's name.
        display_name: String,
        /// The verification page, with the token.
        link: String,
        /// The token, for API clients.
        token: String,
        /// How long the token is valid.
        hours: i64,
    }
    /// You are invited to join an organisation.
    Invitation {
        /// The organisation's name.
        organization: String,
        /// Who invites.
        inviter: String,
        /// The page that accepts the invitation, with the token.
        link: String,
        /// The token, for API clients.
        token: String,
        /// How long the invitation is valid.
        days: i64,
    }
    /// An invitation to an address that already has an account.
    InvitationAccountExists {
        /// The organisation's name.
        organization: String,
        /// Who invites.
        inviter: String,
        /// The sign-in page.
        link: String,
    }
    /// Reset your password.
    PasswordReset {
        /// The recipient's name.
        display_name: String,
        /// The reset page, with the token.
        link: String,
        /// The token, for API clients.
        token: String,
        /// How long the token is valid.
        minutes: i64,
    }
    /// A password reset was asked for an address without an account.
    PasswordResetUnknown {
        /// The registration page.
        link: String,
    }
    /// Your password was changed.
    PasswordChanged {
        /// The recipient's name.
        display_name: String,
        /// The page that asks for a reset, if it was not them.
        link: String,
    }
    /// A registration with an address that already has an account.
    RegistrationAccountExists {
        /// The recipient's name.
        display_name: String,
        /// The page that asks for a reset.
        link: String,
    }
    /// Your proposal was submitted (to its team).
    ProposalSubmitted {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The challenge's title.
        challenge: String,
        /// The submitted version.
        version: i32,
        /// The challenge's responsible officer (*responsabile del procedimento*), once named.
        responsible: Option<String>,
        /// The proposal's page.
        link: String,
    }
    /// The hub asks for a revision (to the team).
    RevisionRequested {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// What to change.
        note: Note,
        /// The proposal's page.
        link: String,
    }
    /// Screening found the proposal ineligible (to the team).
    ProposalIneligible {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// Why.
        reason: Note,
        /// The proposal's page.
        link: String,
    }
    /// A proposal was resubmitted (to hub managers).
    ProposalResubmitted {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The proposing organisation.
        organization: String,
        /// The new version.
        version: i32,
        /// The proposal's page.
        link: String,
    }
    /// A review was assigned (to the evaluator).
    ReviewAssigned {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// When the review is due.
        due: DateTime<Utc>,
        /// The review's page.
        link: String,
    }
    /// A review is due within 48 hours (to the evaluator).
    ReviewDueSoon {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// When the review is due.
        due: DateTime<Utc>,
        /// The review's page.
        link: String,
    }
    /// An open review was cancelled (to the evaluator).
    ReviewCancelled {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// Why it was cancelled.
        reason: ClosingReason,
        /// The review's page.
        link: String,
    }
    /// The hub decided (to the proposal's team).
    Decision {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// Accepted or not.
        outcome: Outcome,
        /// Why.
        rationale: Note,
        /// The challenge's responsible officer (*responsabile del procedimento*), once named.
        responsible: Option<String>,
        /// Why the team's observations on the notice of the grounds do not change a rejection.
        observations_reply: Option<String>,
        /// The proposal's page.
        link: String,
    }
    /// An accepted proposal became a catalogue service (to the proposal's team).
    ProposalPromoted {
        /// The recipient's name.
        display_name: String,
        /// The proposal's title.
        title: String,
        /// The proposing organisation.
        organization: String,
        /// The proposal's page.
        link: String,
    }
    /// A service entered the public catalogue (to the provider organisation).
    ServicePublished {
        /// The recipient's name.
        display_name: String,
        /// The service's name.
        service: String,
        /// The service's page.
        link: String,
    }
    /// A service was deprecated (to the provider organisation).
    ServiceDeprecated {
        /// The recipient's name.
        display_name: String,
        /// The service's name.
        service: String,
        /// Why.
        reason: Note,
        /// The service to adopt instead, if any.
        replacement: Option<String>,
        /// The service's page.
        link: String,
    }
}
