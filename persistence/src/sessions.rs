//! Sessions: refresh-token families. Each refresh spends its token and issues the next; presenting a
//! spent token again is theft or a bug, and revokes the whole family.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{Actor, AuditEvent, Credential, DomainError, Role, UserId};

use crate::audit;
use crate::error::StoreError;
use crate::rows::{parse_stored, roles_of};
use crate::schema::{refresh_tokens, sessions, users};
use crate::{NewSecret, Store};

/// What an access token is issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionGrant {
    /// The session (refresh family).
    pub session_id: String,
    /// The user.
    pub user_id: UserId,
    /// The user's token version: access tokens of an older version are refused.
    pub token_version: i32,
    /// The user's roles: they change only with the token version.
    pub roles: BTreeSet<Role>,
}

/// A refresh token with its session.
#[derive(Debug, Queryable)]
struct RefreshLookup {
    token_id: String,
    session_id: String,
    used_at: Option<NaiveDateTime>,
    expires_at: NaiveDateTime,
    user_id: String,
    revoked_at: Option<NaiveDateTime>,
}

enum Refresh {
    Rotated(SessionGrant),
    Reused,
}

fn insert_refresh(
    conn: &mut crate::db::DbConnection,
    session_id: &str,
    secret: &NewSecret,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(domain::ids::new_id().to_string()),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(&secret.hash),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(now + secret.ttl),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends `session_id` of `user_id` if it is live, with its audit entry.
fn end_session(
    conn: &mut crate::db::DbConnection,
    audit_key: &crate::audit::AuditKey,
    session_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let ended = diesel::update(
        sessions::table.find(session_id).filter(sessions::user_id.eq(user_id)).filter(sessions::revoked_at.is_null()),
    )
    .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq("logout")))
    .execute(conn)?;
    if ended == 1 {
        let user: UserId = parse_stored("sessions.user_id", user_id)?;
        audit::append(conn, audit_key, &AuditEvent::new(Some(user), "session.ended", "session", session_id), now)?;
    }
    Ok(())
}

