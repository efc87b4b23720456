//! Organisations: the proposing companies, universities, research centres and the administrations.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::text::clean_text;

mod membership;

pub use membership::Departure;

/// The kind of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// An innovative startup.
    Startup,
    /// A university.
    University,
    /// A public or private research centre.
    ResearchCentre,
    /// A company.
    Company,
    /// A public administration (it may have an IPA code).
    PublicAdministration,
}

impl OrganizationKind {
    /// Every kind, in a stable order.
    pub const ALL: [Self; 5] =
        [Self::Startup, Self::University, Self::ResearchCentre, Self::Company, Self::PublicAdministration];

    /// The stable name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Startup => "startup",
            Self::University => "university",
            Self::ResearchCentre => "research_centre",
            Self::Company => "company",
            Self::PublicAdministration => "public_administration",
        }
    }
}

impl FromStr for OrganizationKind {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| FieldError::new("kind", "unknown_kind", format!("unknown organisation kind `{s}`")))
    }
}

impl fmt::Display for OrganizationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name of an organisation: 2 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationName(String);

impl OrganizationName {
    /// Parses a name.
    ///
    /// # Errors
    /// A [`FieldError`] on `name` when it is too short, too long or has control characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        clean_text("name", raw, 2, 200, false).map(Self)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Italian tax identifier of an organisation: the 11-digit *partita IVA*, which is also the numeric
/// *codice fiscale* of legal persons. Its last digit is a Luhn-style check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaxCode(String);

impl TaxCode {
    /// Parses a tax code, accepting an optional `IT` prefix and spaces.
    ///
    /// # Errors
    /// A [`FieldError`] on `tax_code` when it is not 11 digits or its check digit is wrong.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = compact.strip_prefix("IT").or_else(|| compact.strip_prefix("it")).unwrap_or(&compact);
        if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "tax_code",
                "invalid_format",
                "must be 11 digits (partita IVA / codice fiscale)",
            ));
        }
        if digits.bytes().all(|b| b == b'0') {
            return Err(FieldError::new("tax_code", "invalid_checksum", "is not a valid partita IVA"));
        }
        let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if check_digit(&values[..10]) != values[10] {
            return Err(FieldError::new(
                "tax_code",
                "invalid_checksum",
                "check digit does not match: not a valid partita IVA",
            ));
        }
        Ok(Self(digits.to_owned()))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit of the first ten digits of a partita IVA.
