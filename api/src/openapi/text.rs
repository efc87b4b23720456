//! The hub's text rules ([`domain::text::clean_text`]) as JSON Schema patterns, and the tests that
//! prove each pattern is the domain's rule.

use serde_json::{Value, json};

/// Rust's whitespace (Unicode `White_Space`), which free text loses at both ends, as the body of a
/// character class.
const WHITE: &str = r"\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// Text of characters outside `refused`, with whitespace at either end; when `required`, more than
/// whitespace (the domain trims, then refuses what is left empty).
fn text(refused: &str, required: bool) -> String {
    let body =
        if required { format!("[^{refused}]*[^{refused}{WHITE}][^{refused}]*") } else { format!("[^{refused}]*") };
    format!("^[{WHITE}]*{body}[{WHITE}]*$")
}

/// The control characters multiline text refuses once trimmed: all but tab, line feed and carriage
/// return.
const MULTILINE_REFUSED: &str = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F";

/// [`domain::text::clean_text`]'s rule for multiline text as a JSON Schema pattern: once trimmed, no
/// control character but tab, line feed and carriage return.
pub(super) fn multiline_text() -> String {
    text(MULTILINE_REFUSED, false)
}

/// What single-line text refuses once trimmed: every control character and the format characters of
/// the Basic Multilingual Plane.
fn single_line_refused() -> String {
    let format: String = domain::text::FORMAT_CHARACTERS
        .iter()
        .filter(|(_, high)| *high <= 0xFFFF)
        .map(|(low, high)| if low == high { format!(r"\u{low:04X}") } else { format!(r"\u{low:04X}-\u{high:04X}") })
        .collect();
    format!(r"\u0000-\u001F\u007F-\u009F{format}")
}

/// [`domain::text::clean_text`]'s rule for single-line text (names, titles) as a JSON Schema
/// pattern: once trimmed, no control character and no format character of the Basic Multilingual
/// Plane. (Format characters beyond it and floods of combining marks are refused too, by a 422
/// naming the field: a pattern without the `u` flag cannot name them.)
pub(super) fn single_line_text() -> String {
    text(&single_line_refused(), false)
}

/// The pattern a required field's text follows: `pattern` (one of this module's) that also refuses
/// text that is only whitespace, or the edge's rule so when the field has no pattern of its own.
/// `None` for a pattern of another rule (a slug's, a code's).
pub(super) fn non_blank(pattern: Option<&str>) -> Option<String> {
    let single = single_line_refused();
    match pattern {
        None => Some(text(r"\u0000", true)),
        Some(p) if p == NO_NUL => Some(text(r"\u0000", true)),
        Some(p) if p == multiline_text() => Some(text(MULTILINE_REFUSED, true)),
        Some(p) if p == text(&single, false) => Some(text(&single, true)),
        Some(_) => None,
    }
}

/// A single-line text of at most `max` characters.
pub(super) fn line(max: usize) -> Value {
    json!({"maxLength": max, "pattern": single_line_text()})
}

/// A multi-line text of at most `max` characters.
pub(super) fn lines(max: usize) -> Value {
    json!({"maxLength": max, "pattern": multiline_text()})
}

/// The edge's rule (`crate::input`): no control character in a path segment or query value.
const NO_CONTROL: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";
/// The edge's rule (`crate::input`): no NUL in a JSON string.
const NO_NUL: &str = r"^[^\u0000]*$";

