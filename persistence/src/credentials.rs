//! A user's password and profile: reset by email, change when signed in, name and language. A new
//! password ends whatever someone else may hold: the other sessions, the personal access tokens, the
//! reset links still outstanding; and the user is told by email.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AuditEvent, DisplayName, Email, Locale, OutgoingMail, User, UserId};

use crate::accounts::{RESET, Recipient, insert_account_token, recipient, spend_account_token};
use crate::audit::{self, AuditKey};
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::rows::{load_user, parse_stored};
use crate::schema::{account_tokens, personal_access_tokens, sessions, users};
use crate::stored::Named;
use crate::{NewSecret, Store};

/// Changes to a user's profile; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct ProfileChange {
    /// The name shown to others.
    pub display_name: Option<DisplayName>,
    /// The language of the user's emails.
    pub locale: Option<Locale>,
}

/// Why a password is replaced.
#[derive(Debug, Clone, Copy)]
enum Why {
    /// With an emailed reset link.
    Reset,
    /// By the signed-in user.
    Change,
}

impl Why {
    /// The audit action.
    fn action(self) -> &'static str {
        match self {
            Self::Reset => "user.password_reset",
            Self::Change => "user.password_changed",
        }
    }

    /// Why the other sessions ended.
    fn session_reason(self) -> &'static str {
        match self {
            Self::Reset => "password_reset",
            Self::Change => "password_changed",
        }
    }
}

/// Sets a new password hash and ends every credential of the user but the session `keep`: the other
/// sessions (with their access tokens), every personal access token and every outstanding reset link.
/// Returns the user, to write to.
fn replace_password(
    conn: &mut DbConnection,
    key: &AuditKey,
    user_id: &str,
    password_hash: &str,
    keep: Option<&str>,
    why: Why,
    now: NaiveDateTime,
) -> Result<User, StoreError> {
    diesel::update(users::table.find(user_id))
        .set((users::password_hash.eq(password_hash), users::updated_at.eq(now)))
        .execute(conn)?;
    let reason = why.session_reason();
    let live = sessions::table.filter(sessions::user_id.eq(user_id)).filter(sessions::revoked_at.is_null());
    let sessions_ended = match keep {
        Some(keep) => diesel::update(live.filter(sessions::id.ne(keep)))
            .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq(reason)))
            .execute(conn)?,
        None => diesel::update(live)
            .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq(reason)))
            .execute(conn)?,
    };
    let tokens_revoked = diesel::update(
        personal_access_tokens::table
            .filter(personal_access_tokens::user_id.eq(user_id))
            .filter(personal_access_tokens::revoked_at.is_null()),
    )
    .set(personal_access_tokens::revoked_at.eq(now))
    .execute(conn)?;
    let links_spent = diesel::update(
        account_tokens::table
            .filter(account_tokens::user_id.eq(user_id))
            .filter(account_tokens::purpose.eq(RESET))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)?;
    let id: UserId = parse_stored("users.id", user_id)?;
    let event = AuditEvent::new(Some(id), why.action(), "user", user_id)
        .with("sessions_ended", sessions_ended.to_string())
        .with("tokens_revoked", tokens_revoked.to_string())
        .with("reset_links_spent", links_spent.to_string());
    audit::append(conn, key, &event, now)?;
    load_user(conn, user_id)
}

