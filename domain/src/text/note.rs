//! [`Note`]: the free text a person gives with a move, a decision, a cancellation or an override.

use super::clean_text;
use crate::error::FieldError;

/// A free-text note, reason, rationale or comment, as [`clean_text`] accepts it: trimmed, not empty,
/// within its bound, several lines allowed, no other control character. Parsed at the edge (the
/// handler turns the request's string into a `Note`), so the store and the domain never see raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(String);

impl Note {
    /// Parses the note in `field`: a blank or missing one is no note (`None`); one that is given has
    /// `min` to `max` characters once trimmed.
    ///
    /// # Errors
    /// A [`FieldError`] on `field` naming the broken rule of [`clean_text`].
    pub fn parse_within(field: &str, raw: Option<&str>, min: usize, max: usize) -> Result<Option<Self>, FieldError> {
        match raw.filter(|text| !text.trim().is_empty()) {
            Some(text) => clean_text(field, text, min, max, true).map(|text| Some(Self(text))),
            None => Ok(None),
        }
    }

    /// [`Note::parse_within`] with no minimum but one character.
    ///
    /// # Errors
    /// As [`Note::parse_within`].
    pub fn parse(field: &str, raw: Option<&str>, max: usize) -> Result<Option<Self>, FieldError> {
        Self::parse_within(field, raw, 1, max)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Note {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_no_note_and_given_text_is_cleaned() {
        assert_eq!(Note::parse("note", None, 10), Ok(None));
        assert_eq!(Note::parse("note", Some("  \n "), 10), Ok(None));
        assert_eq!(
            Note::parse("note", Some(" two\nlines "), 12).map(|n| n.map(Note::into_string)),
            Ok(Some("two\nlines".to_owned()))
        );
        assert_eq!(
            Note::parse("reason", Some("x\u{1}"), 10).map_err(|e| (e.field, e.code)),
            Err(("reason".to_owned(), "control_characters"))
        );
        assert_eq!(Note::parse("note", Some("too long"), 3).map_err(|e| e.code), Err("too_long"));
        assert_eq!(Note::parse_within("reason", Some("ab"), 3, 10).map_err(|e| e.code), Err("too_short"));
    }
}
