//! A service as a publiccode.yml document (the Italian standard for reusable public software, 0.7).
//!
//! Keys follow the standard's core schema; every key it marks mandatory is always present once the
//! service is complete enough to publish (see [`super::ServiceContent::missing_for_publication`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Contact, Service, ServiceModel};

/// The version of the standard written.
pub const VERSION: &str = "0.7";

/// The document, in the standard's key order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicCode {
    /// `publiccodeYmlVersion`.
    pub publiccode_yml_version: &'static str,
    /// `name`.
    pub name: String,
    /// `url`: the source repository.
    pub url: String,
    /// `landingURL`.
    #[serde(rename = "landingURL", skip_serializing_if = "Option::is_none")]
    pub landing_url: Option<String>,
    /// `softwareVersion`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_version: Option<String>,
    /// `releaseDate` (YYYY-MM-DD): the current version's release, set by the editor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    /// `platforms`.
    pub platforms: Vec<String>,
    /// `categories`: the service's tags that are categories of the standard's list.
    pub categories: Vec<String>,
    /// `usedBy`: the administrations known to use the service (see [`PublicCode::used_by`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
    /// `supports`: the platforms and rules the editor declared, as `alias:` ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<Support>,
    /// `organisation`: the provider.
    pub organisation: Organisation,
    /// `developmentStatus`.
    pub development_status: String,
    /// `softwareType`.
    pub software_type: &'static str,
    /// `description`, by language.
    pub description: BTreeMap<&'static str, Description>,
    /// `legal`.
    pub legal: Legal,
    /// `maintenance`.
    pub maintenance: Maintenance,
    /// `localisation`.
    pub localisation: Localisation,
}

/// `description.<lang>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Description {
    /// `shortDescription` (at most 150 characters).
    pub short_description: String,
    /// `longDescription` (150 to 10,000 characters).
    pub long_description: String,
    /// `features`.
    pub features: Vec<String>,
}

/// `legal`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Legal {
    /// `license`: an SPDX expression.
    pub license: String,
}

/// `maintenance`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Maintenance {
    /// `type`: the provider maintains it.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `contacts`.
    pub contacts: Vec<Contact>,
}

/// `localisation`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Localisation {
    /// `localisationReady`.
    pub localisation_ready: bool,
    /// `availableLanguages` (IETF BCP 47).
    pub available_languages: Vec<&'static str>,
}

/// An item of `supports`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Support {
    /// `id`: `alias:<name>`.
    pub id: String,
}

/// `organisation`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    /// `uri`.
    pub uri: String,
    /// `name`.
    pub name: String,
}

/// The categories of publiccode.yml 0.7, one a line: the standard's own list file, copied unchanged.
const CATEGORIES_FILE: &str = include_str!("categories-v0.7.0.txt");

/// The categories of publiccode.yml 0.7 (`categories` must use them), in the list file's order.
pub fn categories() -> impl Iterator<Item = &'static str> {
    CATEGORIES_FILE.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// Whether `tag` is a publiccode.yml 0.7 category.
pub fn is_category(tag: &str) -> bool {
    categories().any(|c| c == tag)
}

/// The provider as the document names it.
#[derive(Debug, Clone, Copy)]
pub struct Provider<'a> {
    /// The organisation's hub id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its IPA code, when it is a public administration.
    pub ipa_code: Option<&'a str>,
}

impl Provider<'_> {
    /// `organisation/uri`: `urn:x-italian-pa:<IPA code>` for an administration, else its page on the hub.
    pub fn uri(&self, hub_url: &str) -> String {
        match self.ipa_code {
            Some(code) => format!("urn:x-italian-pa:{code}"),
            None => format!("{}/organizations/{}", hub_url.trim_end_matches('/'), self.id),
        }
    }
}

impl PublicCode {
    /// The document naming in `usedBy` the administrations that declared on the hub that they use the
    /// service, in the order given ([`crate::adoption::used_by`]).
    #[must_use]
    pub fn used_by(mut self, names: Vec<String>) -> Self {
        self.used_by = names;
        self
    }

    /// The document of `service` from `provider`, on the hub at `hub_url`. The 0.7 standard deprecates the
    /// Italian section (`IT`): the provider is `organisation`, so no country section is written.
    /// Fields publishing requires and a draft may lack are written empty.
    pub fn of(service: &Service, provider: Provider<'_>, hub_url: &str) -> Self {
        let c = &service.content;
        let mut description = BTreeMap::new();
        description.insert(
            "it",
            Description {
                short_description: c.short_description_it.clone(),
                long_description: c.long_description_it.clone(),
                features: c.features_it.clone(),
            },
        );
        if let (Some(short), Some(long)) = (&c.short_description_en, &c.long_description_en) {
            description.insert(
                "en",
                Description {
                    short_description: short.clone(),
                    long_description: long.clone(),
                    features: c.features_en.clone(),
                },
            );
        }
        let languages: Vec<&'static str> = description.keys().copied().collect();
        Self {
            publiccode_yml_version: VERSION,
            name: c.name.clone(),
            url: c.repository_url.clone().unwrap_or_default(),
            landing_url: c.landing_url.clone(),
            software_version: c.version.clone(),
            release_date: c.release_date.map(|d| d.format("%Y-%m-%d").to_string()),
            platforms: c.platforms.iter().cloned().collect(),
            categories: c.tags.iter().filter(|t| is_category(t)).cloned().collect(),
            used_by: Vec::new(),
            supports: c.supports.iter().map(|name| Support { id: format!("alias:{name}") }).collect(),
            organisation: Organisation { uri: provider.uri(hub_url), name: provider.name.to_owned() },
            development_status: c.development_status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            software_type: match c.service_model {
                Some(ServiceModel::Saas) => "standalone/web",
                _ => "standalone/backend",
            },
            description,
            legal: Legal { license: c.license.clone().unwrap_or_default() },
            maintenance: Maintenance {
                kind: "internal",
                contacts: c
                    .contacts
                    .iter()
                    .map(|p| Contact {
                        affiliation: p.affiliation.clone().or_else(|| Some(provider.name.to_owned())),
                        ..p.clone()
                    })
                    .collect(),
            },
            localisation: Localisation { localisation_ready: languages.len() > 1, available_languages: languages },
        }
    }
}
