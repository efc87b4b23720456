//! A challenge's editable content and the rules of its fields (slug, tags, texts, window).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::error::{DomainError, FieldError, Validation};
use crate::ids::{OrganizationId, UserId};
use crate::text::clean_text;

use super::{EvaluationInput, EvaluationSettings};

/// The editable content of a challenge, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ChallengeContent {
    /// URL name: lowercase letters, digits and hyphens.
    pub slug: String,
    /// Title in Italian.
    pub title_it: String,
    /// Title in English.
    pub title_en: Option<String>,
    /// Description in Italian (Markdown).
    pub description_it: String,
    /// Description in English (Markdown).
    pub description_en: Option<String>,
    /// The sponsoring administration.
    pub sponsor_id: OrganizationId,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Submissions open at.
    pub opens_at: DateTime<Utc>,
    /// Submissions close at (never, for the open call).
    pub closes_at: Option<DateTime<Utc>>,
    /// Evaluation settings.
    pub evaluation: EvaluationSettings,
    /// Whether its administrations are asked for an opinion (*parere*) on each proposal under review.
    pub sponsor_opinions: bool,
    /// Its responsible officer (*responsabile del procedimento*, L. 241/1990 art. 5), a hub manager:
    /// named by a hub manager, or whoever opens it; every challenge open to proposals has one.
    pub responsible_id: Option<UserId>,
    /// What the challenge can fund in all, in euro cents: with it the hub proposes the best portfolio
    /// of passing proposals that fits (issue 19).
    pub budget_cents: Option<i64>,
    /// The annexes it asks proposals for (issue 20).
    pub annexes: crate::annex::AnnexRules,
}

/// Parses a slug.
///
/// # Errors
/// A [`FieldError`] on `slug`.
pub fn parse_slug(raw: &str) -> Result<String, FieldError> {
    let slug = raw.trim();
    let valid = (3..=80).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if valid {
        Ok(slug.to_owned())
    } else {
        Err(FieldError::new("slug", "invalid_slug", "must be 3 to 80 lowercase letters, digits and single hyphens"))
    }
}

/// The most tags (or platforms) a list has.
pub const TAGS_MAX: usize = 20;
/// The longest description, in either language.
pub const DESCRIPTION_MAX: usize = 20_000;

/// Parses a list of tags: each 1 to 40 lowercase letters, digits and hyphens; at most [`TAGS_MAX`].
///
/// # Errors
/// A [`FieldError`] naming the first bad tag.
pub fn parse_tags(raw: &[String]) -> Result<BTreeSet<String>, FieldError> {
    crate::text::at_most("tags", raw.len(), TAGS_MAX)?;
    let mut tags = BTreeSet::new();
    for (i, tag) in raw.iter().enumerate() {
        let tag = tag.trim().to_lowercase();
        let valid = (1..=40).contains(&tag.len())
            && tag.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(FieldError::new(
                format!("tags[{i}]"),
                "invalid_tag",
                "must be 1 to 40 lowercase letters, digits or hyphens",
            ));
        }
        tags.insert(tag);
    }
    Ok(tags)
}

/// A challenge's content as given, before validation.
#[derive(Debug, Clone, Default)]
pub struct ChallengeInput {
    /// Slug.
    pub slug: Option<String>,
    /// Italian title.
    pub title_it: Option<String>,
    /// English title (`Some(None)` clears it).
    pub title_en: Option<Option<String>>,
    /// Italian description.
    pub description_it: Option<String>,
    /// English description.
    pub description_en: Option<Option<String>>,
    /// Sponsor.
    pub sponsor_id: Option<OrganizationId>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Opening time.
    pub opens_at: Option<DateTime<Utc>>,
    /// Closing time (`Some(None)`: never).
    pub closes_at: Option<Option<DateTime<Utc>>>,
    /// Evaluation settings.
    pub evaluation: Option<EvaluationInput>,
    /// Whether its administrations are asked for opinions.
    pub sponsor_opinions: Option<bool>,
    /// Its responsible officer (a hub manager's account; the store checks the role).
    pub responsible_id: Option<UserId>,
    /// Its budget in euro cents (`Some(None)` clears it).
    pub budget_cents: Option<Option<i64>>,
    /// The annexes it asks for (the whole list replaces the current one).
    pub annexes: Option<Vec<crate::annex::AnnexRuleInput>>,
}

