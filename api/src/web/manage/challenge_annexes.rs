//! The challenge form's annexes (issue 20): one row per annex the challenge asks proposals for, and
//! blank rows to ask for more, read into the API's [`AnnexRuleRequest`]s (so that the domain's rules
//! judge them) and shown again with their errors. A row left entirely empty is no annex: emptying a
//! row removes its annex. The largest file is typed in MB (MiB, as the proposers' pages show it).

use domain::FieldError;
use domain::annex::{AnnexRules, AnnexType, RULES_MAX};

use crate::routes::annexes::AnnexRuleRequest;
use crate::web::Tr;
use crate::web::fields::message;

/// How many blank rows the form offers beyond the annexes it has (within [`RULES_MAX`]).
pub const BLANK_ROWS: usize = 2;

/// One MiB, the form's unit of a file's size.
const MIB: u64 = 1024 * 1024;

/// The prefix of every annex input's name: `annex-{row}-{field}`.
const PREFIX: &str = "annex-";

/// One annex row as typed (or as saved).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AnnexRow {
    pub key: String,
    pub name: String,
    pub required: bool,
    /// The types ticked, by name.
    pub types: Vec<String>,
    /// The largest file in MB (empty: the default).
    pub max_mb: String,
    /// The largest file in bytes as saved (a hidden input): an untouched size that is no whole number
    /// of MB stays the same to the byte.
    pub max_bytes: String,
    pub max_count: String,
    pub max_pages: String,
}

/// The form's annex rows.
#[derive(Debug, Default, Clone)]
pub struct AnnexRows {
    rows: Vec<AnnexRow>,
    /// Whether a post carried rows: one without any (a client that knows nothing of annexes) leaves the
    /// challenge's annexes as they are.
    posted: bool,
}

/// A row as the page shows it.
#[derive(Debug)]
pub struct AnnexRowView {
    /// Its number, from 1.
    pub n: usize,
    pub row: AnnexRow,
    /// Every type: its name, its words and whether it is ticked.
    pub types: Vec<(&'static str, String, bool)>,
}

impl AnnexRowView {
    /// The id (and name) of its input for `field`.
    pub fn id(&self, field: &str) -> String {
        format!("{PREFIX}{}-{field}", self.n - 1)
    }
}

/// `bytes` in MB as the form shows them: whole, or to two decimals in `tr`'s language.
fn mb_text(tr: Tr, bytes: u64) -> String {
    if bytes.is_multiple_of(MIB) {
        return (bytes / MIB).to_string();
    }
    let text = tr.number(bytes as f64 / MIB as f64, 2);
    text.trim_end_matches('0').trim_end_matches([',', '.']).to_owned()
}

/// A size in MB in hundredths, as compared with what the form showed.
fn hundredths(mb: f64) -> i64 {
    (mb * 100.0).round() as i64
}

impl AnnexRow {
    fn is_empty(&self) -> bool {
        let texts = [&self.key, &self.name, &self.max_mb, &self.max_count, &self.max_pages];
        !self.required && self.types.is_empty() && texts.iter().all(|t| t.trim().is_empty())
    }

    /// The API's rule for row `i`, its unreadable numbers pushed on `wrong` (by input id). A number too
    /// large for the field's type goes to the domain as 0, which it refuses as out of range.
    fn request(&self, i: usize, wrong: &mut Vec<FieldError>) -> AnnexRuleRequest {
        let mut whole = |field: &str, typed: &str| match typed.trim() {
            "" => None,
            text => text
                .parse::<i64>()
                .map_err(|_| wrong.push(FieldError::new(format!("{PREFIX}{i}-{field}"), "not_a_number", "a number")))
                .ok(),
        };
        let max_count = whole("max_count", &self.max_count).map(|n| u8::try_from(n).unwrap_or(0));
        let max_pages = whole("max_pages", &self.max_pages).map(|n| u16::try_from(n).unwrap_or(0));
        AnnexRuleRequest {
            key: self.key.clone(),
            name: self.name.clone(),
            required: Some(self.required),
            types: self.types.clone(),
            max_bytes: self.max_bytes(i, wrong),
            max_count,
            max_pages,
        }
    }

