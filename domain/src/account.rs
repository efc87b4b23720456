//! Account values: email, password, display name, locale.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::text::clean_text;

/// An email address, trimmed and lower-cased so that one address is one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an email address.
    ///
    /// # Errors
    /// A [`FieldError`] on `email` when it is not a plausible address or is longer than 254 characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let email = raw.trim().to_lowercase();
        if email.chars().count() > 254 {
            return Err(FieldError::new("email", "too_long", "must be at most 254 characters"));
        }
        // A bare address only: a display-name form (`"Alias" <x@y.it>`) names the same mailbox as
        // `x@y.it`, and stored as such it would be a second account for it.
        let bare = email_address::Options::default().without_display_text();
        let valid = email_address::EmailAddress::parse_with_options(&email, bare).is_ok_and(|e| e.as_str() == email)
            && !email.chars().any(|c| c.is_control() || c.is_whitespace() || c == '<' || c == '>')
            && email.rsplit_once('@').is_some_and(|(_, host)| host.contains('.') && !host.starts_with('['));
        if !valid {
            return Err(FieldError::new("email", "invalid_email", "is not a valid email address"));
        }
        Ok(Self(email))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password as typed: 12 to 128 characters (NIST SP 800-63B: length, not composition rules).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Minimum length in characters.
    pub const MIN: usize = 12;
    /// Maximum length in characters.
    pub const MAX: usize = 128;

    /// Parses a new password for `field`.
    ///
    /// # Errors
    /// A [`FieldError`] when it is too short or too long.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let len = raw.chars().count();
        if len < Self::MIN {
            return Err(FieldError::new(field, "too_short", format!("must be at least {} characters", Self::MIN)));
        }
        if len > Self::MAX {
            return Err(FieldError::new(field, "too_long", format!("must be at most {} characters", Self::MAX)));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A person's name as shown to others: 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Parses a display name.
    ///
    /// # Errors
    /// A [`FieldError`] on `display_name`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        clean_text("display_name", raw, 1, 100, false).map(Self)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The language a user reads the hub's emails in. Italian by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Italiano.
    #[default]
    It,
    /// English.
    En,
}

impl Locale {
    /// The BCP 47 tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::It => "it",
            Self::En => "en",
        }
    }
}

