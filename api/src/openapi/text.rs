//! The hub's text rules ([`domain::text::clean_text`]) as JSON Schema patterns, and the tests that
//! prove each pattern is the domain's rule.

use serde_json::{Value, json};

/// Rust's whitespace (Unicode `White_Space`), which free text loses at both ends.
const SPACE: &str = r"[\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*";

/// [`domain::text::clean_text`]'s rule for multiline text as a JSON Schema pattern: once trimmed, no
/// control character but tab, line feed and carriage return.
pub(super) fn multiline_text() -> String {
    format!(r"^{SPACE}[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*{SPACE}$")
}

/// [`domain::text::clean_text`]'s rule for single-line text (names, titles) as a JSON Schema
/// pattern: once trimmed, no control character and no format character of the Basic Multilingual
/// Plane. (Format characters beyond it and floods of combining marks are refused too, by a 422
/// naming the field: a pattern without the `u` flag cannot name them.)
pub(super) fn single_line_text() -> String {
    let format: String = domain::text::FORMAT_CHARACTERS
        .iter()
        .filter(|(_, high)| *high <= 0xFFFF)
        .map(|(low, high)| if low == high { format!(r"\u{low:04X}") } else { format!(r"\u{low:04X}-\u{high:04X}") })
        .collect();
    format!(r"^{SPACE}[^\u0000-\u001F\u007F-\u009F{format}]*{SPACE}$")
}

/// A single-line text of at most `max` characters.
pub(super) fn line(max: usize) -> Value {
    json!({"maxLength": max, "pattern": single_line_text()})
}

/// A multi-line text of at most `max` characters.
pub(super) fn lines(max: usize) -> Value {
    json!({"maxLength": max, "pattern": multiline_text()})
}

#[cfg(test)]
mod tests {
    /// The single-line pattern accepts exactly the names and titles the domain accepts, for every
    /// character of the Basic Multilingual Plane (where the pattern can name format characters).
    #[test]
    fn the_single_line_pattern_is_the_domain_rule() {
        let pattern = regex::Regex::new(&super::single_line_text()).expect("a valid pattern");
        let domain_accepts = |text: &str| {
            let trimmed = text.trim();
            trimmed.is_empty() || domain::text::clean_text("name", trimmed, 1, usize::MAX, false).is_ok()
        };
        let mut refused = 0;
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}', '\u{10FFFF}']) {
            for text in [
                format!("{c}"),
                format!("Nome {c} breve"),
                format!("{c}Nome"),
                format!("Nome{c}"),
                format!(" \u{85}{c}\u{3000} "),
                format!("Nome\n{c}"),
            ] {
                assert_eq!(pattern.is_match(&text), domain_accepts(&text), "{text:?}");
                refused += usize::from(!domain_accepts(&text));
            }
        }
        assert!(refused > 100, "the check saw refusals too ({refused})");
        assert!(pattern.is_match("Anna Rossi") && !pattern.is_match("Anna\u{202E}Rossi"));
    }

    /// The pattern accepts exactly the text the domain accepts, for every character of the Basic
    /// Multilingual Plane alone, inside text, at either end and behind whitespace.
    #[test]
    fn the_text_pattern_is_the_domain_rule() {
        let pattern = regex::Regex::new(&super::multiline_text()).expect("a valid pattern");
        let domain_accepts = |text: &str| {
            let trimmed = text.trim();
            trimmed.is_empty() || domain::text::clean_text("note", trimmed, 1, usize::MAX, true).is_ok()
        };
        let mut refused = 0;
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}', '\u{E0001}', '\u{10FFFF}']) {
            for text in [
                format!("{c}"),
                format!("Nota {c} breve"),
                format!("{c}Nota"),
                format!("Nota{c}"),
                format!(" \u{85}{c}\u{3000} "),
                format!("\u{b}Nota\n{c}\r\n"),
            ] {
                assert_eq!(pattern.is_match(&text), domain_accepts(&text), "{text:?}");
                refused += usize::from(!domain_accepts(&text));
            }
        }
        assert!(refused > 100, "the check saw refusals too ({refused})");
    }
}