    /// The largest file in bytes: the MB typed (a decimal comma or point, "MB" after it allowed), or the
    /// size saved when the MB typed is still the one shown of it.
    fn max_bytes(&self, i: usize, wrong: &mut Vec<FieldError>) -> Option<u64> {
        let typed = self.max_mb.trim().to_lowercase();
        let typed = typed.strip_suffix("mib").or_else(|| typed.strip_suffix("mb")).unwrap_or(typed.as_str()).trim();
        if typed.is_empty() {
            return None;
        }
        let Some(mb) = typed.replace(',', ".").parse::<f64>().ok().filter(|mb| mb.is_finite()) else {
            wrong.push(FieldError::new(format!("{PREFIX}{i}-max_mb"), "not_a_number", "a number"));
            return None;
        };
        let saved = self.max_bytes.trim().parse::<u64>().ok();
        if let Some(saved) = saved.filter(|s| hundredths(*s as f64 / MIB as f64) == hundredths(mb)) {
            return Some(saved);
        }
        // Saturating: a negative size is 0 and a huge one the largest, both refused by the domain.
        Some((mb * MIB as f64).round() as u64)
    }
}

impl AnnexRows {
    /// The blank rows of a new challenge.
    pub fn blank() -> Self {
        Self { rows: vec![AnnexRow::default(); BLANK_ROWS], posted: false }
    }

    /// The rows of `rules` as saved, and blank rows to add more.
    pub fn of(rules: &AnnexRules, tr: Tr) -> Self {
        let mut rows: Vec<AnnexRow> = rules
            .iter()
            .map(|r| AnnexRow {
                key: r.key.clone(),
                name: r.name.clone(),
                required: r.required,
                types: r.types.iter().map(|t| t.as_str().to_owned()).collect(),
                max_mb: mb_text(tr, r.max_bytes),
                max_bytes: r.max_bytes.to_string(),
                max_count: r.max_count.to_string(),
                max_pages: r.max_pages.map(|p| p.to_string()).unwrap_or_default(),
            })
            .collect();
        rows.resize((rows.len() + BLANK_ROWS).min(RULES_MAX).max(rows.len()), AnnexRow::default());
        Self { rows, posted: false }
    }

    /// The rows of a posted form, from its fields `annex-{row}-{field}` (rows from 0 to [`RULES_MAX`]).
    pub fn posted(pairs: &[(String, String)]) -> Self {
        let mut rows: Vec<AnnexRow> = Vec::new();
        let mut posted = false;
        for (name, value) in pairs {
            let Some((row, field)) = name.strip_prefix(PREFIX).and_then(|rest| rest.split_once('-')) else {
                continue;
            };
            posted = true;
            let Some(i) = row.parse::<usize>().ok().filter(|i| *i < RULES_MAX) else { continue };
            if rows.len() <= i {
                rows.resize(i + 1, AnnexRow::default());
            }
            let row = &mut rows[i];
            let value = value.clone();
            match field {
                "key" => row.key = value,
                "name" => row.name = value,
                "required" => row.required = !value.trim().is_empty(),
                "types" => row.types.push(value),
                "max_mb" => row.max_mb = value,
                "max_bytes" => row.max_bytes = value,
                "max_count" => row.max_count = value,
                "max_pages" => row.max_pages = value,
                _ => {}
            }
        }
        Self { rows, posted }
    }

    /// Whether `name` is one of the rows' fields.
    pub fn is_row_field(name: &str) -> bool {
        name.starts_with(PREFIX)
    }

    /// The rows that are annexes (not left empty), with their row index.
    fn used(&self) -> impl Iterator<Item = (usize, &AnnexRow)> {
        self.rows.iter().enumerate().filter(|(_, r)| !r.is_empty())
    }

    /// The API's annexes (none when the post had no rows), their unreadable numbers pushed on `wrong`.
    pub fn request(&self, wrong: &mut Vec<FieldError>) -> Option<Vec<AnnexRuleRequest>> {
        self.posted.then(|| self.used().map(|(i, row)| row.request(i, wrong)).collect())
    }

