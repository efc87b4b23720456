//! A validator of publiccode.yml 0.7, written from the standard's own documents
//! (`schema.core-v0.7.0.rst`, `schema.it-v0.7.0.rst`, `std-categories-v0.7.0.txt`) and independent of
//! the hub's writer: mandatory keys, types, enumerations, lengths, categories, dates, contacts and the
//! organisation. Deprecated keys (the whole Italian section among them) count as errors: the hub must
//! not write them. [`violations`] lists every broken rule, so a test can show what a bad document breaks.

use chrono::NaiveDate;
use serde_json::{Map, Value};

/// The standard's closed list of categories, one a line (the repository's copy of the list file).
const CATEGORIES: &str = include_str!("../../domain/src/catalogue/categories-v0.7.0.txt");

/// Keys of the core schema; anything else at the top level is an error.
const TOP_LEVEL: &[&str] = &[
    "publiccodeYmlVersion",
    "name",
    "applicationSuite",
    "url",
    "landingURL",
    "isBasedOn",
    "softwareVersion",
    "releaseDate",
    "logo",
    "platforms",
    "categories",
    "usedBy",
    "fundedBy",
    "roadmap",
    "developmentStatus",
    "softwareType",
    "supports",
    "organisation",
    "intendedAudience",
    "description",
    "legal",
    "maintenance",
    "localisation",
    "dependsOn",
];

/// Keys 0.7 marks deprecated: a hub writing 0.7 leaves them out.
const DEPRECATED: &[&str] = &["monochromeLogo", "inputTypes", "outputTypes", "IT", "it"];

const DEVELOPMENT_STATUS: &[&str] = &["concept", "development", "beta", "stable", "obsolete"];
const SOFTWARE_TYPE: &[&str] = &[
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
];
const MAINTENANCE_TYPE: &[&str] = &["internal", "contract", "community", "none"];

/// The `alias:` names the 0.7 documents mention (`alias:gdpr`, and the replacements the Italian
/// section's deprecation notes name).
const ALIASES: &[&str] = &["gdpr", "spid", "cie", "anpr", "pagopa", "io"];

/// Mailbox names the standard's "generic contact points like info@acme.inc" covers.
const GENERIC_MAILBOXES: &[&str] =
    &["info", "noreply", "no-reply", "support", "helpdesk", "contact", "contatti", "assistenza", "admin", "pa"];

/// Words of "company departments, associations" rather than a person's name.
const DESK_WORDS: &[&str] = &["servizio", "ufficio", "assistenza", "support", "team", "desk", "office", "staff"];

/// Whether `name` is a category of the 0.7 list.
pub fn is_category(name: &str) -> bool {
    CATEGORIES.lines().any(|l| l.trim() == name)
}

