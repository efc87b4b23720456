//! A service's editable content and its validation, field by field (completeness is checked at publish).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::account::Email;
use crate::challenge::{parse_slug, parse_tags};
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::OrganizationId;
use crate::pillar::HalfPoints;
use crate::text::clean_text;

use super::{DevelopmentStatus, ServiceModel, publiccode};

/// A maintenance contact (publiccode.yml `maintenance.contacts`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Organisation or role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

/// The pillar means a proposal had when it was accepted, in pillar order.
pub type PillarScores = [HalfPoints; 4];

/// The editable content of a service, validated field by field; completeness is checked at publish.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceContent {
    /// URL name; stable once published.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Short description in Italian (at most 150 characters, publiccode.yml's limit).
    pub short_description_it: String,
    /// Long description in Italian (Markdown).
    pub long_description_it: String,
    /// Short description in English.
    pub short_description_en: Option<String>,
    /// Long description in English.
    pub long_description_en: Option<String>,
    /// Key features in Italian, one line each.
    pub features_it: Vec<String>,
    /// Key features in English.
    pub features_en: Vec<String>,
    /// Delivery model.
    pub service_model: Option<ServiceModel>,
    /// Category tags.
    pub tags: BTreeSet<String>,
    /// The organisation that provides and maintains it.
    pub provider_id: OrganizationId,
    /// SPDX licence expression.
    pub license: Option<String>,
    /// Source repository.
    pub repository_url: Option<String>,
    /// Landing page.
    pub landing_url: Option<String>,
    /// Semantic version.
    pub version: Option<String>,
    /// Maintenance contacts.
    pub contacts: Vec<Contact>,
    /// Platforms it runs on (`web`, `linux`, `kubernetes`…).
    pub platforms: BTreeSet<String>,
    /// Maturity.
    pub development_status: Option<DevelopmentStatus>,
    /// The date of the current version's release (publiccode.yml `releaseDate`); required to publish.
    pub release_date: Option<NaiveDate>,
    /// What it supports or complies with, as publiccode.yml 0.7 aliases (`supports`): see [`SUPPORTS`].
    pub supports: BTreeSet<String>,
}

/// The `alias:` names of publiccode.yml 0.7's `supports` an editor may declare: the national platforms
/// and rules the deprecated Italian section used to carry (SPID, CIE, ANPR, pagoPA, IO) and the GDPR.
pub const SUPPORTS: &[&str] = &["anpr", "cie", "gdpr", "io", "pagopa", "spid"];

/// A service's content as sent, before validation. `Some(None)` clears an optional field.
#[derive(Debug, Clone, Default)]
pub struct ServiceInput {
    /// Slug.
    pub slug: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Italian short description.
    pub short_description_it: Option<String>,
    /// Italian long description.
    pub long_description_it: Option<String>,
    /// English short description.
    pub short_description_en: Option<Option<String>>,
    /// English long description.
    pub long_description_en: Option<Option<String>>,
    /// Italian features.
    pub features_it: Option<Vec<String>>,
    /// English features.
    pub features_en: Option<Vec<String>>,
    /// Service model.
    pub service_model: Option<Option<String>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Provider.
    pub provider_id: Option<OrganizationId>,
    /// Licence.
    pub license: Option<Option<String>>,
    /// Repository URL.
    pub repository_url: Option<Option<String>>,
    /// Landing URL.
    pub landing_url: Option<Option<String>>,
    /// Version.
    pub version: Option<Option<String>>,
    /// Contacts.
    pub contacts: Option<Vec<Contact>>,
    /// Platforms.
    pub platforms: Option<Vec<String>>,
    /// Development status.
    pub development_status: Option<Option<String>>,
    /// Release date of the current version (`YYYY-MM-DD`).
    pub release_date: Option<Option<String>>,
    /// Supported platforms and rules, from [`SUPPORTS`].
    pub supports: Option<Vec<String>>,
}

/// Short descriptions: publiccode.yml allows at most 150 characters.
pub const SHORT_DESCRIPTION_MAX: usize = 150;
/// Long descriptions: publiccode.yml asks for 150 to 10,000 characters.
pub const LONG_DESCRIPTION: (usize, usize) = (150, 10_000);

fn optional<T>(
    v: &mut Validation,
    raw: Option<Option<String>>,
    current: &mut Option<T>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) {
    if let Some(value) = raw {
        match value.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => *current = None,
            Some(text) => {
                if let Some(parsed) = v.check(parse(text)) {
                    *current = Some(parsed);
                }
            }
        }
    }
}