pub fn check_digit(first_ten: &[u32]) -> u32 {
    let sum: u32 = first_ten
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                d
            } else {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// The code of a public administration in the *Indice delle Pubbliche Amministrazioni* (IPA), e.g. `m_it`
/// or `c_h501`: 2 to 20 lowercase letters, digits and underscores.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IpaCode(String);

impl IpaCode {
    /// Parses an IPA code, case-insensitively.
    ///
    /// # Errors
    /// A [`FieldError`] on `ipa_code` when it has another shape.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_lowercase();
        let valid_chars = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !(2..=20).contains(&code.len()) || !valid_chars {
            return Err(FieldError::new(
                "ipa_code",
                "invalid_format",
                "must be 2 to 20 letters, digits or underscores",
            ));
        }
        Ok(Self(code))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn accepts_valid_partite_iva() {
        // Check digits computed by hand with the published algorithm.
        for valid in ["12345678903", "IT12345678903", "123 456 789 03", "00743110157"] {
            assert!(TaxCode::parse(valid).is_ok(), "{valid}");
        }
        assert_eq!(TaxCode::parse("IT12345678903").map(|t| t.0), Ok("12345678903".to_owned()));
    }

    #[test]
    fn refuses_bad_shapes_and_checksums() {
        let code = |raw| TaxCode::parse(raw).map_err(|e| e.code);
        assert_eq!(code("12345678901"), Err("invalid_checksum"));
        assert_eq!(code("00000000000"), Err("invalid_checksum"));
        assert_eq!(code("1234567890"), Err("invalid_format"));
        assert_eq!(code("RSSMRA80A01H501U"), Err("invalid_format"));
        assert_eq!(code("1234567890a"), Err("invalid_format"));
    }

    proptest! {
        #[test]
        fn exactly_one_check_digit_is_valid(first in proptest::collection::vec(0u32..10, 10)) {
            prop_assume!(first.iter().any(|&d| d != 0));
            let prefix: String = first.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
            let valid = (0..10).filter(|last| TaxCode::parse(&format!("{prefix}{last}")).is_ok()).count();
            prop_assert_eq!(valid, 1);
        }

        #[test]
        fn a_single_changed_digit_is_detected(first in proptest::collection::vec(0u32..10, 10), pos in 0usize..10, delta in 1u32..10) {
            prop_assume!(first.iter().any(|&d| d != 0));
            let mut digits = first.clone();
            digits.push(check_digit(&first));
            digits[pos] = (digits[pos] + delta) % 10;
            let raw: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
            prop_assert!(TaxCode::parse(&raw).is_err());
        }
    }

    #[test]
    fn ipa_codes() {
        assert_eq!(IpaCode::parse(" C_H501 ").map(|c| c.0), Ok("c_h501".to_owned()));
        assert!(IpaCode::parse("a").is_err());
        assert!(IpaCode::parse("m-it").is_err());
    }

    #[test]
    fn an_administration_gives_its_ipa_code_and_only_it_has_one() {
        let code = |kind, ipa| {
            NewOrganization::parse("Comune di Valdora", kind, "80214573604", ipa).map_err(|e| match e {
                crate::DomainError::Invalid(errors) => {
                    errors.iter().map(|e| (e.field.clone(), e.code)).collect::<Vec<_>>()
                }
                other => panic!("{other:?}"),
            })
        };
        assert_eq!(code("public_administration", None).err(), Some(vec![("ipa_code".to_owned(), "required")]));
        assert!(code("public_administration", Some("c_l219")).is_ok());
        assert_eq!(code("startup", Some("c_l219")).err(), Some(vec![("ipa_code".to_owned(), "not_an_administration")]));
        assert!(code("startup", None).is_ok());
    }

    #[test]
    fn an_administration_is_verified_once_and_then_has_officers() {
        let mut org = Organization {
            id: crate::OrganizationId::new(),
            name: "Comune di Valdora".to_owned(),
            kind: OrganizationKind::PublicAdministration,
            tax_code: "80214573604".to_owned(),
            ipa_code: Some("c_l219".to_owned()),
            created_at: chrono::Utc::now(),
            verified_at: None,
        };
        let conflict = |r: Result<(), crate::DomainError>| match r {
            Err(crate::DomainError::Conflict { code, .. }) => Some(code),
            _ => None,
        };
        assert_eq!(org.administration_status(), Some(AdministrationStatus::Pending));
        assert_eq!(conflict(org.officers_allowed()), Some("administration_unverified"));
        assert!(org.verification().is_ok());
        org.verified_at = Some(chrono::Utc::now());
        assert!(org.is_verified_administration());
        assert_eq!(conflict(org.verification()), Some("administration_verified"));
        assert!(org.officers_allowed().is_ok());
        org.kind = OrganizationKind::Startup;
        assert_eq!(org.administration_status(), None);
        assert_eq!(conflict(org.verification()), Some("not_an_administration"));
        assert_eq!(conflict(org.officers_allowed()), Some("not_an_administration"));
    }

    #[test]
    fn kinds_round_trip() {
        for kind in OrganizationKind::ALL {
            assert_eq!(kind.as_str().parse::<OrganizationKind>(), Ok(kind));
        }
        assert!("ngo".parse::<OrganizationKind>().is_err());
    }
}

/// An organisation as the hub shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// The id.
    pub id: crate::OrganizationId,
    /// The name.
    pub name: String,
    /// The kind.
    pub kind: OrganizationKind,
    /// Partita IVA / codice fiscale.
    pub tax_code: String,
    /// IPA code, for administrations.
    pub ipa_code: Option<String>,
    /// When it was registered.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When an admin verified it (public administrations only; `None` while pending).
    pub verified_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Where a public administration stands with the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdministrationStatus {
    /// Registered, waiting for an admin to check it against the IPA.
    Pending,
    /// Checked by an admin: it sponsors, states needs and declares adoptions.
    Verified,
}

impl AdministrationStatus {
    /// Both states.
    pub const ALL: [Self; 2] = [Self::Pending, Self::Verified];

    /// The stable name used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Verified => "verified",
        }
    }
}