/// Every rule of publiccode.yml 0.7 that `doc` breaks, one line each; empty when it is valid.
/// `today` bounds `releaseDate` (a release is in the past).
pub fn violations(doc: &Value, today: NaiveDate) -> Vec<String> {
    let mut v = Check::default();
    let Some(root) = doc.as_object() else {
        return vec!["the document is not a mapping".into()];
    };
    for key in root.keys() {
        if DEPRECATED.contains(&key.as_str()) {
            v.fail(format!("{key}: deprecated in 0.7"));
        } else if !TOP_LEVEL.contains(&key.as_str()) {
            v.fail(format!("{key}: not a key of the standard"));
        }
    }
    match root.get("publiccodeYmlVersion") {
        Some(Value::String(s)) if s == "0.7" => {}
        other => v.fail(format!("publiccodeYmlVersion: the string \"0.7\", not {other:?}")),
    }
    v.text(root, "name", true);
    v.url(root, "url", true);
    v.url(root, "landingURL", false);
    v.text(root, "softwareVersion", false);
    if let Some(date) = root.get("releaseDate") {
        match date.as_str().and_then(parse_date) {
            Some(d) if d <= today => {}
            Some(d) => v.fail(format!("releaseDate: {d} is in the future")),
            None => v.fail(format!("releaseDate: a YYYY-MM-DD date, not {date}")),
        }
    }
    match root.get("platforms") {
        Some(Value::String(s)) if !s.is_empty() => {}
        Some(Value::Array(a)) if !a.is_empty() && a.iter().all(|p| p.as_str().is_some_and(|s| !s.is_empty())) => {}
        other => v.fail(format!("platforms: mandatory, a string or an array of strings, not {other:?}")),
    }
    if let Some(categories) = root.get("categories") {
        match categories.as_array() {
            Some(list) => {
                for c in list {
                    if !c.as_str().is_some_and(is_category) {
                        v.fail(format!("categories: {c} is not in the 0.7 list"));
                    }
                }
            }
            None => v.fail("categories: an array of strings"),
        }
    }
    v.one_of(root, "developmentStatus", DEVELOPMENT_STATUS);
    v.one_of(root, "softwareType", SOFTWARE_TYPE);
    if let Some(supports) = root.get("supports") {
        for item in supports.as_array().into_iter().flatten() {
            match item["id"].as_str() {
                Some(id) if id.strip_prefix("alias:").is_some_and(|a| ALIASES.contains(&a)) => {}
                Some(id) if !id.starts_with("alias:") && is_uri(id) => {}
                _ => v.fail(format!("supports: {item} needs an id, a known alias:… or a URI")),
            }
        }
        if !supports.is_array() {
            v.fail("supports: an array of objects");
        }
    }
    match root.get("organisation").and_then(Value::as_object) {
        Some(org) => {
            if !org.get("uri").and_then(Value::as_str).is_some_and(is_uri) {
                v.fail("organisation/uri: mandatory, a URI");
            }
            v.text(org, "name", false);
        }
        // Optional in the standard; the hub always knows the provider, so it always writes it.
        None => v.fail("organisation: the hub always names the provider"),
    }
    for funder in root.get("fundedBy").and_then(Value::as_array).into_iter().flatten() {
        if funder["name"].as_str().is_none_or(str::is_empty) {
            v.fail("fundedBy: every organisation has a name");
        }
    }
    description(&mut v, root.get("description"));
    match root.get("legal").and_then(Value::as_object) {
        Some(legal) => {
            v.text(legal, "license", true);
            for key in ["repoOwner", "authorsFile"] {
                if legal.contains_key(key) {
                    v.fail(format!("legal/{key}: deprecated in 0.7"));
                }
            }
        }
        None => v.fail("legal: mandatory"),
    }
    maintenance(&mut v, root.get("maintenance"), today);
    match root.get("localisation").and_then(Value::as_object) {
        Some(l) => {
            if !l.get("localisationReady").is_some_and(Value::is_boolean) {
                v.fail("localisation/localisationReady: mandatory boolean");
            }
            let languages = l.get("availableLanguages").and_then(Value::as_array);
            if !languages.is_some_and(|a| !a.is_empty() && a.iter().all(|t| t.as_str().is_some_and(is_language))) {
                v.fail("localisation/availableLanguages: mandatory, at least one BCP 47 tag");
            }
        }
        None => v.fail("localisation: mandatory"),
    }
    v.errors
}