impl FromStr for Locale {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "it" => Ok(Self::It),
            "en" => Ok(Self::En),
            other => Err(FieldError::new("locale", "unknown_locale", format!("unknown locale `{other}` (it, en)"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        assert_eq!(Email::parse("  Anna.Rossi@Example.IT ").map(|e| e.0), Ok("anna.rossi@example.it".to_owned()));
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.it",
            "anna@localhost",
            "a b@example.it",
            "\"Alias\" <anna@example.it>",
            "Alias <anna@example.it>",
            "<anna@example.it>",
            "anna\u{0}@example.it",
            "anna@example.it.",
            "anna@example..it",
            "anna@@example.it",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_length_counts_characters() {
        assert!(Password::parse("password", "short").is_err());
        assert!(Password::parse("password", "ààààààààààà").is_err(), "11 characters, 22 bytes");
        assert!(Password::parse("password", "àààààààààààà").is_ok());
        assert!(Password::parse("password", &"x".repeat(129)).is_err());
        assert_eq!(format!("{:?}", Password::parse("p", "correct horse battery")), "Ok(Password(***))");
    }

    fn user_with(roles: &[crate::Role]) -> User {
        User {
            id: crate::UserId::new(),
            organization_id: crate::OrganizationId::new(),
            email: "anna@aurora.example".to_owned(),
            display_name: "Anna Rossi".to_owned(),
            locale: Locale::It,
            roles: roles.iter().copied().collect(),
            is_org_owner: true,
            email_verified_at: None,
            created_at: chrono::Utc::now(),
            expertise: std::collections::BTreeSet::new(),
            left_at: None,
        }
    }

    #[test]
    fn an_erased_identity_is_no_email_and_names_no_one() {
        let user = user_with(&[crate::Role::Proposer]);
        let erased = user.erasure(0).expect("a proposer may always erase");
        assert_eq!(erased.email, format!("erased:{}", user.id));
        assert!(Email::parse(&erased.email).is_err(), "no mail can be sent to it, no login can match it");
        assert_eq!(erased.display_name, "Erased user");
    }

    #[test]
    fn the_last_admin_may_not_erase_themselves() {
        let admin = user_with(&[crate::Role::Admin]);
        let refused = admin.erasure(0).expect_err("the only admin");
        assert!(matches!(refused, crate::DomainError::Conflict { code: "last_admin", .. }), "{refused:?}");
        assert!(admin.erasure(1).is_ok(), "with another admin left");
        let proposer_only = [crate::Role::Proposer].into_iter().collect();
        let refused = admin.roles_change(&proposer_only, 0, false).expect_err("the only admin");
        assert!(matches!(refused, crate::DomainError::Conflict { code: "last_admin", .. }), "{refused:?}");
        assert!(admin.roles_change(&proposer_only, 1, false).is_ok());
        assert!(user_with(&[crate::Role::Proposer]).roles_change(&proposer_only, 0, false).is_ok());
    }

    #[test]
    fn only_a_member_of_a_verified_administration_becomes_its_officer() {
        let officer: std::collections::BTreeSet<_> = [crate::Role::Proposer, crate::Role::Administration].into();
        let proposer = user_with(&[crate::Role::Proposer]);
        let refused = proposer.roles_change(&officer, 0, false).expect_err("not an administration's member");
        assert!(matches!(refused, crate::DomainError::Conflict { code: "not_an_administration", .. }), "{refused:?}");
        assert!(proposer.roles_change(&officer, 0, true).is_ok());
        // An officer keeps what they hold when other roles change.
        let holder = user_with(&[crate::Role::Administration]);
        assert!(holder.roles_change(&officer, 0, false).is_ok());
    }
}

/// A user as the hub shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The id.
    pub id: crate::UserId,
    /// The organisation the user belongs to.
    pub organization_id: crate::OrganizationId,
    /// The email address (normalised).
    pub email: String,
    /// The name shown to others.
    pub display_name: String,
    /// The language of the user's emails.
    pub locale: Locale,
    /// The user's roles.
    pub roles: std::collections::BTreeSet<crate::Role>,
    /// Whether the user owns the organisation (may invite colleagues).
    pub is_org_owner: bool,
    /// When the email address was verified.
    pub email_verified_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the account was created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Expertise tags (evaluators), matched against proposals' tags by automatic assignment.
    pub expertise: std::collections::BTreeSet<String>,
    /// When the account was closed: its member left the organisation or was removed from it.
    pub left_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A new account, validated.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Email.
    pub email: Email,
    /// Display name.
    pub display_name: DisplayName,
    /// The Argon2id PHC string of the password.
    pub password_hash: String,
    /// Locale.
    pub locale: Locale,
    /// Expertise tags.
    pub expertise: std::collections::BTreeSet<String>,
}

/// What an erased account keeps in place of its personal data: an address no mail can reach and
/// no login can match (it is not an email), and a neutral name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasedIdentity {
    /// Stands in for the email address; unique per user.
    pub email: String,
    /// Stands in for the name.
    pub display_name: &'static str,
}

impl User {
    /// Whether this user may erase their personal data, given how many other admins the hub has.
    /// The last admin may not: the hub would be left with no one to run it.
    ///
    /// # Errors
    /// `Conflict(last_admin)` for the hub's only admin.
    pub fn erasure(&self, other_admins: u64) -> Result<ErasedIdentity, crate::DomainError> {
        if self.roles.contains(&crate::Role::Admin) && other_admins == 0 {
            return Err(crate::DomainError::conflict(
                "last_admin",
                "the hub's only admin cannot be erased: make another user admin first",
            ));
        }
        Ok(ErasedIdentity { email: format!("erased:{}", self.id), display_name: "Erased user" })
    }

    /// Whether this user's roles may become `roles`, given how many other admins the hub has (the
    /// last admin keeps the role) and whether the user belongs to a verified public administration
    /// (only its members may be its officers).
    ///
    /// # Errors
    /// `Conflict(last_admin)` when the hub's only admin would lose the role;
    /// `Conflict(not_an_administration)` when the role `administration` would go to someone who is
    /// not a member of a verified administration.
    pub fn roles_change(
        &self,
        roles: &std::collections::BTreeSet<crate::Role>,
        other_admins: u64,
        of_verified_administration: bool,
    ) -> Result<(), crate::DomainError> {
        if roles.contains(&crate::Role::Administration)
            && !self.roles.contains(&crate::Role::Administration)
            && !of_verified_administration
        {
            return Err(crate::DomainError::conflict(
                "not_an_administration",
                "only a member of a verified public administration may be its officer",
            ));
        }
        if self.roles.contains(&crate::Role::Admin) && !roles.contains(&crate::Role::Admin) && other_admins == 0 {
            return Err(crate::DomainError::conflict(
                "last_admin",
                "the hub's only admin keeps the admin role: make another user admin first",
            ));
        }
        Ok(())
    }
}
