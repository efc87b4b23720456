//! Personal access tokens: named, scoped, expiring, revocable; stored hashed.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{Actor, AuditEvent, Credential, DomainError, Scope, UserId};

use crate::audit;
use crate::error::StoreError;
use crate::rows::{parse_stored, roles_of, utc};
use crate::schema::{personal_access_tokens as pat, users};
use crate::{NewSecret, Store};

/// A personal access token as its owner sees it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalAccessToken {
    /// The id.
    pub id: String,
    /// The owner's name for it.
    pub name: String,
    /// What it may do.
    pub scopes: BTreeSet<Scope>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pat)]
struct PatRow {
    id: String,
    name: String,
    scopes: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

/// A live token with its user.
#[derive(Debug, Queryable)]
struct PatLookup {
    token_id: String,
    scopes: String,
    last_used: Option<NaiveDateTime>,
    user_id: String,
    organization_id: String,
    is_org_owner: bool,
    verified: Option<NaiveDateTime>,
}

fn parse_scopes(stored: &str) -> Result<BTreeSet<Scope>, StoreError> {
    stored.split_whitespace().map(|s| parse_stored::<Scope>("personal_access_tokens.scopes", s)).collect()
}

impl PatRow {
    fn into_token(self) -> Result<PersonalAccessToken, StoreError> {
        Ok(PersonalAccessToken {
            id: self.id,
            name: self.name,
            scopes: parse_scopes(&self.scopes)?,
            created_at: utc(self.created_at),
            expires_at: utc(self.expires_at),
            last_used_at: self.last_used_at.map(utc),
            revoked_at: self.revoked_at.map(utc),
        })
    }
}

impl Store {
    /// Creates a token for `user`.
    ///
    /// # Errors
    /// When the database fails.
    pub fn pat_create(
        &self,
        user: UserId,
        name: &str,
        scopes: &BTreeSet<Scope>,
        secret: NewSecret,
    ) -> Result<PersonalAccessToken, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let id = domain::ids::new_id().to_string();
            let scopes_text = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
            diesel::insert_into(pat::table)
                .values((
                    pat::id.eq(&id),
                    pat::user_id.eq(user.to_string()),
                    pat::name.eq(name),
                    pat::token_hash.eq(&secret.hash),
                    pat::scopes.eq(&scopes_text),
                    pat::created_at.eq(now),
                    pat::expires_at.eq(now + secret.ttl),
                ))
                .execute(conn)?;
            let event =
                AuditEvent::new(Some(user), "token.created", "personal_access_token", &id).with("scopes", scopes_text);
            audit::append(conn, &self.audit_key, &event, now)?;
            pat::table.find(&id).select(PatRow::as_select()).first(conn)?.into_token()
        })
    }

    /// The tokens of `user`, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub fn pat_list(&self, user: UserId) -> Result<Vec<PersonalAccessToken>, StoreError> {
        self.db.read(|conn| {
            let rows: Vec<PatRow> = pat::table
                .filter(pat::user_id.eq(user.to_string()))
                .order(pat::id.desc())
                .select(PatRow::as_select())
                .load(conn)?;
            rows.into_iter().map(PatRow::into_token).collect()
        })
    }

    /// Revokes one of `user`'s tokens. Another user's token is not found.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn pat_revoke(&self, user: UserId, id: &str) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let mine = || pat::table.find(id).filter(pat::user_id.eq(user.to_string()));
            let exists: i64 = mine().count().get_result(conn)?;
            if exists == 0 {
                return Err(StoreError::not_found("token"));
            }
            let revoked =
                diesel::update(mine().filter(pat::revoked_at.is_null())).set(pat::revoked_at.eq(now)).execute(conn)?;
            if revoked == 1 {
                audit::append(
                    conn,
                    &self.audit_key,
                    &AuditEvent::new(Some(user), "token.revoked", "personal_access_token", id),
                    now,
                )?;
            }
            Ok(())
        })
    }

    /// The actor behind a personal access token, if it is live.
    ///
    /// # Errors
    /// `Unauthenticated` for an unknown, expired or revoked token.
    pub fn actor_for_pat(&self, token_hash: &str) -> Result<Actor, StoreError> {
        let now = self.db.now();
        let found = self.db.read(|conn| {
            let found: Option<PatLookup> = pat::table
                .inner_join(users::table)
                .filter(pat::token_hash.eq(token_hash))
                .filter(pat::revoked_at.is_null())
                .filter(pat::expires_at.gt(now))
                .select((
                    pat::id,
                    pat::scopes,
                    pat::last_used_at,
                    users::id,
                    users::organization_id,
                    users::is_org_owner,
                    users::email_verified_at,
                ))
                .first(conn)
                .optional()?;
            let Some(PatLookup { token_id, scopes, last_used, user_id, organization_id, is_org_owner, verified }) =
                found
            else {
                return Err(StoreError::from(DomainError::Unauthenticated("unknown, expired or revoked token")));
            };
            let actor = Actor {
                user_id: parse_stored("users.id", &user_id)?,
                organization_id: parse_stored("users.organization_id", &organization_id)?,
                is_org_owner,
                roles: roles_of(conn, &user_id)?,
                email_verified: verified.is_some(),
                credential: Credential::Token(parse_scopes(&scopes)?),
            };
            Ok((actor, token_id, last_used))
        })?;
        let (actor, token_id, last_used) = found;
        // Recorded to the minute, so that a busy script does not write on every request.
        if last_used.is_none_or(|at| now - at > chrono::Duration::minutes(1)) {
            self.db.write(|conn| {
                diesel::update(pat::table.find(&token_id)).set(pat::last_used_at.eq(now)).execute(conn)?;
                Ok(())
            })?;
        }
        Ok(actor)
    }
}
