//! Every template struct against its files: each renders in both languages with every placeholder
//! filled and every value used, and the languages differ.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{TimeZone, Utc};
use domain::mails::{self, Outcome};
use domain::review::ClosingReason;
use domain::{Email, Locale, MailContent, MailTemplate, Note, OutgoingMail};

use super::{Templates, all_variants};

fn to() -> Email {
    Email::parse("anna@example.org").expect("valid")
}

fn mail(content: impl MailContent) -> OutgoingMail {
    OutgoingMail::new(to(), Locale::It, content)
}

fn note(text: &str) -> Note {
    Note::parse("note", Some(text), 1000).expect("valid").expect("not blank")
}

fn s(text: &str) -> String {
    text.to_owned()
}

/// One mail per template, every optional value given.
fn samples() -> Vec<OutgoingMail> {
    let due = Utc.with_ymd_and_hms(2031, 3, 4, 17, 30, 0).single().expect("a date");
    let (name, title, link) = (s("Anna Rossi"), s("Cloud per i Comuni"), s("https://hub.example/x?token=t0k"));
    vec![
        mail(mails::VerifyEmail { display_name: name.clone(), link: link.clone(), token: s("t0k"), hours: 48 }),
        mail(mails::Invitation {
            organization: s("Comune di Roma"),
            inviter: s("Bruno Bianchi"),
            link: link.clone(),
            token: s("t0k"),
            days: 14,
        }),
        mail(mails::InvitationAccountExists {
            organization: s("Comune di Roma"),
            inviter: s("Bruno Bianchi"),
            link: link.clone(),
        }),
        mail(mails::PasswordReset { display_name: name.clone(), link: link.clone(), token: s("t0k"), minutes: 60 }),
        mail(mails::PasswordResetUnknown { link: link.clone() }),
        mail(mails::NeedConverted {
            display_name: name.clone(),
            need: s("Prenotazione degli sportelli"),
            challenge: title.clone(),
            link: link.clone(),
        }),
        mail(mails::NeedMerged {
            display_name: name.clone(),
            need: s("Prenotazione degli sportelli"),
            into: s("Code agli sportelli anagrafici"),
            link: link.clone(),
        }),
        mail(mails::NeedClosed {
            display_name: name.clone(),
            need: s("Prenotazione degli sportelli"),
            reason: note("Il servizio esiste già nel catalogo."),
            link: link.clone(),
        }),
        mail(mails::NeedEdited {
            display_name: name.clone(),
            need: s("Prenotazione degli sportelli"),
            administration: s("Comune di Valdora"),
            link: link.clone(),
        }),
        mail(mails::ChallengeProposed {
            display_name: name.clone(),
            administration: s("Comune di Valdora"),
            challenge: s("Prenotare gli sportelli comunali"),
            link: link.clone(),
        }),
        mail(mails::ChallengeReturned {
            display_name: name.clone(),
            challenge: s("Prenotare gli sportelli comunali"),
            note: s("Indicare la finestra di presentazione."),
            link: link.clone(),
        }),
        mail(mails::ChallengeOpened {
            display_name: name.clone(),
            challenge: s("Prenotare gli sportelli comunali"),
            link: link.clone(),
        }),
        mail(mails::ConsensusRapporteur {
            display_name: name.clone(),
            title: s("Sportello digitale per le prenotazioni"),
            link: link.clone(),
        }),
        mail(mails::ConsensusDraft {
            display_name: name.clone(),
            title: s("Sportello digitale per le prenotazioni"),
            link: link.clone(),
        }),
        mail(mails::ConsensusFinal {
            display_name: name.clone(),
            title: s("Sportello digitale per le prenotazioni"),
            link: link.clone(),
        }),
        mail(mails::OpinionRequested {
            display_name: name.clone(),
            title: s("Sportello digitale per le prenotazioni"),
            challenge: s("Telemedicina per le aree interne"),
            link: link.clone(),
        }),
        mail(mails::MembershipEnded {
            display_name: name.clone(),
            organization: s("Aurora Labs S.r.l."),
            departure: s("left"),
            link: link.clone(),
        }),
        mail(mails::OwnershipTransferred {
            display_name: name.clone(),
            organization: s("Aurora Labs S.r.l."),
            owner: s("Marco Bianchi"),
            link: link.clone(),
        }),
        mail(mails::AdoptionDeclared {
            display_name: name.clone(),
            administration: s("Comune di Valdora"),
            service: s("Prenotazioni sportelli"),
            state: s("in_use"),
            link: link.clone(),
        }),
        mail(mails::CommunityMessage {
            display_name: name.clone(),
            sender: s("Giulia Conti"),
            organization: s("Comune di Valdora"),
            service: s("Prenotazioni sportelli"),
            subject: s("Integrazione con ANPR"),
            body: s("Come avete configurato ANPR? Grazie."),
            link: link.clone(),
        }),
        mail(mails::AdministrationVerified {
            display_name: name.clone(),
            organization: s("Comune di Roma"),
            ipa_code: s("c_h501"),
            link: link.clone(),
        }),
        mail(mails::PasswordChanged { display_name: name.clone(), link: link.clone() }),
        mail(mails::RegistrationAccountExists { display_name: name.clone(), link: link.clone() }),
        mail(mails::ProposalSubmitted {
            display_name: name.clone(),
            title: title.clone(),
            challenge: s("Sanità digitale"),
            version: 2,
            responsible: Some(s("Marta Galli")),
            link: link.clone(),
        }),
        mail(mails::RevisionRequested {
            display_name: name.clone(),
            title: title.clone(),
            note: note("Add a budget."),
            link: link.clone(),
        }),
        mail(mails::ProposalIneligible {
            display_name: name.clone(),
            title: title.clone(),
            reason: note("Out of scope."),
            link: link.clone(),
        }),
        mail(mails::ProposalResubmitted {
            display_name: name.clone(),
            title: title.clone(),
            organization: s("Comune di Roma"),
            version: 3,
            link: link.clone(),
        }),
        mail(mails::ReviewAssigned { display_name: name.clone(), title: title.clone(), due, link: link.clone() }),
        mail(mails::ReviewDueSoon { display_name: name.clone(), title: title.clone(), due, link: link.clone() }),
        mail(mails::ReviewCancelled {
            display_name: name.clone(),
            title: title.clone(),
            reason: ClosingReason::ProposalWithdrawn,
            link: link.clone(),
        }),
        mail(mails::Decision {
            display_name: name.clone(),
            title: title.clone(),
            outcome: Outcome::Accepted,
            rationale: note("Strong and feasible."),
            responsible: Some(s("Marta Galli")),
            observations_reply: Some(s("Le osservazioni non indicano i costi del piano.")),
            link: link.clone(),
        }),
        mail(mails::GroundsNotice {
            display_name: name.clone(),
            title: title.clone(),
            grounds: note("Manca il piano di sicurezza."),
            due,
            responsible: Some(s("Marta Galli")),
            link: link.clone(),
        }),
        mail(mails::ResponseInvited {
            display_name: name.clone(),
            title: title.clone(),
            due,
            responsible: Some(s("Marta Galli")),
            link: link.clone(),
        }),
        mail(mails::ResponseReceived { display_name: name.clone(), title: title.clone(), link: link.clone() }),
        mail(mails::ReviewRated { display_name: name.clone(), title: title.clone(), link: link.clone() }),
        mail(mails::WebhookDisabled {
            display_name: name.clone(),
            url: s("https://protocollo.unipd.example/hub"),
            failures: 15,
            link: link.clone(),
        }),
        mail(mails::RedressFiled {
            display_name: name.clone(),
            title: title.clone(),
            organization: s("Aurora Labs S.r.l."),
            link: link.clone(),
        }),
        mail(mails::RedressHandled {
            display_name: name.clone(),
            title: title.clone(),
            outcome: s("upheld"),
            reason: note("Una valutazione è arrivata dopo la decisione."),
            link: link.clone(),
        }),
        mail(mails::ObservationsReceived {
            display_name: name.clone(),
            title: title.clone(),
            organization: s("Aurora Labs S.r.l."),
            link: link.clone(),
        }),
        mail(mails::ProposalPromoted {
            display_name: name.clone(),
            title,
            organization: s("Comune di Roma"),
            link: link.clone(),
        }),
        mail(mails::ServicePublished { display_name: name.clone(), service: s("Firma Cloud"), link: link.clone() }),
        mail(mails::ServiceDeprecated {
            display_name: name,
            service: s("Firma Cloud"),
            reason: note("Superseded."),
            replacement: Some(s("Firma Cloud 2")),
            link,
        }),
    ]
}

