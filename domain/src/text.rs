//! Rules shared by every free-text field.

use crate::error::FieldError;

/// Trims `raw` and checks it is between `min` and `max` characters with no control characters
/// (newlines and tabs are allowed only when `multiline`).
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
    if len > max {
        return Err(FieldError::new(field, "too_long", format!("must be at most {max} characters")));
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t' || c == '\r');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(FieldError::new(field, "control_characters", "must not contain control characters"));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(clean_text("f", "  ab ", 1, 3, false), Ok("ab".to_owned()));
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
}