fn optional_text(field: &str, raw: Option<String>, max: usize, multiline: bool) -> Result<Option<String>, FieldError> {
    raw.filter(|t| !t.trim().is_empty()).map(|t| clean_text(field, &t, 1, max, multiline)).transpose()
}

impl ChallengeContent {
    /// Validates a new challenge (every required field present).
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each missing or wrong field.
    pub fn create(input: ChallengeInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let required = |v: &mut Validation, field: &str, present: bool| {
            if !present {
                v.push(FieldError::new(field, "required", "is required"));
            }
        };
        required(&mut v, "slug", input.slug.is_some());
        required(&mut v, "title_it", input.title_it.is_some());
        required(&mut v, "description_it", input.description_it.is_some());
        required(&mut v, "sponsor_id", input.sponsor_id.is_some());
        required(&mut v, "opens_at", input.opens_at.is_some());
        v.finish()?;
        let base = Self {
            slug: String::new(),
            title_it: String::new(),
            title_en: None,
            description_it: String::new(),
            description_en: None,
            sponsor_id: OrganizationId::new(),
            tags: BTreeSet::new(),
            opens_at: DateTime::<Utc>::MIN_UTC,
            closes_at: None,
            evaluation: EvaluationSettings::default(),
            sponsor_opinions: false,
            responsible_id: None,
            budget_cents: None,
            annexes: crate::annex::AnnexRules::none(),
        };
        base.edit(input)
    }

    /// Applies an edit: given fields replace the current ones; the result is validated whole.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn edit(&self, input: ChallengeInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut next = self.clone();
        if let Some(slug) = input.slug.and_then(|s| v.check(parse_slug(&s))) {
            next.slug = slug;
        }
        if let Some(title) = input.title_it.and_then(|t| v.check(clean_text("title_it", &t, 3, 200, false))) {
            next.title_it = title;
        }
        if let Some(title) = input.title_en {
            next.title_en = v.check(optional_text("title_en", title, 200, false)).flatten();
        }
        if let Some(text) =
            input.description_it.and_then(|t| v.check(clean_text("description_it", &t, 1, DESCRIPTION_MAX, true)))
        {
            next.description_it = text;
        }
        if let Some(text) = input.description_en {
            next.description_en = v.check(optional_text("description_en", text, DESCRIPTION_MAX, true)).flatten();
        }
        if let Some(sponsor) = input.sponsor_id {
            next.sponsor_id = sponsor;
        }
        if let Some(tags) = input.tags.and_then(|t| v.check(parse_tags(&t))) {
            next.tags = tags;
        }
        if let Some(opens_at) = input.opens_at {
            next.opens_at = opens_at;
        }
        if let Some(closes_at) = input.closes_at {
            next.closes_at = closes_at;
        }
        if let Some(closes_at) = next.closes_at
            && closes_at <= next.opens_at
        {
            v.push(FieldError::new("closes_at", "before_opening", "must be after opens_at"));
        }
        if let Some(asked) = input.sponsor_opinions {
            next.sponsor_opinions = asked;
        }
        if let Some(responsible) = input.responsible_id {
            next.responsible_id = Some(responsible);
        }
        if let Some(budget) = input.budget_cents {
            next.budget_cents = match budget {
                Some(cents) if !(1..=crate::proposal::MAX_BUDGET_CENTS).contains(&cents) => {
                    v.push(FieldError::new(
                        "budget_cents",
                        "out_of_range",
                        "must be between one cent and one billion euro, in cents",
                    ));
                    None
                }
                other => other,
            };
        }
        if let Some(annexes) = &input.annexes {
            match crate::annex::AnnexRules::parse(annexes) {
                Ok(rules) => next.annexes = rules,
                Err(DomainError::Invalid(fields)) => fields.into_iter().for_each(|f| v.push(f)),
                Err(other) => return Err(other),
            }
        }
        if let Some(evaluation) = &input.evaluation {
            match next.evaluation.with(evaluation) {
                Ok(settings) => next.evaluation = settings,
                Err(DomainError::Invalid(fields)) => fields.into_iter().for_each(|f| v.push(f)),
                Err(other) => return Err(other),
            }
        }
        v.finish()?;
        Ok(next)
    }

    /// Whether the window is open at `now`.
    pub fn window_contains(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && self.closes_at.is_none_or(|closes| now < closes)
    }
}