fn description(v: &mut Check, description: Option<&Value>) {
    let Some(languages) = description.and_then(Value::as_object).filter(|d| !d.is_empty()) else {
        return v.fail("description: mandatory, by language");
    };
    let (mut long, mut features) = (false, false);
    for (language, d) in languages {
        if !is_language(language) {
            v.fail(format!("description/{language}: not a BCP 47 language tag"));
        }
        let Some(d) = d.as_object() else {
            v.fail(format!("description/{language}: a mapping"));
            continue;
        };
        match d.get("shortDescription").and_then(Value::as_str) {
            Some(s) if !s.is_empty() && s.chars().count() <= 150 => {}
            _ => v.fail(format!("description/{language}/shortDescription: mandatory, at most 150 characters")),
        }
        if let Some(text) = d.get("longDescription") {
            match text.as_str().map(|t| t.chars().count()) {
                Some(n) if (150..=10_000).contains(&n) => long = true,
                _ => v.fail(format!("description/{language}/longDescription: 150 to 10,000 characters")),
            }
        }
        if let Some(list) = d.get("features") {
            match list.as_array() {
                Some(a) if a.iter().all(Value::is_string) => features |= !a.is_empty(),
                _ => v.fail(format!("description/{language}/features: an array of strings")),
            }
        }
        if d.contains_key("genericName") {
            v.fail(format!("description/{language}/genericName: deprecated in 0.7"));
        }
    }
    if !long {
        v.fail("description/*/longDescription: mandatory for at least one language");
    }
    if !features {
        v.fail("description/*/features: mandatory for at least one language");
    }
}

fn maintenance(v: &mut Check, maintenance: Option<&Value>, today: NaiveDate) {
    let Some(m) = maintenance.and_then(Value::as_object) else {
        return v.fail("maintenance: mandatory");
    };
    v.one_of(m, "type", MAINTENANCE_TYPE);
    let kind = m.get("type").and_then(Value::as_str).unwrap_or_default();
    match (kind, m.get("contractors")) {
        ("contract", Some(Value::Array(list))) if !list.is_empty() => {
            for c in list {
                let until = c["until"].as_str().and_then(parse_date);
                if !c["name"].is_string() || until.is_none_or(|d| d < today) {
                    v.fail(format!("maintenance/contractors: a name and a future `until` date: {c}"));
                }
            }
        }
        ("contract", _) => v.fail("maintenance/contractors: mandatory when the type is contract"),
        (_, Some(_)) => v.fail("maintenance/contractors: only when the type is contract"),
        _ => {}
    }
    let contacts = m.get("contacts").and_then(Value::as_array);
    if matches!(kind, "internal" | "community") && contacts.is_none_or(Vec::is_empty) {
        v.fail("maintenance/contacts: mandatory when the type is internal or community");
    }
    for (i, c) in contacts.into_iter().flatten().enumerate() {
        let name = c["name"].as_str().unwrap_or_default();
        let desk = name.split_whitespace().any(|w| DESK_WORDS.contains(&w.to_lowercase().as_str()));
        if desk
            || name.split_whitespace().count() < 2
            || !name.chars().all(|ch| ch.is_alphabetic() || " .'-".contains(ch))
        {
            v.fail(format!("maintenance/contacts[{i}]/name: a person's full name, not {name:?}"));
        }
        if let Some(email) = c.get("email") {
            let local = email.as_str().and_then(|e| e.split_once('@')).map(|(l, _)| l.to_lowercase());
            match local {
                Some(l) if !GENERIC_MAILBOXES.contains(&l.as_str()) => {}
                _ => v.fail(format!("maintenance/contacts[{i}]/email: a person's own address, not {email}")),
            }
        }
        if c.get("phone").is_some_and(|p| !p.is_string()) {
            v.fail(format!("maintenance/contacts[{i}]/phone: a string"));
        }
    }
}

/// A `YYYY-MM-DD` date, the only format the standard allows.
fn parse_date(text: &str) -> Option<NaiveDate> {
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// A URI by RFC 3986's shape: a scheme, a colon, something after it.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text.contains(char::is_whitespace)
}

/// A BCP 47 tag's shape: a 2–3 letter primary subtag, then alphanumeric subtags.
fn is_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts.next().is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[derive(Default)]
struct Check {
    errors: Vec<String>,
}

impl Check {
    fn fail(&mut self, message: impl Into<String>) {
        self.errors.push(message.into());
    }

    fn text(&mut self, map: &Map<String, Value>, key: &str, mandatory: bool) {
        match map.get(key) {
            Some(Value::String(s)) if !s.is_empty() => {}
            None if !mandatory => {}
            other => self.fail(format!("{key}: a non-empty string, not {other:?}")),
        }
    }