/// States the edge's rules on every string that has no stricter rule of its own (a pattern, an enum or
/// a format): the path and query parameters, and every string of a request body, however deep.
pub(super) fn state_the_edge_rules(doc: &mut Value) {
    let mut bodies: Vec<String> = Vec::new();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for operation in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()) {
            for parameter in operation.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten() {
                if matches!(parameter.get("in").and_then(Value::as_str), Some("path" | "query"))
                    && let Some(schema) = parameter.get_mut("schema")
                {
                    constrain_string(schema, NO_CONTROL);
                }
            }
            // Every JSON body, `application/json` or a `+json` type (PATCH's `merge-patch+json`).
            let json_bodies = operation
                .pointer_mut("/requestBody/content")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flat_map(|content| content.iter_mut())
                .filter(|(media, _)| *media == "application/json" || media.ends_with("+json"));
            for (_, media) in json_bodies {
                if let Some(schema) = media.get_mut("schema") {
                    walk(schema, &mut bodies);
                }
            }
        }
    }
    // The component schemas request bodies name, and those they name in turn.
    let mut done: Vec<String> = Vec::new();
    while let Some(name) = bodies.pop() {
        if done.contains(&name) {
            continue;
        }
        if let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{name}")) {
            walk(schema, &mut bodies);
        }
        done.push(name);
    }
}

/// Constrains every string in `schema` with [`NO_NUL`], collecting the component schemas it refers to.
fn walk(schema: &mut Value, refs: &mut Vec<String>) {
    if let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        refs.push(name.to_owned());
    }
    constrain_string(schema, NO_NUL);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = schema.get_mut(key).filter(|v| v.is_object()) {
            walk(inner, refs);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for inner in schema.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten() {
            walk(inner, refs);
        }
    }
    for inner in schema.get_mut("properties").and_then(Value::as_object_mut).into_iter().flat_map(|p| p.values_mut()) {
        walk(inner, refs);
    }
}

/// Adds `pattern` to a string schema that has no pattern, enum or format of its own.
fn constrain_string(schema: &mut Value, pattern: &str) {
    let Some(object) = schema.as_object_mut() else { return };
    let string = match object.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    if string && !["pattern", "enum", "format", "const"].iter().any(|k| object.contains_key(*k)) {
        object.insert("pattern".to_owned(), json!(pattern));
    }
}

#[cfg(test)]
mod tests {
    /// The single-line pattern accepts exactly the names and titles the domain accepts, for every
    /// character of the Basic Multilingual Plane (where the pattern can name format characters).
    #[test]
    fn the_single_line_pattern_is_the_domain_rule() {
        let pattern = regex::Regex::new(&super::single_line_text()).expect("a valid pattern");
        let required = super::non_blank(Some(&super::single_line_text())).expect("a text pattern");
        let required = regex::Regex::new(&required).expect("a valid pattern");
        let valid = |text: &str| domain::text::clean_text("name", text.trim(), 1, usize::MAX, false).is_ok();
        let domain_accepts = |text: &str| text.trim().is_empty() || valid(text);
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
                assert_eq!(required.is_match(&text), valid(&text), "required: {text:?}");
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
        let required = super::non_blank(Some(&super::multiline_text())).expect("a text pattern");
        let required = regex::Regex::new(&required).expect("a valid pattern");
        let valid = |text: &str| domain::text::clean_text("note", text.trim(), 1, usize::MAX, true).is_ok();
        let domain_accepts = |text: &str| text.trim().is_empty() || valid(text);
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
                assert_eq!(required.is_match(&text), valid(&text), "required: {text:?}");
                refused += usize::from(!domain_accepts(&text));
            }
        }
        assert!(refused > 100, "the check saw refusals too ({refused})");
    }

    /// A required field without a text rule of its own refuses NUL (the edge's rule) and whitespace
    /// alone, and takes anything else; another rule's pattern is left alone.
    #[test]
    fn a_required_field_is_more_than_whitespace() {
        let required = regex::Regex::new(&super::non_blank(None).expect("a pattern")).expect("a valid pattern");
        assert_eq!(super::non_blank(Some(super::NO_NUL)), super::non_blank(None));
        for (text, taken) in [
            ("open-call", true),
            (" \u{3000}x\u{85} ", true),
            ("\u{7}", true),
            ("", false),
            (" \t\n\u{2001}\u{85}\u{1680}\u{2008}", false),
            ("a\u{0}b", false),
        ] {
            assert_eq!(required.is_match(text), taken, "{text:?}");
        }
        assert_eq!(super::non_blank(Some("^[a-z]+$")), None);
    }
}