impl Store {
    /// Starts a session after a successful login, with its first refresh token.
    ///
    /// # Errors
    /// `NotFound` for an unknown user; `Conflict` (`account_closed`) for one who left their organisation.
    pub fn session_create(&self, user_id: UserId, refresh: NewSecret) -> Result<SessionGrant, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let id = user_id.to_string();
            let (token_version, left): (i32, Option<NaiveDateTime>) =
                users::table.find(&id).select((users::token_version, users::left_at)).first(conn)?;
            if left.is_some() {
                return Err(DomainError::conflict(
                    "account_closed",
                    "this account left its organisation: an invitation from an organisation reopens it",
                )
                .into());
            }
            let session_id = domain::ids::new_id().to_string();
            diesel::insert_into(sessions::table)
                .values((
                    sessions::id.eq(&session_id),
                    sessions::user_id.eq(&id),
                    sessions::created_at.eq(now),
                    sessions::expires_at.eq(now + refresh.ttl),
                ))
                .execute(conn)?;
            insert_refresh(conn, &session_id, &refresh, now)?;
            audit::append(
                conn,
                &self.audit_key,
                &AuditEvent::new(Some(user_id), "session.created", "session", &session_id),
                now,
            )?;
            let roles = roles_of(conn, &id)?;
            Ok(SessionGrant { session_id, user_id, token_version, roles })
        })
    }

    /// Spends a refresh token and issues `next` in the same session. A token spent before revokes the
    /// session (the revocation is committed even though the call fails).
    ///
    /// # Errors
    /// `Unauthenticated` for an unknown, expired, spent or revoked token.
    pub fn session_refresh(&self, token_hash: &str, next: NewSecret) -> Result<SessionGrant, StoreError> {
        let now = self.db.now();
        let outcome = self.db.write(|conn| {
            let found: Option<RefreshLookup> = refresh_tokens::table
                .inner_join(sessions::table)
                .filter(refresh_tokens::token_hash.eq(token_hash))
                .select((
                    refresh_tokens::id,
                    sessions::id,
                    refresh_tokens::used_at,
                    refresh_tokens::expires_at,
                    sessions::user_id,
                    sessions::revoked_at,
                ))
                .first(conn)
                .optional()?;
            let Some(RefreshLookup { token_id, session_id, used_at, expires_at, user_id, revoked_at }) = found else {
                return Err(DomainError::Unauthenticated("unknown refresh token").into());
            };
            let user: UserId = parse_stored("sessions.user_id", &user_id)?;
            if revoked_at.is_some() {
                return Err(DomainError::Unauthenticated("the session was ended").into());
            }
            let spent = used_at.is_none()
                && diesel::update(refresh_tokens::table.find(&token_id).filter(refresh_tokens::used_at.is_null()))
                    .set(refresh_tokens::used_at.eq(now))
                    .execute(conn)?
                    == 1;
            if !spent {
                diesel::update(sessions::table.find(&session_id))
                    .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq("refresh_token_reuse")))
                    .execute(conn)?;
                let event = AuditEvent::new(Some(user), "session.revoked", "session", &session_id)
                    .with("reason", "refresh_token_reuse");
                audit::append(conn, &self.audit_key, &event, now)?;
                return Ok(Refresh::Reused);
            }
            if expires_at <= now {
                return Err(DomainError::Unauthenticated("the refresh token expired").into());
            }
            insert_refresh(conn, &session_id, &next, now)?;
            let token_version: i32 = users::table.find(&user_id).select(users::token_version).first(conn)?;
            let roles = roles_of(conn, &user_id)?;
            Ok(Refresh::Rotated(SessionGrant { session_id, user_id: user, token_version, roles }))
        })?;
        match outcome {
            Refresh::Rotated(grant) => Ok(grant),
            Refresh::Reused => {
                Err(DomainError::Unauthenticated("the refresh token was already used; the session is revoked").into())
            }
        }
    }

    /// Ends the session of a refresh token (log out).
    ///
    /// # Errors
    /// `Unauthenticated` for an unknown token.
    pub fn session_revoke(&self, token_hash: &str) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let found: Option<(String, String)> = refresh_tokens::table
                .inner_join(sessions::table)
                .filter(refresh_tokens::token_hash.eq(token_hash))
                .select((sessions::id, sessions::user_id))
                .first(conn)
                .optional()?;
            let Some((session_id, user_id)) = found else {
                return Err(DomainError::Unauthenticated("unknown refresh token").into());
            };
            end_session(conn, &self.audit_key, &session_id, &user_id, now)
        })
    }

    /// Ends a session of `user` by its id (a browser's log out, whose cookie names the session and
    /// holds no refresh token). Ending an ended or unknown session does nothing.
    ///
    /// # Errors
    /// Only the database's.
    pub fn session_end(&self, user: UserId, session_id: &str) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| end_session(conn, &self.audit_key, session_id, &user.to_string(), now))
    }

    /// The actor behind an access token, if its session is live and its version current: one statement.
    /// `roles` are the token's own, current while its version is; `None` reads them (a second one).
    ///
    /// # Errors
    /// `Unauthenticated` when the session ended, the user is gone or the roles changed since issue.
    pub fn actor_for_session(
        &self,
        user_id: UserId,
        session_id: &str,
        token_version: i32,
        roles: Option<BTreeSet<Role>>,
    ) -> Result<Actor, StoreError> {
        let now = self.db.now();
        self.db.read(|conn| {
            let id = user_id.to_string();
            let found: Option<(String, bool, Option<NaiveDateTime>, i32)> = users::table
                .inner_join(sessions::table)
                .filter(users::id.eq(&id))
                .filter(sessions::id.eq(session_id))
                .filter(sessions::revoked_at.is_null())
                .filter(sessions::expires_at.gt(now))
                .select((users::organization_id, users::is_org_owner, users::email_verified_at, users::token_version))
                .first(conn)
                .optional()?;
            let Some((organization_id, is_org_owner, verified, version)) = found else {
                return Err(DomainError::Unauthenticated("the session has ended").into());
            };
            if version != token_version {
                return Err(
                    DomainError::Unauthenticated("the access token predates a change of roles or password").into()
                );
            }
            Ok(Actor {
                user_id,
                organization_id: parse_stored("users.organization_id", &organization_id)?,
                is_org_owner,
                roles: match roles {
                    Some(roles) => roles,
                    None => roles_of(conn, &id)?,
                },
                email_verified: verified.is_some(),
                credential: Credential::Session,
            })
        })
    }
}
