//! The service form's fields: what is saved or typed, turned into the same `ServiceInput` the API's
//! `PATCH /catalogue/services/{slug}` builds, and the domain's field paths turned back into the form's
//! inputs and their labels.

use std::collections::BTreeSet;

use domain::catalogue::{Contact, ServiceContent, ServiceInput, publiccode};

use crate::web::Tr;

/// One contact's row of the form.
#[derive(Debug, Default, Clone)]
pub struct ContactRow {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub affiliation: String,
}

impl ContactRow {
    fn is_empty(&self) -> bool {
        [&self.name, &self.email, &self.phone, &self.affiliation].iter().all(|t| t.trim().is_empty())
    }
}

/// What the form holds: as saved, or as typed when it comes back.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub revision: String,
    pub slug: String,
    pub name: String,
    pub short_description_it: String,
    pub long_description_it: String,
    pub short_description_en: String,
    pub long_description_en: String,
    /// One feature a line.
    pub features_it: String,
    pub features_en: String,
    pub service_model: String,
    /// The tags that are categories of the standard's list (check boxes).
    pub categories: BTreeSet<String>,
    /// The other tags, comma-separated (shown on the hub, not exported).
    pub other_tags: String,
    pub license: String,
    pub repository_url: String,
    pub landing_url: String,
    pub version: String,
    pub development_status: String,
    pub release_date: String,
    pub supports: BTreeSet<String>,
    /// Comma-separated.
    pub platforms: String,
    pub contacts: Vec<ContactRow>,
}