impl Store {
    /// Starts a password reset. With an account at `email`, stores the token and writes the reset
    /// email (`mail(Some(user))`); without one, writes `mail(None)` to the address all the same, so
    /// that both paths do the same work and the caller learns nothing.
    ///
    /// # Errors
    /// When the database fails.
    pub fn user_password_reset_request(
        &self,
        email: &Email,
        secret: NewSecret,
        mail: impl FnOnce(Option<&Recipient>) -> OutgoingMail,
    ) -> Result<(), StoreError> {
        let now = self.db.now();
        // Both paths read one row and write an outbox row and an audit row; the known one also
        // stores the token.
        self.db.write(|conn| {
            // A closed account (its holder left their organisation) has no password to reset.
            let found: Option<(String, String, Locale)> = users::table
                .filter(users::email.eq(email.as_str()))
                .filter(users::left_at.is_null())
                .select((users::id, users::display_name, users::locale))
                .first(conn)
                .optional()?;
            let Some((user_id, display_name, locale)) = found else {
                enqueue(conn, &mail(None), now)?;
                let event = AuditEvent::new(None, "user.password_reset_requested", "address", "unknown");
                audit::append(conn, &self.audit_key, &event, now)?;
                return Ok(());
            };
            let to = Recipient { email: email.clone(), display_name, locale };
            insert_account_token(conn, &user_id, RESET, &secret, now)?;
            enqueue(conn, &mail(Some(&to)), now)?;
            audit::append(
                conn,
                &self.audit_key,
                &AuditEvent::new(None, "user.password_reset_requested", "user", &user_id),
                now,
            )?;
            Ok(())
        })
    }

    /// Completes a password reset: sets the new hash, spends every other reset link, ends every
    /// session, invalidates every access token already issued, revokes every personal access token,
    /// and writes `mail` (the password changed) to the user.
    ///
    /// # Errors
    /// `Invalid` when the token is unknown, used or expired.
    pub fn user_password_reset_confirm(
        &self,
        token_hash: &str,
        password_hash: &str,
        mail: impl FnOnce(&Recipient) -> OutgoingMail,
    ) -> Result<UserId, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let user_id = spend_account_token(conn, RESET, token_hash, now)?;
            diesel::update(users::table.find(&user_id))
                .set(users::token_version.eq(users::token_version + 1))
                .execute(conn)?;
            // Receiving the reset mail proves the address.
            diesel::update(users::table.find(&user_id).filter(users::email_verified_at.is_null()))
                .set(users::email_verified_at.eq(now))
                .execute(conn)?;
            let user = replace_password(conn, &self.audit_key, &user_id, password_hash, None, Why::Reset, now)?;
            enqueue(conn, &mail(&recipient(&user)?), now)?;
            Ok(user.id)
        })
    }

    /// The address and password hash of a user, to check their current password.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn user_password_hash(&self, user_id: UserId) -> Result<(String, String), StoreError> {
        self.db.read(|conn| {
            users::table
                .find(user_id.to_string())
                .select((users::email, users::password_hash))
                .first(conn)
                .optional()?
                .ok_or_else(|| StoreError::not_found("user"))
        })
    }

    /// Changes a signed-in user's password: the session `keep` (the caller's) goes on; every other
    /// session, personal access token and reset link ends, and `mail` is written to the user.
    ///
    /// # Errors
    /// `NotFound` for an unknown user.
    pub fn user_password_change(
        &self,
        user_id: UserId,
        keep: &str,
        password_hash: &str,
        mail: impl FnOnce(&Recipient) -> OutgoingMail,
    ) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let user = replace_password(
                conn,
                &self.audit_key,
                &user_id.to_string(),
                password_hash,
                Some(keep),
                Why::Change,
                now,
            )?;
            enqueue(conn, &mail(&recipient(&user)?), now)?;
            Ok(())
        })
    }

    /// Changes a user's name or language.
    ///
    /// # Errors
    /// `NotFound` for an unknown user.
    pub fn user_update_profile(&self, user_id: UserId, change: ProfileChange) -> Result<User, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let id = user_id.to_string();
            let before = load_user(conn, &id)?;
            let display_name = change.display_name.as_ref().map_or(before.display_name.as_str(), DisplayName::as_str);
            let locale = change.locale.unwrap_or(before.locale);
            diesel::update(users::table.find(&id))
                .set((users::display_name.eq(display_name), users::locale.eq(Named(locale)), users::updated_at.eq(now)))
                .execute(conn)?;
            let mut event = AuditEvent::new(Some(user_id), "user.profile_updated", "user", &id);
            if change.display_name.is_some() {
                event = event.with("display_name", "changed");
            }
            if let Some(locale) = change.locale {
                event = event.with("locale", locale.as_str());
            }
            audit::append(conn, &self.audit_key, &event, now)?;
            load_user(conn, &id)
        })
    }
}