    fn url(&mut self, map: &Map<String, Value>, key: &str, mandatory: bool) {
        match map.get(key).and_then(Value::as_str) {
            Some(u) if (u.starts_with("https://") || u.starts_with("http://")) && is_uri(u) => {}
            None if !mandatory && !map.contains_key(key) => {}
            _ => self.fail(format!("{key}: a URL")),
        }
    }

    fn one_of(&mut self, map: &Map<String, Value>, key: &str, allowed: &[&str]) {
        if !map.get(key).and_then(Value::as_str).is_some_and(|s| allowed.contains(&s)) {
            self.fail(format!("{key}: mandatory, one of {allowed:?}, not {:?}", map.get(key)));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).expect("date")
    }

    fn valid() -> Value {
        json!({
            "publiccodeYmlVersion": "0.7",
            "name": "Firma remota",
            "url": "https://code.example.it/firma.git",
            "releaseDate": "2025-05-12",
            "platforms": ["web"],
            "categories": ["e-signature"],
            "developmentStatus": "stable",
            "softwareType": "standalone/web",
            "supports": [{"id": "alias:spid"}, {"id": "https://eur-lex.europa.eu/eli/reg/2016/679/oj"}],
            "organisation": {"uri": "urn:x-italian-pa:c_h501", "name": "Roma Capitale"},
            "description": {"it": {
                "shortDescription": "Firma digitale remota",
                "longDescription": "x".repeat(150),
                "features": ["Chiavi in HSM"],
            }},
            "legal": {"license": "EUPL-1.2"},
            "maintenance": {"type": "internal", "contacts": [{"name": "Maria Bianchi", "email": "maria.bianchi@example.it"}]},
            "localisation": {"localisationReady": false, "availableLanguages": ["it"]},
        })
    }

    #[test]
    fn a_valid_document_passes() {
        assert_eq!(violations(&valid(), today()), Vec::<String>::new());
    }

    #[test]
    fn the_old_0_4_output_fails() {
        let mut old = valid();
        old["publiccodeYmlVersion"] = json!("0.4");
        old.as_object_mut().expect("map").remove("organisation");
        old["it"] = json!({"countryExtensionVersion": "1.0", "riuso": {"codiceIPA": "c_h501"}});
        old["categories"] = json!(["payments-management"]);
        old["maintenance"]["contacts"] = json!([{"name": "Servizio clienti", "email": "info@example.it"}]);
        let errors = violations(&old, today());
        for expected in [
            "publiccodeYmlVersion",
            "it: deprecated",
            "organisation",
            "payments-management",
            "contacts[0]/name",
            "contacts[0]/email",
        ] {
            assert!(errors.iter().any(|e| e.contains(expected)), "{expected} in {errors:#?}");
        }
    }

    #[test]
    fn each_broken_rule_is_found() {
        type Breaks = fn(&mut Value);
        let cases: [(&str, Breaks); 9] = [
            ("name", |d| drop(d.as_object_mut().expect("map").remove("name"))),
            ("categories", |d| d["categories"] = json!(["sanita"])),
            ("releaseDate", |d| d["releaseDate"] = json!("2099-01-01")),
            ("releaseDate", |d| d["releaseDate"] = json!("12/05/2025")),
            ("developmentStatus", |d| d["developmentStatus"] = json!("production")),
            ("shortDescription", |d| d["description"]["it"]["shortDescription"] = json!("x".repeat(151))),
            ("longDescription", |d| d["description"]["it"]["longDescription"] = json!("troppo corta")),
            ("supports", |d| d["supports"] = json!([{"id": "alias:unknown"}])),
            ("organisation/uri", |d| d["organisation"] = json!({"name": "Roma Capitale"})),
        ];
        for (key, breaks) in cases {
            let mut doc = valid();
            breaks(&mut doc);
            let errors = violations(&doc, today());
            assert!(errors.iter().any(|e| e.contains(key)), "{key} in {errors:#?}");
        }
    }
}