fn text(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

impl Typed {
    /// A saved service's fields.
    pub fn saved(c: &ServiceContent, revision: i32) -> Self {
        let (categories, others): (Vec<&String>, Vec<&String>) =
            c.tags.iter().partition(|t| publiccode::is_category(t));
        Self {
            revision: revision.to_string(),
            slug: c.slug.clone(),
            name: c.name.clone(),
            short_description_it: c.short_description_it.clone(),
            long_description_it: c.long_description_it.clone(),
            short_description_en: text(c.short_description_en.as_ref()),
            long_description_en: text(c.long_description_en.as_ref()),
            features_it: c.features_it.join("\n"),
            features_en: c.features_en.join("\n"),
            service_model: c.service_model.map(|m| m.as_str().to_owned()).unwrap_or_default(),
            categories: categories.into_iter().cloned().collect(),
            other_tags: others.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
            license: text(c.license.as_ref()),
            repository_url: text(c.repository_url.as_ref()),
            landing_url: text(c.landing_url.as_ref()),
            version: text(c.version.as_ref()),
            development_status: c.development_status.map(|d| d.as_str().to_owned()).unwrap_or_default(),
            release_date: c.release_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            supports: c.supports.clone(),
            platforms: c.platforms.iter().cloned().collect::<Vec<_>>().join(", "),
            contacts: c
                .contacts
                .iter()
                .map(|p| ContactRow {
                    name: p.name.clone(),
                    email: text(p.email.as_ref()),
                    phone: text(p.phone.as_ref()),
                    affiliation: text(p.affiliation.as_ref()),
                })
                .collect(),
        }
    }

    /// The form's fields as posted (check boxes repeat their name; contacts are numbered rows).
    pub fn posted(pairs: &[(String, String)]) -> Self {
        let one = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
        let all = |name: &str| pairs.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect();
        let contacts = (0..domain::catalogue::CONTACTS_MAX + 1)
            .map(|i| ContactRow {
                name: one(&format!("contact-{i}-name")),
                email: one(&format!("contact-{i}-email")),
                phone: one(&format!("contact-{i}-phone")),
                affiliation: one(&format!("contact-{i}-affiliation")),
            })
            .filter(|c| !c.is_empty())
            .collect();
        Self {
            revision: one("revision"),
            slug: one("slug"),
            name: one("name"),
            short_description_it: one("short_description_it"),
            long_description_it: one("long_description_it"),
            short_description_en: one("short_description_en"),
            long_description_en: one("long_description_en"),
            features_it: one("features_it"),
            features_en: one("features_en"),
            service_model: one("service_model"),
            categories: all("categories"),
            other_tags: one("other_tags"),
            license: one("license"),
            repository_url: one("repository_url"),
            landing_url: one("landing_url"),
            version: one("version"),
            development_status: one("development_status"),
            release_date: one("release_date"),
            supports: all("supports"),
            platforms: one("platforms"),
            contacts,
        }
    }

    /// The edit the fields ask for: every field given (an empty optional one clears it); the slug only
    /// while it may change (a draft); the provider is not the form's.
    pub fn input(&self, slug_editable: bool) -> ServiceInput {
        let optional = |t: &str| Some(Some(t.trim().to_owned()).filter(|t| !t.is_empty()));
        let lines = |t: &str| t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let words = |t: &str| {
            t.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
        };
        let mut tags: Vec<String> = self.categories.iter().cloned().collect();
        tags.extend(words(&self.other_tags));
        ServiceInput {
            slug: slug_editable.then(|| self.slug.trim().to_owned()),
            name: Some(self.name.clone()),
            short_description_it: Some(self.short_description_it.clone()),
            long_description_it: Some(self.long_description_it.clone()),
            short_description_en: optional(&self.short_description_en),
            long_description_en: optional(&self.long_description_en),
            features_it: Some(lines(&self.features_it)),
            features_en: Some(lines(&self.features_en)),
            service_model: optional(&self.service_model),
            tags: Some(tags),
            provider_id: None,
            license: optional(&self.license),
            repository_url: optional(&self.repository_url),
            landing_url: optional(&self.landing_url),
            version: optional(&self.version),
            contacts: Some(
                self.contacts
                    .iter()
                    .map(|c| {
                        let some = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
                        Contact {
                            name: c.name.clone(),
                            email: some(&c.email),
                            phone: some(&c.phone),
                            affiliation: some(&c.affiliation),
                        }
                    })
                    .collect(),
            ),
            platforms: Some(words(&self.platforms)),
            development_status: optional(&self.development_status),
            release_date: optional(&self.release_date),
            supports: Some(self.supports.iter().cloned().collect()),
        }
    }
}

/// The input a field path of the domain belongs to: `contacts[1].email` → `contact-1-email`,
/// `features_it[3]` → `features_it`, `tags` (no category) → the categories' fieldset, `tags[2]` → the
/// other tags.
pub fn input_id(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("contacts[")
        && let Some((i, part)) = rest.split_once("].")
    {
        return format!("contact-{i}-{part}");
    }
    if field == "contacts" {
        return "contact-0-name".to_owned();
    }
    if field == "tags" {
        return "categories".to_owned();
    }
    let base = field.split(['[', '.']).next().unwrap_or(field);
    match base {
        "tags" => "other_tags",
        "replacement" | "replacement_id" => "replacement",
        "slug"
        | "name"
        | "short_description_it"
        | "long_description_it"
        | "short_description_en"
        | "long_description_en"
        | "features_it"
        | "features_en"
        | "service_model"
        | "license"
        | "repository_url"
        | "landing_url"
        | "version"
        | "development_status"
        | "release_date"
        | "supports"
        | "platforms"
        | "reason" => base,
        _ => "name",
    }
    .to_owned()
}

/// The label of an input of the form.
pub fn label(tr: Tr, id: &str) -> String {
    match id.strip_prefix("contact-").and_then(|rest| rest.split_once('-')) {
        Some((i, part)) => {
            let n = i.parse::<usize>().unwrap_or_default() + 1;
            format!("{} — {}", tr.t1("editor-contact-n", "n", n), tr.t(&format!("editor-contact-{part}")))
        }
        None => tr.t(&format!("editor-field-{}", id.replace('_', "-"))),
    }
}

/// A field's problem as the form lists it: the input, its label, what is wrong.
pub struct Problem {
    pub id: String,
    pub label: String,
    pub message: String,
}

/// The domain's field errors as the form lists them.
pub fn problems(tr: Tr, errors: &[domain::FieldError]) -> Vec<Problem> {
    errors
        .iter()
        .map(|e| {
            let id = input_id(&e.field);
            Problem { label: label(tr, &id), message: crate::web::fields::message(tr, e.code), id }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::input_id;

    #[test]
    fn every_field_path_lands_on_an_input() {
        assert_eq!(input_id("contacts[1].email"), "contact-1-email");
        assert_eq!(input_id("contacts"), "contact-0-name");
        assert_eq!(input_id("features_it[3]"), "features_it");
        assert_eq!(input_id("tags"), "categories");
        assert_eq!(input_id("tags[2]"), "other_tags");
        assert_eq!(input_id("replacement_id"), "replacement");
        assert_eq!(input_id("provider_id"), "name");
    }
}