fn parse_url(field: &str, raw: &str) -> Result<String, FieldError> {
    let valid = raw.len() <= 2_000
        && (raw.starts_with("https://") || raw.starts_with("http://"))
        && raw.split("://").nth(1).is_some_and(|rest| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            host.contains('.') && !host.chars().any(char::is_whitespace)
        })
        && !raw.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid { Ok(raw.to_owned()) } else { Err(FieldError::new(field, "invalid_url", "must be an http(s) URL")) }
}

/// A semantic version such as `1.4.0` or `2.0.0-rc.1`.
fn parse_version(raw: &str) -> Result<String, FieldError> {
    match semver::Version::parse(raw) {
        Ok(version) if raw.len() <= 100 => Ok(version.to_string()),
        _ => Err(FieldError::new("version", "invalid_version", "must be a semantic version such as 1.4.0")),
    }
}

/// An SPDX licence expression whose identifiers are all on the SPDX list (`EUPL-1.2`, `MIT OR Apache-2.0`).
fn parse_license(raw: &str) -> Result<String, FieldError> {
    match spdx::Expression::parse(raw) {
        Ok(_) if raw.len() <= 200 => Ok(raw.to_owned()),
        _ => Err(FieldError::new("license", "invalid_license", "must be an SPDX licence identifier or expression")),
    }
}

/// The most features a service lists in each language.
pub const FEATURES_MAX: usize = 30;
/// The most contacts a service lists.
pub const CONTACTS_MAX: usize = 20;

fn parse_lines(field: &str, raw: &[String], max_items: usize, max_len: usize) -> Result<Vec<String>, FieldError> {
    crate::text::at_most(field, raw.len(), max_items)?;
    raw.iter().enumerate().map(|(i, line)| clean_text(&format!("{field}[{i}]"), line, 1, max_len, false)).collect()
}

/// Mailbox names that reach a desk, not a person (publiccode.yml: "do NOT populate this key with
/// mailing-lists or generic contact points like info@acme.inc"): the address's local part, before any
/// `+tag`, equal to one of these, or starting with one followed by `-`, `.` or `_`, is not a person's.
const GENERIC_MAILBOXES: &[&str] = &[
    "admin",
    "amministrazione",
    "assistenza",
    "contact",
    "contacts",
    "contatti",
    "customer",
    "helpdesk",
    "help",
    "hello",
    "info",
    "informazioni",
    "mail",
    "marketing",
    "no-reply",
    "noreply",
    "office",
    "pa",
    "pec",
    "postmaster",
    "protocollo",
    "sales",
    "segreteria",
    "service",
    "servizi",
    "soc",
    "staff",
    "support",
    "supporto",
    "team",
    "ufficio",
    "webmaster",
];

/// Words that name a desk, an office or a team, not a person (publiccode.yml: "It must be a real person;
/// do NOT populate this key with generic contact information, company departments, associations").
const GENERIC_NAME_WORDS: &[&str] = &[
    "assistenza",
    "customer",
    "desk",
    "dipartimento",
    "department",
    "helpdesk",
    "office",
    "servizio",
    "service",
    "staff",
    "supporto",
    "support",
    "team",
    "ufficio",
];

/// Whether contact `i` looks like a person, by the heuristics above; the error names the field.
pub(crate) fn check_personal(i: usize, c: &Contact) -> Result<(), FieldError> {
    let generic_word =
        c.name.split(|ch: char| !ch.is_alphanumeric()).any(|w| GENERIC_NAME_WORDS.contains(&w.to_lowercase().as_str()));
    if generic_word {
        return Err(FieldError::new(
            format!("contacts[{i}].name"),
            "not_a_person",
            "must be a person's full name, not a desk, office or team (publiccode.yml maintenance contacts)",
        ));
    }
    if let Some(email) = &c.email {
        let local = email.split('@').next().unwrap_or_default().split('+').next().unwrap_or_default();
        let local = local.to_lowercase();
        let generic = GENERIC_MAILBOXES
            .iter()
            .any(|g| local == *g || local.strip_prefix(g).is_some_and(|rest| rest.starts_with(['-', '.', '_'])));
        if generic {
            return Err(FieldError::new(
                format!("contacts[{i}].email"),
                "not_a_person",
                "must reach the person directly, not a generic mailbox like info@ or support@",
            ));
        }
    }
    Ok(())
}

/// A release date, `YYYY-MM-DD` (the only date format publiccode.yml allows).
fn parse_release_date(text: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| FieldError::new("release_date", "invalid_date", "must be a date, YYYY-MM-DD"))
}