/// The names the template's file in `locale` reads.
fn placeholders(templates: &Templates, template: MailTemplate, locale: Locale) -> BTreeSet<String> {
    let name = format!("{}.{}", template.as_str(), locale.as_str());
    templates.env.get_template(&name).expect("exists").undeclared_variables(false).into_iter().collect()
}

fn in_locale(mail: &OutgoingMail, locale: Locale) -> OutgoingMail {
    OutgoingMail { locale, ..mail.clone() }
}

#[test]
fn every_template_has_one_struct() {
    let covered: Vec<MailTemplate> = samples().iter().map(|m| m.template).collect();
    let unique: BTreeSet<&str> = covered.iter().map(|t| t.as_str()).collect();
    assert_eq!(covered.len(), MailTemplate::ALL.len(), "{covered:?}");
    assert_eq!(unique.len(), MailTemplate::ALL.len(), "{covered:?}");
}

#[test]
fn every_struct_fills_exactly_the_placeholders_of_its_files() {
    let templates = Templates::new().expect("templates compile");
    for sample in samples() {
        let keys: BTreeSet<String> = sample.params.keys().cloned().collect();
        for locale in [Locale::It, Locale::En] {
            let wanted = placeholders(&templates, sample.template, locale);
            assert_eq!(keys, wanted, "{} {locale:?}: the struct's values against the file's", sample.template);
        }
    }
}

