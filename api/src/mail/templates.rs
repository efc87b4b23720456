//! Mail templates (minijinja), Italian and English, compiled into the binary.
//! Each file's first line is the subject (after the one prefix every subject has, [`SUBJECT_PREFIX`]);
//! the plain-text body follows a blank line, one line per paragraph; the HTML part is made from it
//! ([`super::html`]). A date is written `{{ due|datetime }}`: Rome time, in the file's language.

use domain::{Locale, MailTemplate, OutgoingMail};
use minijinja::{Environment, Error, ErrorKind, State};

use super::{dates, html};

/// What every subject starts with, so a reader's client groups and filters the hub's emails.
pub const SUBJECT_PREFIX: &str = "Innovation Hub — ";

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// The same body as a small HTML document in the recipient's language.
    pub html: String,
}

macro_rules! template_sources {
    ($($name:literal),*) => {
        &[$(
            (concat!($name, ".it"), include_str!(concat!("../../templates/mail/", $name, ".it.txt"))),
            (concat!($name, ".en"), include_str!(concat!("../../templates/mail/", $name, ".en.txt"))),
        )*]
    };
}

const SOURCES: &[(&str, &str)] = template_sources!(
    "verify_email",
    "invitation",
    "password_reset",
    "password_reset_unknown",
    "password_changed",
    "invitation_account_exists",
    "registration_account_exists",
    "proposal_submitted",
    "revision_requested",
    "proposal_ineligible",
    "proposal_resubmitted",
    "review_assigned",
    "review_due_soon",
    "review_cancelled",
    "decision",
    "proposal_promoted",
    "service_published",
    "service_deprecated",
    "administration_verified",
    "need_converted",
    "need_merged",
    "need_closed",
    "need_edited",
    "adoption_declared",
    "community_message",
    "challenge_proposed",
    "challenge_returned",
    "challenge_opened",
    "ownership_transferred",
    "membership_ended",
    "opinion_requested",
    "consensus_rapporteur",
    "consensus_draft",
    "consensus_final",
    "grounds_notice",
    "observations_received",
    "redress_filed",
    "redress_handled",
    "response_invited",
    "response_received",
    "review_rated",
    "webhook_disabled"
);

/// The compiled templates.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Compiles every template.
    ///
    /// # Errors
    /// When a template does not parse (a bug caught at start-up and by the tests).
    pub fn new() -> Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_filter("datetime", datetime);
        for (name, source) in SOURCES {
            env.add_template(name, source)?;
        }
        Ok(Self { env })
    }

    /// Renders `mail` in its recipient's language.
    ///
    /// # Errors
    /// When a value the template needs is missing.
    pub fn render(&self, mail: &OutgoingMail) -> Result<Rendered, minijinja::Error> {
        let name = format!("{}.{}", mail.template.as_str(), mail.locale.as_str());
        let text = self.env.get_template(&name)?.render(&mail.params)?;
        let (subject, body) = text.split_once('\n').unwrap_or((&text, ""));
        let subject = format!("{SUBJECT_PREFIX}{}", subject.trim());
        let body = body.trim_start_matches('\n').to_owned();
        let html = html::document(mail.locale, &subject, &body);
        Ok(Rendered { subject, body, html })
    }
}

/// The `datetime` filter: a stored instant written for the language of the template being rendered.
fn datetime(state: &State<'_, '_>, value: &str) -> Result<String, Error> {
    let locale = if state.name().ends_with(".en") { Locale::En } else { Locale::It };
    let instant = dates::parse(value)
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("not a date and time: {value}")))?;
    Ok(dates::format(instant, locale))
}

/// Every template and locale, for tests and start-up checks.
pub fn all_variants() -> impl Iterator<Item = (MailTemplate, Locale)> {
    MailTemplate::ALL.into_iter().flat_map(|t| [(t, Locale::It), (t, Locale::En)])
}

#[cfg(test)]
mod tests;
