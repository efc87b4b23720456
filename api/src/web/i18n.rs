//! The pages' words: Fluent message catalogues (`api/locales/{it,en}/*.ftl`), Italian first, compiled
//! into the binary; dates in the Italian (or English) form, Europe/Rome time.

use std::borrow::Cow;
use std::collections::HashMap;

use domain::Locale;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static CATALOGUES = {
        locales: "./locales",
        fallback_language: "it",
        // Fluent wraps every argument in invisible isolation marks; pages are plain left-to-right text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static IT: LanguageIdentifier = langid!("it");
static EN: LanguageIdentifier = langid!("en");

/// A page's translator: every visible word of a template comes through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub Locale);

impl Tr {
    fn id(self) -> &'static LanguageIdentifier {
        match self.0 {
            Locale::It => &IT,
            Locale::En => &EN,
        }
    }

    /// The language's tag, for `lang` attributes.
    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }

    /// The message `key` (the key itself when the catalogue lacks it: a test fails on any such key).
    pub fn t(&self, key: &str) -> String {
        CATALOGUES.try_lookup_complete(self.id(), key, None).unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.with(key, &[(name, value.to_string())])
    }

    /// The message `key` with its arguments. A whole number given as bare digits is a number to Fluent's
    /// plurals; anything else is text shown as given, so that a number already written in the reader's
    /// form ("15.400", "3,5") is never read back as another ("15.4").
    pub fn with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let digits = value.strip_prefix('-').unwrap_or(value);
                let whole = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
                let value = match value.parse::<f64>() {
                    Ok(number) if whole => FluentValue::from(number),
                    _ => FluentValue::from(value.as_str()),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        CATALOGUES.try_lookup_complete(self.id(), key, Some(&args)).unwrap_or_else(|| key.to_owned())
    }

    /// A date and time as people write it here: "16 dicembre 2026, ore 11:28", Rome time.
    pub fn datetime(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        crate::mail::dates::format(*at, self.0)
    }

    /// A date alone: "16 dicembre 2026".
    pub fn date(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        crate::mail::dates::date(*at, self.0)
    }

    /// A calendar day ("1º marzo 2026").
    pub fn day(&self, date: chrono::NaiveDate) -> String {
        crate::mail::dates::day(date, self.0)
    }

    /// A number with the language's separators: "1.234,5" in Italian.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let text = format!("{value:.decimals$}");
        let (whole, fraction) = text.split_once('.').map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
        let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
        let (group, point) = if self.0 == Locale::It { ('.', ',') } else { (',', '.') };
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        match fraction {
            Some(f) => format!("{sign}{grouped}{point}{f}"),
            None => format!("{sign}{grouped}"),
        }
    }
}

/// Every message key of a language's catalogue files, for the tests.
#[cfg(test)]
pub(crate) fn keys(language: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language);
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the catalogue folder") {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("a catalogue file");
        keys.extend(
            text.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned())),
        );
    }
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_no_duplicate() {
        let (it, en) = (keys("it"), keys("en"));
        assert!(it.len() > 20, "the catalogue is read ({})", it.len());
        let mut unique = it.clone();
        unique.dedup();
        assert_eq!(unique, it, "a key is defined twice");
        assert_eq!(it, en, "the Italian and English catalogues name the same messages");
        // Every argument any message takes, so that each one resolves.
        let args: Vec<(&'static str, String)> = [
            "date",
            "email",
            "name",
            "id",
            "status",
            "count",
            "title",
            "field",
            "version",
            "state",
            "pillar",
            "score",
            "amount",
            "threshold",
            "organization",
            "time",
            "tags",
            "tag",
            "challenge",
            "missing",
            "reason",
            "cap",
            "min",
            "opens",
            "closes",
            "at",
            "seq",
            "head",
            "unkeyed",
            "administrations",
            "people",
            "detail",
            "max",
            "service",
            "provider",
            "administration",
            "days",
            "due",
            "who",
            "when",
        ]
        .iter()
        .map(|n| (*n, "x".to_owned()))
        .chain([
            ("minutes", "2".to_owned()),
            ("n", "3".to_owned()),
            ("hours", "4".to_owned()),
            ("percent", "47".to_owned()),
        ])
        .collect();
        for key in &it {
            assert_ne!(Tr(Locale::It).with(key, &args), *key, "{key} in Italian");
            assert_ne!(Tr(Locale::En).with(key, &args), *key, "{key} in English");
        }
    }

    /// The message keys written out in `text` (a template or a source file): the literal first argument
    /// of `.t(`, `.t1(` and `.with(`. Keys made at run time are not among them.
    fn literal_keys(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for call in [".t(\"", ".t1(\"", ".with(\""] {
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                if rest[key.len()..].starts_with('"') && key.contains('-') {
                    found.push(key);
                }
            }
        }
        found
    }

    /// Every file under `dir` whose name ends with `suffix`.
    fn files(dir: &std::path::Path, suffix: &str, into: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                files(&path, suffix, into);
            } else if path.to_string_lossy().ends_with(suffix) {
                into.push(path);
            }
        }
    }

    #[test]
    fn every_key_a_page_or_the_code_names_is_in_the_catalogue() {
        let known: std::collections::BTreeSet<String> = keys("it").into_iter().collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources = Vec::new();
        files(&root.join("templates").join("web"), ".html", &mut sources);
        files(&root.join("src"), ".rs", &mut sources);
        let mut missing = Vec::new();
        let mut named = 0;
        for path in &sources {
            let text = std::fs::read_to_string(path).expect("a source");
            for key in literal_keys(&text) {
                named += 1;
                if !known.contains(&key) && key != "no-such-message" {
                    missing.push(format!("{key} ({})", path.strip_prefix(root).unwrap_or(path).display()));
                }
            }
        }
        assert!(named > 500, "the keys are found ({named})");
        assert!(missing.is_empty(), "keys the catalogue lacks: {missing:#?}");
    }

    #[test]
    fn a_number_written_for_the_reader_is_shown_as_written() {
        // "15.400" is fifteen thousand four hundred in Italian: it must not come back as 15.4.
        let args = [("administrations", "2".to_owned()), ("people", Tr(Locale::It).number(15_400.0, 0))];
        let text = Tr(Locale::It).with("need-reach", &args);
        assert!(text.contains("15.400") && text.contains("amministrazioni"), "{text}");
        let one =
            Tr(Locale::En).with("need-reach", &[("administrations", "1".to_owned()), ("people", "900".to_owned())]);
        assert!(
            one.contains("1 administration,") || one.contains("1\u{2069} administration,"),
            "the plural's one: {one}"
        );
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        assert_eq!(Tr(Locale::It).number(1234.5, 1), "1.234,5");
        assert_eq!(Tr(Locale::En).number(1234.5, 1), "1,234.5");
        assert_eq!(Tr(Locale::It).number(-1_234_567.0, 0), "-1.234.567");
        assert_eq!(Tr(Locale::It).number(3.25, 2), "3,25");
    }

    #[test]
    fn a_missing_message_shows_its_key() {
        assert_eq!(Tr(Locale::It).t("no-such-message"), "no-such-message");
    }
}