#[test]
fn every_struct_renders_in_both_languages_with_every_value_used() {
    let templates = Templates::new().expect("templates compile");
    for sample in samples() {
        let template = sample.template;
        let it = templates.render(&in_locale(&sample, Locale::It)).expect("renders in Italian");
        let en = templates.render(&in_locale(&sample, Locale::En)).expect("renders in English");
        assert_ne!(it, en, "{template}: Italian and English differ");
        for (locale, rendered) in [(Locale::It, &it), (Locale::En, &en)] {
            assert!(!rendered.subject.is_empty(), "{template} {locale:?}: a subject");
            for text in [&rendered.subject, &rendered.body] {
                assert!(!text.contains("{{") && !text.contains("{%"), "{template} {locale:?}: unfilled: {text}");
            }
            assert!(rendered.body.contains("https://hub.example/x?token=t0k"), "{template} {locale:?}: the link");
            // Every value shows: changing it changes the email (a value read only by a condition too).
            for key in sample.params.keys() {
                let mut changed = in_locale(&sample, locale);
                let other = if key == "due" { "2031-03-05T09:00:00Z" } else { "\u{2042} other" };
                changed.params.insert(key.clone(), other.to_owned());
                let other = templates.render(&changed).expect("renders");
                assert_ne!(&other, rendered, "{template} {locale:?}: `{key}` is not used");
            }
        }
    }
}

/// How `key`'s stored `value` reads in an email in `locale`; `None` for a value read only in a
/// condition (it chooses a sentence).
fn shown(template: MailTemplate, key: &str, value: &str, locale: Locale) -> Option<String> {
    match key {
        "due" => Some(
            if locale == Locale::It { "4 marzo 2031, ore 18:30" } else { "4 March 2031, 18:30 (Rome time)" }.to_owned(),
        ),
        "outcome" => None,
        "reason" if template == MailTemplate::ReviewCancelled => None,
        "state" if template == MailTemplate::AdoptionDeclared => None,
        "departure" if template == MailTemplate::MembershipEnded => None,
        _ => Some(value.to_owned()),
    }
}

#[test]
fn every_value_appears_in_both_parts_and_nothing_is_left_blank() {
    let templates = Templates::new().expect("templates compile");
    for sample in samples() {
        for locale in [Locale::It, Locale::En] {
            let template = sample.template;
            let rendered = templates.render(&in_locale(&sample, locale)).expect("renders");
            for (key, value) in &sample.params {
                let Some(text) = shown(template, key, value, locale) else { continue };
                assert!(rendered.body.contains(&text), "{template} {locale:?}: `{key}` = {text:?} in the text");
                let escaped = text.replace('&', "&amp;").replace('"', "&quot;");
                assert!(rendered.html.contains(&escaped), "{template} {locale:?}: `{key}` in the HTML");
            }
            // An empty value would leave an empty quotation, a doubled space or a dangling "il ,".
            for empty in ["«»", "“”", "\"\"", "  ", " ,", " .", "()"] {
                let body = rendered.body.replace("\n    ", "\n");
                assert!(!body.contains(empty), "{template} {locale:?}: {empty:?} in {body}");
            }
        }
    }
}

#[test]
fn every_subject_has_the_one_prefix_once() {
    let templates = Templates::new().expect("templates compile");
    for sample in samples() {
        for locale in [Locale::It, Locale::En] {
            let subject = templates.render(&in_locale(&sample, locale)).expect("renders").subject;
            let rest = subject.strip_prefix(super::SUBJECT_PREFIX).unwrap_or_else(|| panic!("prefix: {subject}"));
            assert!(!rest.contains("Innovation Hub —") && !rest.trim().is_empty(), "{subject}");
        }
    }
}

