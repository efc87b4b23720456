//! Rules shared by every free-text field: the one home of what text the hub accepts.
//!
//! Every text a person types (names, titles, notes, reasons, comments) goes through [`clean_text`]:
//! trimmed, between a minimum and a maximum length in characters, and with no control character but
//! tab and line breaks where several lines are allowed. A single-line text (a name, a title) also
//! refuses the invisible and bidirectional format characters (Unicode category Cf: U+202E, U+200B,
//! the BOM…), which make a name look like another, and floods of combining marks ("Zalgo" text).
//! Every other text that reaches a query (an id, a slug, a token, a search) is refused when it
//! holds a control character ([`has_control`]).

mod marks;
mod note;

pub use note::Note;

use crate::error::FieldError;

/// The most combining marks a single-line text may stack on one character: enough for every
/// script's real text (Vietnamese and pointed Hebrew use two or three), not for a flood.
pub const MAX_COMBINING_MARKS: usize = 3;

/// Unicode's format characters (general category Cf, Unicode 15), as sorted inclusive ranges.
pub const FORMAT_CHARACTERS: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    ranges
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` is an invisible or bidirectional format character (Unicode category Cf).
pub fn is_format_character(c: char) -> bool {
    in_ranges(FORMAT_CHARACTERS, c)
}

/// Whether `c` is a combining mark (Unicode categories Mn and Me).
pub fn is_combining_mark(c: char) -> bool {
    in_ranges(marks::COMBINING_MARKS, c)
}

/// Whether `text` holds a control character (C0, DEL or C1; NUL included). No identifier, slug,
/// token or search term the hub stores or looks up has one.
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Checks that a list of `len` items in `field` has at most `max`: every array a request brings has
/// a bound, checked before its items are.
///
/// # Errors
/// A [`FieldError`] `too_many` on `field`.
pub fn at_most(field: &str, len: usize, max: usize) -> Result<(), FieldError> {
    if len > max { Err(FieldError::new(field, "too_many", format!("must have at most {max} items"))) } else { Ok(()) }
}

/// Whether `text` stacks more than [`MAX_COMBINING_MARKS`] combining marks anywhere.
fn has_mark_flood(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if is_combining_mark(c) { run + 1 } else { 0 };
        if run > MAX_COMBINING_MARKS {
            return true;
        }
    }
    false
}

/// Trims `raw` and checks it is between `min` and `max` characters with no control characters
/// (newlines and tabs are allowed only when `multiline`). A single-line text (a name, a title) also
/// has no format character (Cf) and no more than [`MAX_COMBINING_MARKS`] marks in a row.
///
/// # Errors
/// A [`FieldError`] for `field` naming the broken rule.
pub fn clean_text(field: &str, raw: &str, min: usize, max: usize, multiline: bool) -> Result<String, FieldError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len < min {
        return Err(if min == 1 {
            FieldError::new(field, "required", "must not be empty")
        } else {
            FieldError::new(field, "too_short", format!("must be at least {min} characters"))
        });
    }
    // Bounded as sent, too: the document states `maxLength` of the text as sent, before trimming.
    if len > max || raw.chars().count() > max {
        return Err(FieldError::new(field, "too_long", format!("must be at most {max} characters")));
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t' || c == '\r');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(FieldError::new(field, "control_characters", "must not contain control characters"));
    }
    if !multiline && text.chars().any(is_format_character) {
        return Err(FieldError::new(
            field,
            "format_characters",
            "must not contain invisible or bidirectional format characters",
        ));
    }
    if !multiline && has_mark_flood(text) {
        return Err(FieldError::new(
            field,
            "combining_marks",
            format!("must not stack more than {MAX_COMBINING_MARKS} combining marks"),
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(clean_text("f", "  ab ", 1, 5, false), Ok("ab".to_owned()));
        // The bound holds for the text as sent too, as the document's `maxLength` says.
        assert_eq!(clean_text("f", "  ab ", 1, 3, false).map_err(|e| e.code), Err("too_long"));
        assert_eq!(clean_text("f", "   ", 1, 3, false).map_err(|e| e.code), Err("required"));
        assert_eq!(clean_text("f", "abcd", 1, 3, false).map_err(|e| e.code), Err("too_long"));
        assert_eq!(clean_text("f", "àèì", 1, 3, false), Ok("àèì".to_owned()), "counts characters, not bytes");
    }

    #[test]
    fn refuses_control_characters_unless_multiline() {
        assert_eq!(clean_text("f", "a\u{0}b", 1, 9, true).map_err(|e| e.code), Err("control_characters"));
        assert_eq!(clean_text("f", "a\nb", 1, 9, false).map_err(|e| e.code), Err("control_characters"));
        assert_eq!(clean_text("f", "a\nb", 1, 9, true), Ok("a\nb".to_owned()));
    }

    #[test]
    fn names_refuse_format_characters_and_mark_floods() {
        for bad in ["Anna\u{202E}moc.exe", "An\u{200B}na", "\u{FEFF}Anna", "Anna\u{2066}x", "a\u{E0041}b"] {
            assert_eq!(clean_text("f", bad, 1, 99, false).map_err(|e| e.code), Err("format_characters"), "{bad:?}");
        }
        let zalgo = format!("Z{}algo", "\u{0301}\u{0336}\u{0489}\u{0352}");
        assert_eq!(clean_text("f", &zalgo, 1, 99, false).map_err(|e| e.code), Err("combining_marks"));
        // Real text keeps its marks: Vietnamese (two), pointed Hebrew (three), decomposed accents.
        for good in ["Nguyễn Thị Minh Khai", "Nguye\u{0302}\u{0303}n", "בְּרֵאשִׁית", "e\u{0301}\u{0323}\u{0302}", "Müller"]
        {
            assert!(clean_text("f", good, 1, 99, false).is_ok(), "{good:?}");
        }
        // Notes and comments are not names: a joiner in an emoji sequence stays.
        assert!(clean_text("f", "👩\u{200D}💻 ok", 1, 99, true).is_ok());
    }

    #[test]
    fn the_tables_are_sorted_and_disjoint() {
        for table in [FORMAT_CHARACTERS, marks::COMBINING_MARKS] {
            assert!(table.iter().all(|(low, high)| low <= high));
            assert!(table.windows(2).all(|w| w[0].1 < w[1].0));
        }
        assert!(is_combining_mark('\u{0300}') && is_combining_mark('\u{20DD}') && !is_combining_mark('a'));
        assert!(is_format_character('\u{202E}') && !is_format_character(' '));
        assert!(has_control("a\u{0}") && has_control("\u{85}") && !has_control("abc"));
    }
}