    /// The input id and the message of `error` when it is about an annex: the domain's
    /// `annexes[{n}].{field}` (its `n`th annex, the `n`th row not left empty) or an input's own id.
    pub fn error(&self, tr: Tr, error: &FieldError) -> Option<(String, String)> {
        let path = error.field.as_str();
        if path == "annexes" {
            return Some(("annexes".to_owned(), message(tr, error.code)));
        }
        let (row, field) = if let Some(rest) = path.strip_prefix("annexes[") {
            let (n, field) = rest.split_once("].")?;
            let row = self.used().nth(n.parse().ok()?).map(|(i, _)| i)?;
            (row, field.split('[').next().unwrap_or(field))
        } else {
            let (row, field) = path.strip_prefix(PREFIX)?.split_once('-')?;
            (row.parse().ok()?, field)
        };
        let field = if field == "max_bytes" { "max_mb" } else { field };
        let words = match (field, error.code) {
            ("key", "duplicate") => tr.t("manage-annex-error-duplicate"),
            ("key", _) => tr.t("manage-annex-error-key"),
            ("types", _) => tr.t("manage-annex-error-types"),
            ("max_mb", _) => tr.t("manage-annex-error-max-mb"),
            ("max_count", _) => tr.t("manage-annex-error-max-count"),
            ("max_pages", "not_pdf") => tr.t("manage-annex-error-not-pdf"),
            ("max_pages", _) => tr.t("manage-annex-error-max-pages"),
            (_, code) => message(tr, code),
        };
        Some((format!("{PREFIX}{row}-{field}"), words))
    }

    /// The rows as the page shows them, each type in `tr`'s words.
    pub fn views(&self, tr: Tr) -> Vec<AnnexRowView> {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, row)| AnnexRowView {
                n: i + 1,
                row: row.clone(),
                types: AnnexType::ALL
                    .into_iter()
                    .map(|t| {
                        let words = tr.t(&format!("manage-annex-type-{}", t.as_str()));
                        (t.as_str(), words, row.types.iter().any(|typed| typed == t.as_str()))
                    })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use domain::{FieldError, Locale};

    use super::{AnnexRow, AnnexRows};

    fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
        fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn rows_become_rules_and_empty_rows_are_none() {
        let rows = AnnexRows::posted(&pairs(&[
            ("annex-0-key", ""),
            ("annex-0-name", ""),
            ("annex-1-key", "piano"),
            ("annex-1-name", "Piano"),
            ("annex-1-types", "pdf"),
            ("annex-1-types", "odt"),
            ("annex-1-required", "on"),
            ("annex-1-max_mb", "2,5"),
            ("annex-1-max_pages", "10"),
        ]));
        let mut wrong = Vec::new();
        let rules = rows.request(&mut wrong).expect("rows posted");
        assert!(wrong.is_empty(), "{wrong:?}");
        assert_eq!(rules.len(), 1);
        let r = &rules[0];
        assert_eq!((r.key.as_str(), r.required, r.types.len()), ("piano", Some(true), 2));
        assert_eq!((r.max_bytes, r.max_count, r.max_pages), (Some(2_621_440), None, Some(10)));
        // A domain error on the first annex is beside the second row.
        let tr = crate::web::Tr(Locale::It);
        let (id, _) = rows.error(tr, &FieldError::new("annexes[0].max_bytes", "out_of_range", "x")).expect("annex");
        assert_eq!(id, "annex-1-max_mb");
        assert!(rows.error(tr, &FieldError::new("slug", "invalid_slug", "x")).is_none());
    }

    #[test]
    fn an_untouched_size_keeps_its_bytes_and_a_post_without_rows_changes_nothing() {
        let row = AnnexRow { max_mb: "9,54".to_owned(), max_bytes: "10000000".to_owned(), ..AnnexRow::default() };
        assert_eq!(row.max_bytes(0, &mut Vec::new()), Some(10_000_000));
        let typed = AnnexRow { max_mb: "abc".to_owned(), ..AnnexRow::default() };
        let mut wrong = Vec::new();
        assert_eq!(typed.max_bytes(3, &mut wrong), None);
        assert_eq!((wrong[0].field.as_str(), wrong[0].code), ("annex-3-max_mb", "not_a_number"));
        assert!(AnnexRows::posted(&pairs(&[("title_it", "x")])).request(&mut Vec::new()).is_none());
        assert_eq!(super::mb_text(crate::web::Tr(Locale::It), 10_000_000), "9,54");
    }
}