#[test]
fn the_html_part_is_well_formed_in_the_right_language_with_real_links() {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let templates = Templates::new().expect("templates compile");
    for sample in samples() {
        for locale in [Locale::It, Locale::En] {
            let template = sample.template;
            let html = templates.render(&in_locale(&sample, locale)).expect("renders").html;
            assert!(html.starts_with("<!DOCTYPE html>\n"), "{template} {locale:?}: {html}");
            assert!(html.contains(&format!("<html lang=\"{}\">", locale.as_str())), "{template} {locale:?}");
            assert!(!html.contains("<img") && !html.contains("style="), "{template} {locale:?}: {html}");
            let link = "https://hub.example/x?token=t0k";
            assert!(html.contains(&format!("<a href=\"{link}\">{link}</a>")), "{template} {locale:?}: {html}");
            // Every element closes, in order (the XML reader checks the end tags' names).
            let mut reader = Reader::from_str(&html);
            let (mut depth, mut elements) = (0_i32, 0);
            loop {
                match reader.read_event() {
                    Ok(Event::Start(_)) => (depth, elements) = (depth + 1, elements + 1),
                    Ok(Event::End(_)) => depth -= 1,
                    Ok(Event::Eof) => break,
                    Ok(_) => {}
                    Err(error) => panic!("{template} {locale:?}: {error} in {html}"),
                }
            }
            assert_eq!(depth, 0, "{template} {locale:?}: unclosed elements in {html}");
            assert!(elements > 4, "{template} {locale:?}: {html}");
        }
    }
}

#[test]
fn the_italian_keeps_one_courteous_register() {
    let templates = Templates::new().expect("templates compile");
    // Lei throughout: no second person plural, no "tu", no slashed genders.
    let banned = ["riceverete", "potete", "/a ", "/o ", " ti ", " tuo ", " tua ", "registrato", "invitata"];
    for sample in samples() {
        let rendered = templates.render(&in_locale(&sample, Locale::It)).expect("renders");
        let text = format!("{} {}", rendered.subject, rendered.body).to_lowercase();
        for word in banned {
            assert!(!text.contains(word), "{}: {word:?} in {text}", sample.template);
        }
    }
}

#[test]
fn a_date_queued_by_an_older_version_is_written_the_new_way() {
    let templates = Templates::new().expect("templates compile");
    let mut mail = samples().into_iter().find(|m| m.template == MailTemplate::ReviewAssigned).expect("a sample");
    mail.params.insert("due".to_owned(), "2026-12-16 10:28 UTC".to_owned());
    let body = templates.render(&mail).expect("renders").body;
    assert!(body.contains("16 dicembre 2026, ore 11:28"), "{body}");
}

#[test]
fn an_optional_value_may_be_absent() {
    let templates = Templates::new().expect("templates compile");
    let content = mails::ServiceDeprecated {
        display_name: s("Anna Rossi"),
        service: s("Firma Cloud"),
        reason: note("Superseded."),
        replacement: None,
        link: s("https://hub.example/s"),
    };
    for (_, locale) in all_variants().filter(|(t, _)| *t == MailTemplate::ServiceDeprecated) {
        let mail = OutgoingMail::new(to(), locale, content.clone());
        assert!(!mail.params.contains_key("replacement"));
        let rendered = templates.render(&mail).expect("renders");
        assert!(!rendered.body.contains("Firma Cloud 2") && rendered.body.contains("Superseded."), "{rendered:?}");
    }
}

#[test]
fn a_message_queued_by_an_older_version_renders_the_same() {
    // Before the structs, every move's email carried all of the move's values.
    let templates = Templates::new().expect("templates compile");
    let old: BTreeMap<String, String> = [
        ("display_name", "Anna Rossi"),
        ("title", "Cloud per i Comuni"),
        ("challenge", "Sanità digitale"),
        ("organization", "Comune di Roma"),
        ("version", "1"),
        ("link", "https://hub.example/p"),
        ("note", "Strong."),
        ("reason", "Strong."),
        ("rationale", "Strong."),
        ("outcome", "accepted"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let queued = OutgoingMail { template: MailTemplate::Decision, locale: Locale::En, to: to(), params: old };
    let now = OutgoingMail::new(
        to(),
        Locale::En,
        mails::Decision {
            display_name: s("Anna Rossi"),
            title: s("Cloud per i Comuni"),
            outcome: Outcome::Accepted,
            rationale: note("Strong."),
            responsible: None,
            observations_reply: None,
            link: s("https://hub.example/p"),
        },
    );
    assert_eq!(templates.render(&queued).expect("renders"), templates.render(&now).expect("renders"));
}

#[test]
fn a_missing_value_is_an_error_not_a_blank() {
    let templates = Templates::new().expect("templates compile");
    let mail =
        OutgoingMail { template: MailTemplate::VerifyEmail, locale: Locale::It, to: to(), params: BTreeMap::new() };
    assert!(templates.render(&mail).is_err());
}
