//! The annexes a challenge asks for.

use std::collections::BTreeSet;

use super::{AnnexType, parse_types};
use crate::error::{DomainError, FieldError, Validation};

/// The largest file an annex takes unless its challenge says otherwise: 20 MiB.
pub const MAX_BYTES_DEFAULT: u64 = 20 * 1024 * 1024;
/// The largest file any annex may take: 100 MiB.
pub const MAX_BYTES_CAP: u64 = 100 * 1024 * 1024;
/// The most annexes a challenge asks for.
pub const RULES_MAX: usize = 10;
/// The most files one annex takes.
pub const COUNT_MAX: u8 = 10;
/// The most pages a challenge may allow a PDF.
pub const PAGES_MAX: u16 = 2000;

/// One annex a challenge asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexRule {
    /// Its key in the API: 1 to 40 lowercase letters, digits and hyphens, unique in the challenge.
    pub key: String,
    /// Its name, as proposers read it.
    pub name: String,
    /// Whether a proposal is submitted only with it.
    pub required: bool,
    /// The kinds of file it takes.
    pub types: BTreeSet<AnnexType>,
    /// Its largest file, in bytes.
    pub max_bytes: u64,
    /// How many files it takes.
    pub max_count: u8,
    /// A PDF's most pages, if limited.
    pub max_pages: Option<u16>,
}

/// A challenge's annex rules, valid by construction: unique keys, at most [`RULES_MAX`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnexRules(Vec<AnnexRule>);

/// One annex rule as given, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnexRuleInput {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Whether required (default no).
    pub required: Option<bool>,
    /// Types, by name.
    pub types: Vec<String>,
    /// Largest file in bytes (default [`MAX_BYTES_DEFAULT`]).
    pub max_bytes: Option<u64>,
    /// How many files (default 1).
    pub max_count: Option<u8>,
    /// A PDF's most pages.
    pub max_pages: Option<u16>,
}

fn valid_key(key: &str) -> bool {
    (1..=40).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !key.starts_with('-')
}

impl AnnexRules {
    /// No annexes.
    pub fn none() -> Self {
        Self::default()
    }

    /// Rules already validated (as stored).
    pub fn from_valid(rules: Vec<AnnexRule>) -> Self {
        Self(rules)
    }

    /// Validates rules as given (paths under `annexes`).
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn parse(input: &[AnnexRuleInput]) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        if let Err(e) = crate::text::at_most("annexes", input.len(), RULES_MAX) {
            v.push(e);
        }
        let mut rules: Vec<AnnexRule> = Vec::new();
        for (i, raw) in input.iter().take(RULES_MAX).enumerate() {
            let at = |field: &str| format!("annexes[{i}].{field}");
            let key = raw.key.trim().to_owned();
            if !valid_key(&key) {
                v.push(FieldError::new(
                    at("key"),
                    "invalid_key",
                    "must be 1 to 40 lowercase letters, digits or hyphens",
                ));
            } else if rules.iter().any(|r| r.key == key) {
                v.push(FieldError::new(at("key"), "duplicate", "another annex has this key"));
            }
            let name = v.check(crate::text::clean_text(&at("name"), &raw.name, 2, 120, false)).unwrap_or_default();
            let types = parse_types(&at("types"), &raw.types, &mut v);
            let max_bytes = raw.max_bytes.unwrap_or(MAX_BYTES_DEFAULT);
            if !(1..=MAX_BYTES_CAP).contains(&max_bytes) {
                v.push(FieldError::new(at("max_bytes"), "out_of_range", format!("must be 1 to {MAX_BYTES_CAP} bytes")));
            }
            let max_count = raw.max_count.unwrap_or(1);
            if !(1..=COUNT_MAX).contains(&max_count) {
                v.push(FieldError::new(at("max_count"), "out_of_range", format!("must be 1 to {COUNT_MAX}")));
            }
            if let Some(pages) = raw.max_pages {
                if !(1..=PAGES_MAX).contains(&pages) {
                    v.push(FieldError::new(at("max_pages"), "out_of_range", format!("must be 1 to {PAGES_MAX}")));
                } else if !types.contains(&AnnexType::Pdf) {
                    v.push(FieldError::new(at("max_pages"), "not_pdf", "a page limit needs the `pdf` type"));
                }
            }
            rules.push(AnnexRule {
                key,
                name,
                required: raw.required.unwrap_or(false),
                types,
                max_bytes,
                max_count,
                max_pages: raw.max_pages,
            });
        }
        v.finish()?;
        Ok(Self(rules))
    }

    /// The rule with this key.
    pub fn get(&self, key: &str) -> Option<&AnnexRule> {
        self.0.iter().find(|r| r.key == key)
    }

    /// Every rule, in the challenge's order.
    pub fn iter(&self) -> std::slice::Iter<'_, AnnexRule> {
        self.0.iter()
    }

    /// Whether the challenge asks for no annex.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The largest file any of its rules takes (0 without rules).
    pub fn largest(&self) -> u64 {
        self.0.iter().map(|r| r.max_bytes).max().unwrap_or(0)
    }
}
