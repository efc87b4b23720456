//! The expertise vocabulary: the tags evaluators may declare, curated by hub managers. Automatic
//! assignment matches an evaluator's tags with a proposal's, so both speak the same words: a term's
//! tag has the form of a challenge's or proposal's tag, and its label says in Italian (and optionally
//! English) what it covers.

use std::collections::BTreeSet;

use crate::actor::{Actor, Role, Scope};
use crate::error::{DomainError, FieldError, Validation};
use crate::text::clean_text;

/// At most this many tags per evaluator.
pub const EXPERTISE_MAX: usize = 20;

/// A term of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertiseTerm {
    /// The tag (as proposals and challenges write them).
    pub tag: String,
    /// What it covers, in Italian.
    pub label_it: String,
    /// In English, when given.
    pub label_en: Option<String>,
}

impl ExpertiseTerm {
    /// A term from its tag (the path's) and labels as given, every field checked.
    ///
    /// # Errors
    /// `Invalid` naming every bad field: `tag` (the form of a tag), `label_it` (2–80 characters),
    /// `label_en` (2–80 when given).
    pub fn parse(tag: &str, label_it: Option<&str>, label_en: Option<&str>) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let tag = v.check(parse_tag(tag));
        let label_it = v.check(match label_it.map(str::trim).filter(|l| !l.is_empty()) {
            Some(label) => clean_text("label_it", label, 2, 80, false),
            None => Err(FieldError::new("label_it", "required", "is required")),
        });
        let label_en = match label_en.map(str::trim).filter(|l| !l.is_empty()) {
            Some(label) => v.check(clean_text("label_en", label, 2, 80, false)).map(Some),
            None => Some(None),
        };
        v.finish()?;
        match (tag, label_it, label_en) {
            (Some(tag), Some(label_it), Some(label_en)) => Ok(Self { tag, label_it, label_en }),
            _ => unreachable!("Validation::finish reports every missing field"),
        }
    }
}

/// A tag in the form proposals and challenges write them.
///
/// # Errors
/// `Invalid` (`tag`, `invalid_tag`).
pub fn parse_tag(raw: &str) -> Result<String, FieldError> {
    let tags = crate::challenge::parse_tags(&[raw.to_owned()])
        .map_err(|_| FieldError::new("tag", "invalid_tag", "must be 1 to 40 lowercase letters, digits or hyphens"))?;
    tags.into_iter().next().ok_or_else(|| FieldError::new("tag", "invalid_tag", "must not be empty"))
}

/// The expertise `chosen` as an evaluator declares it: every tag a term of `vocabulary`, at most
/// [`EXPERTISE_MAX`].
///
/// # Errors
/// `Invalid`: `expertise` (`too_many`), `expertise[i]` (`unknown_expertise`) for each tag the
/// vocabulary lacks.
pub fn choose(chosen: &[String], vocabulary: &BTreeSet<String>) -> Result<BTreeSet<String>, DomainError> {
    let mut v = Validation::new();
    v.check(crate::text::at_most("expertise", chosen.len(), EXPERTISE_MAX));
    let mut tags = BTreeSet::new();
    for (i, tag) in chosen.iter().enumerate() {
        let tag = tag.trim().to_lowercase();
        if vocabulary.contains(&tag) {
            tags.insert(tag);
        } else {
            v.push(FieldError::new(
                format!("expertise[{i}]"),
                "unknown_expertise",
                "is not a term of the hub's expertise vocabulary",
            ));
        }
    }
    v.finish()?;
    Ok(tags)
}

impl Actor {
    /// Whether the actor curates the vocabulary: a hub manager (a token needs `proposals:write`).
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn may_curate_expertise(&self) -> Result<(), DomainError> {
        self.require(Role::HubManager, Scope::ProposalsWrite)
    }

    /// Whether the actor declares their own expertise: an evaluator (a token needs `reviews:write`).
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn may_declare_expertise(&self) -> Result<(), DomainError> {
        self.require(Role::Evaluator, Scope::ReviewsWrite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_has_the_form_of_a_tag_and_an_italian_label() {
        let term = ExpertiseTerm::parse("Cloud", Some(" Cloud computing "), Some("")).expect("valid");
        assert_eq!(term, ExpertiseTerm { tag: "cloud".into(), label_it: "Cloud computing".into(), label_en: None });
        let Err(DomainError::Invalid(fields)) = ExpertiseTerm::parse("cloud native", None, Some("x")) else {
            panic!("invalid")
        };
        let named: Vec<(&str, &str)> = fields.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(named, [("tag", "invalid_tag"), ("label_it", "required"), ("label_en", "too_short")]);
    }

    #[test]
    fn an_evaluator_chooses_only_terms_of_the_vocabulary() {
        let vocabulary: BTreeSet<String> = ["cloud", "open-data"].map(String::from).into();
        let chosen = choose(&["Cloud".into(), "open-data".into()], &vocabulary).expect("known");
        assert_eq!(chosen, vocabulary);
        let Err(DomainError::Invalid(fields)) = choose(&["cloud".into(), "blockchain".into()], &vocabulary) else {
            panic!("unknown")
        };
        assert_eq!((fields[0].field.as_str(), fields[0].code), ("expertise[1]", "unknown_expertise"));
        let many: Vec<String> = (0..=EXPERTISE_MAX).map(|_| "cloud".to_owned()).collect();
        assert!(choose(&many, &vocabulary).is_err(), "at most {EXPERTISE_MAX}");
        assert_eq!(choose(&[], &vocabulary), Ok(BTreeSet::new()), "none is a choice");
    }
}