/// Supported platforms and rules: names of [`SUPPORTS`], each once.
fn parse_supports(raw: &[String]) -> Result<BTreeSet<String>, FieldError> {
    raw.iter()
        .map(|s| {
            let name = s.trim().to_lowercase();
            if SUPPORTS.contains(&name.as_str()) {
                Ok(name)
            } else {
                Err(FieldError::new("supports", "unknown_support", format!("must be among {}", SUPPORTS.join(", "))))
            }
        })
        .collect()
}

fn parse_contacts(raw: &[Contact]) -> Result<Vec<Contact>, FieldError> {
    crate::text::at_most("contacts", raw.len(), CONTACTS_MAX)?;
    raw.iter()
        .enumerate()
        .map(|(i, c)| {
            let text = |name: &str, value: &Option<String>, max: usize| {
                value
                    .as_deref()
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| clean_text(&format!("contacts[{i}].{name}"), t, 1, max, false))
                    .transpose()
            };
            let email = c
                .email
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|e| {
                    Email::parse(e)
                        .map(|e| e.as_str().to_owned())
                        .map_err(|err| FieldError::new(format!("contacts[{i}].email"), err.code, err.message))
                })
                .transpose()?;
            let phone = text("phone", &c.phone, 40)?;
            if let Some(p) = &phone
                && !p.bytes().all(|b| b.is_ascii_digit() || b" +-()./".contains(&b))
            {
                return Err(FieldError::new(
                    format!("contacts[{i}].phone"),
                    "invalid_phone",
                    "digits, spaces and + - ( ) . / only",
                ));
            }
            let contact = Contact {
                name: clean_text(&format!("contacts[{i}].name"), &c.name, 2, 200, false)?,
                email,
                phone,
                affiliation: text("affiliation", &c.affiliation, 200)?,
            };
            check_personal(i, &contact)?;
            Ok(contact)
        })
        .collect()
}

fn parse_platforms(raw: &[String]) -> Result<BTreeSet<String>, FieldError> {
    parse_tags(raw).map_err(|e| FieldError::new(e.field.replacen("tags", "platforms", 1), e.code, e.message))
}

impl ServiceContent {
    /// Validates a new service: slug, name, the Italian descriptions and the provider are required.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each missing or wrong field.
    pub fn create(input: ServiceInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        for (field, present) in [
            ("slug", input.slug.is_some()),
            ("name", input.name.is_some()),
            ("short_description_it", input.short_description_it.is_some()),
            ("long_description_it", input.long_description_it.is_some()),
            ("provider_id", input.provider_id.is_some()),
        ] {
            if !present {
                v.push(FieldError::new(field, "required", "is required"));
            }
        }
        v.finish()?;
        let empty = Self {
            slug: String::new(),
            name: String::new(),
            short_description_it: String::new(),
            long_description_it: String::new(),
            short_description_en: None,
            long_description_en: None,
            features_it: Vec::new(),
            features_en: Vec::new(),
            service_model: None,
            tags: BTreeSet::new(),
            provider_id: OrganizationId::new(),
            license: None,
            repository_url: None,
            landing_url: None,
            version: None,
            contacts: Vec::new(),
            platforms: BTreeSet::new(),
            development_status: None,
            release_date: None,
            supports: BTreeSet::new(),
        };
        empty.edit(input)
    }

