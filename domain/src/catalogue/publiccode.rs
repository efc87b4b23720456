//! A service as a publiccode.yml document (the Italian standard for reusable public software, 0.4).
//!
//! Keys follow the standard's core schema; every key it marks mandatory is always present once the
//! service is complete enough to publish (see [`super::ServiceContent::missing_for_publication`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Contact, Service, ServiceModel};

/// The version of the standard written.
pub const VERSION: &str = "0.4";
/// The version of the Italian country extension written.
pub const IT_EXTENSION_VERSION: &str = "1.0";

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
    /// `releaseDate` (YYYY-MM-DD), the first publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    /// `platforms`.
    pub platforms: Vec<String>,
    /// `categories`: the service's tags that are categories of the standard's list.
    pub categories: Vec<String>,
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
    /// `it`: the Italian country extension (lowercase in 0.4).
    pub it: ItalianExtension,
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

/// `it`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItalianExtension {
    /// `countryExtensionVersion`.
    pub country_extension_version: &'static str,
    /// `riuso`: the provider's IPA code, for administrations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub riuso: Option<Riuso>,
}

/// `it.riuso`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Riuso {
    /// `codiceIPA`.
    #[serde(rename = "codiceIPA")]
    pub codice_ipa: String,
}

/// The categories of publiccode.yml 0.4 (`docs/standard/categories-list.rst`): `categories` must use them.
pub const CATEGORIES: &[&str] = &[
    "accounting",
    "agile-project-management",
    "applicant-tracking",
    "application-development",
    "appointment-scheduling",
    "backup",
    "billing-and-invoicing",
    "blog",
    "budgeting",
    "business-intelligence",
    "business-process-management",
    "cad",
    "call-center-management",
    "cloud-management",
    "collaboration",
    "communications",
    "compliance-management",
    "contact-management",
    "content-management",
    "crm",
    "customer-service-and-support",
    "data-analytics",
    "data-collection",
    "data-visualization",
    "digital-asset-management",
    "digital-citizenship",
    "document-management",
    "donor-management",
    "e-commerce",
    "e-signature",
    "email-management",
    "email-marketing",
    "employee-management",
    "enterprise-project-management",
    "enterprise-social-networking",
    "erp",
    "event-management",
    "facility-management",
    "feedback-and-reviews-management",
    "financial-reporting",
    "fleet-management",
    "fundraising",
    "gamification",
    "geographic-information-systems",
    "grant-management",
    "graphic-design",
    "help-desk",
    "hr",
    "ide",
    "identity-management",
    "instant-messaging",
    "inventory-management",
    "it-asset-management",
    "it-development",
    "it-management",
    "it-security",
    "it-service-management",
    "knowledge-management",
    "learning-management-system",
    "marketing",
    "mind-mapping",
    "mobile-marketing",
    "mobile-payment",
    "network-management",
    "office",
    "online-booking",
    "online-community",
    "payments-management",
    "payroll",
    "predictive-analysis",
    "procurement",
    "productivity-suite",
    "project-collaboration",
    "project-management",
    "property-management",
    "real-estate-management",
    "remote-support",
    "resource-management",
    "sales-management",
    "seo",
    "service-desk",
    "social-media-management",
    "survey",
    "talent-management",
    "task-management",
    "taxes-management",
    "test-management",
    "time-management",
    "time-tracking",
    "translation",
    "video-conferencing",
    "video-editing",
    "visitor-management",
    "voip",
    "warehouse-management",
    "web-collaboration",
    "web-conferencing",
    "website-builder",
    "whistleblowing",
    "workflow-management",
];

/// Whether `tag` is a publiccode.yml category.
pub fn is_category(tag: &str) -> bool {
    CATEGORIES.binary_search(&tag).is_ok()
}

impl PublicCode {
    /// The document of `service`; `provider_ipa` is the provider's IPA code when it is an administration.
    /// Fields publishing requires and a draft may lack are written empty.
    pub fn of(service: &Service, provider_ipa: Option<&str>) -> Self {
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
            release_date: service.published_at.map(|t: DateTime<Utc>| t.format("%Y-%m-%d").to_string()),
            platforms: c.platforms.iter().cloned().collect(),
            categories: c.tags.iter().filter(|t| is_category(t)).cloned().collect(),
            development_status: c.development_status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            software_type: match c.service_model {
                Some(ServiceModel::Saas) => "standalone/web",
                _ => "standalone/backend",
            },
            description,
            legal: Legal { license: c.license.clone().unwrap_or_default() },
            maintenance: Maintenance { kind: "internal", contacts: c.contacts.clone() },
            localisation: Localisation { localisation_ready: languages.len() > 1, available_languages: languages },
            it: ItalianExtension {
                country_extension_version: IT_EXTENSION_VERSION,
                riuso: provider_ipa.map(|code| Riuso { codice_ipa: code.to_owned() }),
            },
        }
    }
}
