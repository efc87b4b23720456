//! What the emails of a proposal's move say (which move sends which: [`crate::proposal::mails_for`]).

use super::contents::{
    Decision, Outcome, ProposalIneligible, ProposalPromoted, ProposalResubmitted, ProposalSubmitted, RevisionRequested,
};
use super::{MailTemplate, OutgoingMail};
use crate::account::{Email, Locale};
use crate::proposal::{Move, ProposalState};

/// The facts of one move that its emails show.
#[derive(Debug, Clone, Copy)]
pub struct MoveFacts<'a> {
    /// The move.
    pub step: &'a Move,
    /// The proposal's title.
    pub title: &'a str,
    /// The challenge's title.
    pub challenge: &'a str,
    /// The proposing organisation's name.
    pub organization: &'a str,
    /// The proposal's page.
    pub link: &'a str,
    /// The name of the challenge's responsible officer (*responsabile del procedimento*), once named.
    pub responsible: Option<&'a str>,
    /// A rejection's reply to the team's observations on the notice of the grounds.
    pub observations_reply: Option<&'a str>,
}

/// The email `template` of a move to `to`, named `display_name`, in `locale`. `None` for a template
/// no move sends, or for a move without the note its email shows (the domain refuses such moves:
/// [`crate::ProposalAction::requires_note`]).
pub fn move_mail(
    template: MailTemplate,
    to: Email,
    locale: Locale,
    display_name: String,
    facts: MoveFacts<'_>,
) -> Option<OutgoingMail> {
    let MoveFacts { step, title, challenge, organization, link, responsible, observations_reply } = facts;
    let (title, organization, link) = (title.to_owned(), organization.to_owned(), link.to_owned());
    let responsible = responsible.map(str::to_owned);
    let version = step.version;
    let note = step.note.clone();
    Some(match template {
        MailTemplate::ProposalSubmitted => OutgoingMail::new(
            to,
            locale,
            ProposalSubmitted { display_name, title, challenge: challenge.to_owned(), version, responsible, link },
        ),
        MailTemplate::ProposalResubmitted => {
            OutgoingMail::new(to, locale, ProposalResubmitted { display_name, title, organization, version, link })
        }
        MailTemplate::RevisionRequested => {
            OutgoingMail::new(to, locale, RevisionRequested { display_name, title, note: note?, link })
        }
        MailTemplate::ProposalIneligible => {
            OutgoingMail::new(to, locale, ProposalIneligible { display_name, title, reason: note?, link })
        }
        MailTemplate::Decision => {
            let outcome = if step.to == ProposalState::Accepted { Outcome::Accepted } else { Outcome::Rejected };
            OutgoingMail::new(
                to,
                locale,
                Decision {
                    display_name,
                    title,
                    outcome,
                    rationale: note?,
                    responsible,
                    observations_reply: observations_reply.map(str::to_owned),
                    link,
                },
            )
        }
        MailTemplate::ProposalPromoted => {
            OutgoingMail::new(to, locale, ProposalPromoted { display_name, title, organization, link })
        }
        _ => return None,
    })
}