    /// Applies an edit: given fields replace the current ones, each validated.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn edit(&self, input: ServiceInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut next = self.clone();
        if let Some(slug) = input.slug.and_then(|s| v.check(parse_slug(&s))) {
            next.slug = slug;
        }
        if let Some(name) = input.name.and_then(|t| v.check(clean_text("name", &t, 2, 200, false))) {
            next.name = name;
        }
        if let Some(text) = input
            .short_description_it
            .and_then(|t| v.check(clean_text("short_description_it", &t, 1, SHORT_DESCRIPTION_MAX, false)))
        {
            next.short_description_it = text;
        }
        if let Some(text) = input
            .long_description_it
            .and_then(|t| v.check(clean_text("long_description_it", &t, 1, LONG_DESCRIPTION.1, true)))
        {
            next.long_description_it = text;
        }
        optional(&mut v, input.short_description_en, &mut next.short_description_en, |t| {
            clean_text("short_description_en", t, 1, SHORT_DESCRIPTION_MAX, false)
        });
        optional(&mut v, input.long_description_en, &mut next.long_description_en, |t| {
            clean_text("long_description_en", t, 1, LONG_DESCRIPTION.1, true)
        });
        if let Some(lines) = input.features_it.and_then(|f| v.check(parse_lines("features_it", &f, FEATURES_MAX, 100)))
        {
            next.features_it = lines;
        }
        if let Some(lines) = input.features_en.and_then(|f| v.check(parse_lines("features_en", &f, FEATURES_MAX, 100)))
        {
            next.features_en = lines;
        }
        optional(&mut v, input.service_model, &mut next.service_model, str::parse);
        if let Some(tags) = input.tags.and_then(|t| v.check(parse_tags(&t))) {
            next.tags = tags;
        }
        if let Some(provider) = input.provider_id {
            next.provider_id = provider;
        }
        optional(&mut v, input.license, &mut next.license, parse_license);
        optional(&mut v, input.repository_url, &mut next.repository_url, |t| parse_url("repository_url", t));
        optional(&mut v, input.landing_url, &mut next.landing_url, |t| parse_url("landing_url", t));
        optional(&mut v, input.version, &mut next.version, parse_version);
        if let Some(contacts) = input.contacts.and_then(|c| v.check(parse_contacts(&c))) {
            next.contacts = contacts;
        }
        if let Some(platforms) = input.platforms.and_then(|p| v.check(parse_platforms(&p))) {
            next.platforms = platforms;
        }
        optional(&mut v, input.development_status, &mut next.development_status, str::parse);
        optional(&mut v, input.release_date, &mut next.release_date, parse_release_date);
        if let Some(supports) = input.supports.and_then(|s| v.check(parse_supports(&s))) {
            next.supports = supports;
        }
        v.finish()?;
        Ok(next)
    }

    /// What publishing still needs: every field the publiccode.yml export requires, one error each (the
    /// unmet items of [`Self::publication_checklist`]).
    pub fn missing_for_publication(&self) -> Vec<FieldError> {
        self.publication_checklist().into_iter().filter(|r| !r.met).map(|r| r.need).collect()
    }

    /// The publish checklist: each thing the publiccode.yml export requires of this content, and whether
    /// it is there. English items appear once some English is written; a contact that is not a person's
    /// appears as unmet. Publishing is refused while any item is unmet.
    pub fn publication_checklist(&self) -> Vec<Requirement> {
        let mut list = Vec::new();
        let required = |field: &str, met: bool| Requirement {
            need: FieldError::new(field, "required_to_publish", "is required to publish"),
            met,
        };
        list.push(required("service_model", self.service_model.is_some()));
        list.push(required("license", self.license.is_some()));
        list.push(required("repository_url", self.repository_url.is_some()));
        list.push(required("version", self.version.is_some()));
        list.push(required("contacts", !self.contacts.is_empty()));
        list.push(required("platforms", !self.platforms.is_empty()));
        list.push(required("development_status", self.development_status.is_some()));
        list.push(required("release_date", self.release_date.is_some()));
        list.push(required("features_it", !self.features_it.is_empty()));
        list.extend(
            self.contacts
                .iter()
                .enumerate()
                .filter_map(|(i, c)| check_personal(i, c).err())
                .map(|need| Requirement { need, met: false }),
        );
        list.push(Requirement {
            need: FieldError::new(
                "tags",
                "category_required_to_publish",
                "needs at least one publiccode.yml category 0.7 category (e.g. `data-analytics`, `document-management`) to publish",
            ),
            met: self.tags.iter().any(|t| publiccode::is_category(t)),
        });
        if self.short_description_en.is_some() {
            list.push(Requirement {
                need: FieldError::new("features_en", "required_to_publish", "English needs its features to publish"),
                met: !self.features_en.is_empty(),
            });
        }
        list.push(Requirement {
            need: FieldError::new(
                "long_description_it",
                "too_short_to_publish",
                format!("must be at least {} characters to publish", LONG_DESCRIPTION.0),
            ),
            met: self.long_description_it.chars().count() >= LONG_DESCRIPTION.0,
        });
        if let Some(en) = &self.long_description_en {
            list.push(Requirement {
                need: FieldError::new(
                    "long_description_en",
                    "too_short_to_publish",
                    format!("must be at least {} characters to publish, or absent", LONG_DESCRIPTION.0),
                ),
                met: en.chars().count() >= LONG_DESCRIPTION.0,
            });
        }
        if self.long_description_en.is_some() || self.short_description_en.is_some() {
            let field =
                if self.short_description_en.is_none() { "short_description_en" } else { "long_description_en" };
            list.push(Requirement {
                need: FieldError::new(field, "required_to_publish", "English needs both descriptions to publish"),
                met: self.long_description_en.is_some() && self.short_description_en.is_some(),
            });
        }
        list
    }
}

/// One item of the publish checklist: what publishing needs (as its refusal names it) and whether the
/// content meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// What is needed: the field and the code publishing answers while it is unmet.
    pub need: FieldError,
    /// Whether the content meets it.
    pub met: bool,
}