impl FromStr for AdministrationStatus {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(Self::Pending),
            "verified" => Ok(Self::Verified),
            _ => Err(FieldError::new("status", "unknown_status", format!("unknown administration status `{s}`"))),
        }
    }
}

impl Organization {
    /// For a public administration, whether an admin verified it; `None` for other kinds.
    pub fn administration_status(&self) -> Option<AdministrationStatus> {
        (self.kind == OrganizationKind::PublicAdministration).then_some(if self.verified_at.is_some() {
            AdministrationStatus::Verified
        } else {
            AdministrationStatus::Pending
        })
    }

    /// Whether this is a verified public administration: the only kind of organisation that
    /// sponsors challenges, states needs, declares adoptions and has officers.
    pub fn is_verified_administration(&self) -> bool {
        self.administration_status() == Some(AdministrationStatus::Verified)
    }

    /// Whether an admin may verify it now.
    ///
    /// # Errors
    /// `Conflict(not_an_administration)` for another kind, `Conflict(administration_verified)` when verified.
    pub fn verification(&self) -> Result<(), crate::DomainError> {
        match self.administration_status() {
            None => Err(crate::DomainError::conflict(
                "not_an_administration",
                "only a public administration is verified by an admin",
            )),
            Some(AdministrationStatus::Verified) => {
                Err(crate::DomainError::conflict("administration_verified", "the administration is already verified"))
            }
            Some(AdministrationStatus::Pending) => Ok(()),
        }
    }

    /// Whether it may have officers now (the role `administration`).
    ///
    /// # Errors
    /// `Conflict(not_an_administration)` for another kind, `Conflict(administration_unverified)` for an
    /// administration an admin has not verified yet.
    pub fn officers_allowed(&self) -> Result<(), crate::DomainError> {
        match self.administration_status() {
            None => Err(crate::DomainError::conflict(
                "not_an_administration",
                "only a verified public administration has officers",
            )),
            Some(AdministrationStatus::Pending) => Err(crate::DomainError::conflict(
                "administration_unverified",
                "an admin has not verified this administration yet",
            )),
            Some(AdministrationStatus::Verified) => Ok(()),
        }
    }
}

/// A new organisation, validated: a public administration has an IPA code, and only it.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    /// The name.
    pub name: OrganizationName,
    /// The kind.
    pub kind: OrganizationKind,
    /// Partita IVA / codice fiscale.
    pub tax_code: TaxCode,
    /// IPA code.
    pub ipa_code: Option<IpaCode>,
}

impl NewOrganization {
    /// Parses every field, reporting all problems at once.
    ///
    /// # Errors
    /// [`crate::DomainError::Invalid`] with a field error per broken rule.
    pub fn parse(name: &str, kind: &str, tax_code: &str, ipa_code: Option<&str>) -> Result<Self, crate::DomainError> {
        let mut v = crate::Validation::new();
        let name = v.check(OrganizationName::parse(name));
        let kind = v.check(kind.parse::<OrganizationKind>());
        let tax_code = v.check(TaxCode::parse(tax_code));
        let ipa_code = match ipa_code {
            None => Some(None),
            Some(raw) => v.check(IpaCode::parse(raw)).map(Some),
        };
        if let (Some(kind), Some(Some(_))) = (kind, &ipa_code)
            && kind != OrganizationKind::PublicAdministration
        {
            v.push(FieldError::new(
                "ipa_code",
                "not_an_administration",
                "only a public administration has an IPA code",
            ));
        }
        if kind == Some(OrganizationKind::PublicAdministration) && matches!(ipa_code, Some(None)) {
            v.push(FieldError::new(
                "ipa_code",
                "required",
                "a public administration gives its code in the Indice delle Pubbliche Amministrazioni",
            ));
        }
        v.finish()?;
        match (name, kind, tax_code, ipa_code) {
            (Some(name), Some(kind), Some(tax_code), Some(ipa_code)) => Ok(Self { name, kind, tax_code, ipa_code }),
            _ => Err(crate::DomainError::invalid("organization", "invalid", "is invalid")),
        }
    }
}
