//! Users: registration, email verification, password reset, roles.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{
    AuditEvent, DomainError, Email, Locale, NewAccount, NewOrganization, OutgoingMail, Page, PageRequest, Role, User,
    UserId,
};

use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::organizations::{Vouched, insert_organization};
use crate::outbox::enqueue;
use crate::rows::{UserRow, load_user, set_roles};
use crate::schema::{account_tokens, invitations, sessions, user_roles, users};
use crate::stored::Named;
use crate::{NewSecret, Store};

/// How a new user joins an organisation.
#[derive(Debug, Clone)]
pub enum Membership {
    /// Registers a new organisation and owns it.
    Found(NewOrganization),
    /// Joins an existing one with an invitation token sent to the same address (hash of the token).
    Invited {
        /// SHA-256 of the invitation token.
        token_hash: String,
    },
}

/// What a registration did.
#[derive(Debug, Clone)]
pub enum Registered {
    /// The account, created.
    Created(User),
    /// The address already had an account: its owner was told, nothing was created.
    AddressTaken,
}

/// Who to write an email to.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// The address.
    pub email: Email,
    /// The name.
    pub display_name: String,
    /// The language.
    pub locale: domain::Locale,
}

const VERIFY: &str = "verify_email";
pub(crate) const RESET: &str = "password_reset";

fn invalid_token() -> StoreError {
    DomainError::invalid("token", "invalid_token", "is unknown, already used or expired").into()
}

/// Spends an unexpired, unused single-use account token; returns the user it belongs to.
pub(crate) fn spend_account_token(
    conn: &mut DbConnection,
    purpose: &str,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let (id, user_id): (String, String) = account_tokens::table
        .filter(account_tokens::token_hash.eq(token_hash))
        .filter(account_tokens::purpose.eq(purpose))
        .filter(account_tokens::used_at.is_null())
        .filter(account_tokens::expires_at.gt(now))
        .select((account_tokens::id, account_tokens::user_id))
        .first(conn)
        .optional()?
        .ok_or_else(invalid_token)?;
    // Conditional update: of two concurrent uses, exactly one spends the token.
    let spent = diesel::update(account_tokens::table.find(&id).filter(account_tokens::used_at.is_null()))
        .set(account_tokens::used_at.eq(now))
        .execute(conn)?;
    if spent == 1 { Ok(user_id) } else { Err(invalid_token()) }
}

pub(crate) fn insert_account_token(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: &str,
    secret: &NewSecret,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::id.eq(domain::ids::new_id().to_string()),
            account_tokens::user_id.eq(user_id),
            account_tokens::purpose.eq(purpose),
            account_tokens::token_hash.eq(&secret.hash),
            account_tokens::created_at.eq(now),
            account_tokens::expires_at.eq(now + secret.ttl),
        ))
        .execute(conn)?;
    Ok(())
}

/// The invitation of `token_hash`, pending and sent to `email`: its id and organisation.
fn invitation_for(
    conn: &mut DbConnection,
    token_hash: &str,
    email: &Email,
    now: NaiveDateTime,
) -> Result<(String, String), StoreError> {
    let (invitation_id, organization_id, invited): (String, String, String) = invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select((invitations::id, invitations::organization_id, invitations::email))
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            StoreError::from(DomainError::invalid(
                "invitation_token",
                "invalid_token",
                "is unknown, already used or expired",
            ))
        })?;
    if invited != email.as_str() {
        return Err(DomainError::invalid(
            "email",
            "invitation_mismatch",
            "must be the address the invitation was sent to",
        )
        .into());
    }
    Ok((invitation_id, organization_id))
}

/// Marks an invitation accepted by `user_id`, once.
fn accept_invitation(
    conn: &mut DbConnection,
    invitation_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let accepted = diesel::update(invitations::table.find(invitation_id).filter(invitations::accepted_at.is_null()))
        .set((invitations::accepted_at.eq(now), invitations::accepted_by.eq(user_id)))
        .execute(conn)?;
    if accepted != 1 {
        return Err(DomainError::invalid("invitation_token", "invalid_token", "is already used").into());
    }
    Ok(())
}

/// Reopens the closed account `id` in the organisation of the invitation `token_hash`.
fn reopen(
    conn: &mut DbConnection,
    key: &crate::audit::AuditKey,
    id: &str,
    account: &NewAccount,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<User, StoreError> {
    let (invitation_id, organization_id) = invitation_for(conn, token_hash, &account.email, now)?;
    diesel::update(users::table.find(id))
        .set((
            users::organization_id.eq(&organization_id),
            users::display_name.eq(account.display_name.as_str()),
            users::password_hash.eq(&account.password_hash),
            users::locale.eq(Named(account.locale)),
            users::is_org_owner.eq(false),
            users::email_verified_at.eq(now),
            users::left_at.eq(None::<NaiveDateTime>),
            users::token_version.eq(users::token_version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    set_roles(conn, id, &BTreeSet::from([Role::Proposer]), now)?;
    accept_invitation(conn, &invitation_id, id, now)?;
    let event = AuditEvent::new(id.parse::<UserId>().ok(), "user.registered", "user", id)
        .with("organization_id", organization_id)
        .with("via", "invitation_reopened");
    audit::append(conn, key, &event, now)?;
    load_user(conn, id)
}

impl Store {
    /// Registers a user: with a new organisation they own (and a verification email), or into the
    /// organisation of an invitation sent to the same address (the address is then verified).
    ///
    /// An account closed when its holder left an organisation is reopened by an invitation to its
    /// address, in the inviting organisation, with the new name, password and language and the role
    /// `proposer` (the same user id: what it wrote stays attributed to it).
    ///
    /// A new organisation's founder whose address already has an account gets no second one: that
    /// account's owner is written `taken_mail` instead, and the caller learns nothing
    /// ([`Registered::AddressTaken`]).
    ///
    /// # Errors
    /// `Conflict` for a taken email with an invitation, `Invalid` for a bad invitation token.
    pub fn user_register(
        &self,
        account: NewAccount,
        membership: Membership,
        verification: Option<(NewSecret, OutgoingMail)>,
        taken_mail: impl FnOnce(&Recipient) -> OutgoingMail,
    ) -> Result<Registered, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let existing: Option<(String, String, Locale, Option<NaiveDateTime>)> = users::table
                .filter(users::email.eq(account.email.as_str()))
                .select((users::id, users::display_name, users::locale, users::left_at))
                .first(conn)
                .optional()?;
            if let Some((id, display_name, locale, left)) = existing {
                if let Membership::Invited { token_hash } = &membership {
                    if left.is_none() {
                        return Err(
                            DomainError::conflict("email_taken", "an account with this email already exists").into()
                        );
                    }
                    return reopen(conn, &self.audit_key, &id, &account, token_hash, now).map(Registered::Created);
                }
                let to = Recipient { email: account.email.clone(), display_name, locale };
                enqueue(conn, &taken_mail(&to), now)?;
                audit::append(
                    conn,
                    &self.audit_key,
                    &AuditEvent::new(None, "user.registration_refused", "user", &id),
                    now,
                )?;
                return Ok(Registered::AddressTaken);
            }
            let user_id = UserId::new().to_string();
            let (organization_id, is_owner, verified_at, invitation_id) = match &membership {
                Membership::Found(org) => (insert_organization(conn, org, Vouched::No, now)?, true, None, None),
                Membership::Invited { token_hash } => {
                    let (invitation_id, organization_id) = invitation_for(conn, token_hash, &account.email, now)?;
                    (organization_id, false, Some(now), Some(invitation_id))
                }
            };
            let row = UserRow {
                id: user_id.clone(),
                organization_id: organization_id.clone(),
                email: account.email.as_str().to_owned(),
                display_name: account.display_name.as_str().to_owned(),
                password_hash: account.password_hash.clone(),
                locale: account.locale,
                is_org_owner: is_owner,
                email_verified_at: verified_at,
                token_version: 0,
                created_at: now,
                updated_at: now,
                expertise: expertise_json(&account)?,
                left_at: None,
            };
            diesel::insert_into(users::table).values(row).execute(conn)?;
            set_roles(conn, &user_id, &BTreeSet::from([Role::Proposer]), now)?;
            if let Some(invitation_id) = invitation_id {
                accept_invitation(conn, &invitation_id, &user_id, now)?;
            }
            if let (None, Some((secret, mail))) = (verified_at, &verification) {
                insert_account_token(conn, &user_id, VERIFY, secret, now)?;
                enqueue(conn, mail, now)?;
            }
            let actor = user_id.parse::<UserId>().ok();
            let event = AuditEvent::new(actor, "user.registered", "user", &user_id)
                .with("organization_id", organization_id)
                .with("via", if is_owner { "new_organization" } else { "invitation" });
            audit::append(conn, &self.audit_key, &event, now)?;
            load_user(conn, &user_id).map(Registered::Created)
        })
    }

    /// Verifies a user's email with the token sent to it.
    ///
    /// # Errors
    /// `Invalid` when the token is unknown, used or expired.
    pub fn user_verify_email(&self, token_hash: &str) -> Result<UserId, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let user_id = spend_account_token(conn, VERIFY, token_hash, now)?;
            diesel::update(users::table.find(&user_id).filter(users::email_verified_at.is_null()))
                .set((users::email_verified_at.eq(now), users::updated_at.eq(now)))
                .execute(conn)?;
            let id: UserId = crate::rows::parse_stored("users.id", &user_id)?;
            audit::append(
                conn,
                &self.audit_key,
                &AuditEvent::new(Some(id), "user.email_verified", "user", &user_id),
                now,
            )?;
            Ok(id)
        })
    }

    /// Sends a new verification email to an unverified user.
    ///
    /// # Errors
    /// `Conflict` when the address is already verified.
    pub fn user_resend_verification(
        &self,
        user_id: UserId,
        secret: NewSecret,
        mail: impl FnOnce(&Recipient) -> OutgoingMail,
    ) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let user = load_user(conn, &user_id.to_string())?;
            if user.email_verified_at.is_some() {
                return Err(DomainError::conflict("already_verified", "the email address is already verified").into());
            }
            insert_account_token(conn, &user.id.to_string(), VERIFY, &secret, now)?;
            enqueue(conn, &mail(&recipient(&user)?), now)?;
            Ok(())
        })
    }

    /// The id and password hash of the account with `email`, for logging in.
    ///
    /// # Errors
    /// When the database fails.
    pub fn user_credentials(&self, email: &Email) -> Result<Option<(UserId, String)>, StoreError> {
        self.db.read(|conn| {
            let found: Option<(String, String)> = users::table
                .filter(users::email.eq(email.as_str()))
                .select((users::id, users::password_hash))
                .first(conn)
                .optional()?;
            found.map(|(id, hash)| Ok((crate::rows::parse_stored("users.id", &id)?, hash))).transpose()
        })
    }

    /// A user by id.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn user_get(&self, id: UserId) -> Result<User, StoreError> {
        self.db.read(|conn| load_user(conn, &id.to_string()))
    }

    /// Users, oldest first, narrowed by [`UserFilter`].
    ///
    /// # Errors
    /// When the database fails.
    pub fn users_list(&self, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>, StoreError> {
        self.db.read(|conn| {
            let mut query = users::table.select(UserRow::as_select()).order(users::id.asc()).into_boxed();
            if let Some(role) = filter.role {
                let with_role = user_roles::table.filter(user_roles::role.eq(Named(role))).select(user_roles::user_id);
                query = query.filter(users::id.eq_any(with_role));
            }
            if let Some(organization) = &filter.organization_id {
                query = query.filter(users::organization_id.eq(organization.clone()));
            }
            if let Some(q) = filter.q.as_deref().map(crate::backend::like_pattern) {
                query = query.filter(
                    crate::backend::lower(users::email)
                        .like(q.clone())
                        .escape(crate::backend::LIKE_ESCAPE)
                        .or(crate::backend::lower(users::display_name).like(q).escape(crate::backend::LIKE_ESCAPE)),
                );
            }
            if let Some(after) = &page.after {
                query = query.filter(users::id.gt(after.clone()));
            }
            let rows: Vec<UserRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let users = crate::rows::with_roles(conn, rows)?;
            Ok(Page::from_overfetch(users, page.limit, |u: &User| u.id.to_string()))
        })
    }

    /// Replaces a user's roles (admins). Access tokens issued before stop working at once. With
    /// `seen`, the roles the admin saw must still be the user's (a form read before another change).
    ///
    /// # Errors
    /// `NotFound` for an unknown user; `Conflict` (`roles_changed`) when `seen` is not the current set,
    /// (`last_admin`) when the hub's only admin would lose the role.
    pub fn user_set_roles(
        &self,
        admin: UserId,
        user_id: UserId,
        roles: BTreeSet<Role>,
        seen: Option<BTreeSet<Role>>,
    ) -> Result<User, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let id = user_id.to_string();
            let before = load_user(conn, &id)?;
            if seen.is_some_and(|seen| seen != before.roles) {
                return Err(domain::DomainError::conflict(
                    "roles_changed",
                    "the user's roles changed since they were read: read them again",
                )
                .into());
            }
            let of_administration = crate::organizations::load_organization(conn, &before.organization_id.to_string())?
                .is_verified_administration();
            before.roles_change(&roles, crate::rows::other_admins(conn, &id)?, of_administration)?;
            crate::administrations::change_roles(conn, &before, &roles, now)?;
            let names = |set: &BTreeSet<Role>| set.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
            let event = AuditEvent::new(Some(admin), "user.roles_changed", "user", &id)
                .with("before", names(&before.roles))
                .with("after", names(&roles));
            audit::append(conn, &self.audit_key, &event, now)?;
            load_user(conn, &id)
        })
    }
}

/// What the user list keeps: each filter set narrows it.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only holders of this role.
    pub role: Option<Role>,
    /// Only members of this organisation.
    pub organization_id: Option<String>,
    /// Words in the email or the name (case folded).
    pub q: Option<String>,
}

fn expertise_json(account: &NewAccount) -> Result<String, StoreError> {
    serde_json::to_string(&account.expertise).map_err(|e| StoreError::internal("users.expertise", e))
}

/// Who a user is as a mail recipient.
pub(crate) fn recipient(user: &User) -> Result<Recipient, StoreError> {
    Ok(Recipient {
        email: Email::parse(&user.email).map_err(|e| StoreError::internal("corrupt stored email", e))?,
        display_name: user.display_name.clone(),
        locale: user.locale,
    })
}

/// Ends every session of a user.
pub(crate) fn revoke_all_sessions(
    conn: &mut DbConnection,
    user_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize, StoreError> {
    Ok(diesel::update(sessions::table.filter(sessions::user_id.eq(user_id)).filter(sessions::revoked_at.is_null()))
        .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq(reason)))
        .execute(conn)?)
}

impl Store {
    /// Creates a user in an existing organisation with the given roles, verified — for operators
    /// (`hub admin create-user`) and seeds. With `replace`, an existing account with the same email
    /// gets the new password, name and roles instead.
    ///
    /// # Errors
    /// `Conflict` when the email is taken and `replace` is false, or for the role `administration`
    /// outside a verified administration; `NotFound` for an unknown organisation.
    pub fn user_provision(
        &self,
        organization_id: domain::OrganizationId,
        account: NewAccount,
        roles: BTreeSet<Role>,
        is_org_owner: bool,
        replace: bool,
    ) -> Result<User, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let org = organization_id.to_string();
            let organization = crate::organizations::load_organization(conn, &org)?;
            if roles.contains(&Role::Administration) {
                organization.officers_allowed()?;
            }
            // An operator's tags join the vocabulary (labelled by the tag until a hub manager words it).
            crate::expertise::ensure_terms(conn, &account.expertise, now)?;
            let existing: Option<String> = users::table
                .filter(users::email.eq(account.email.as_str()))
                .select(users::id)
                .first(conn)
                .optional()?;
            let user_id = match existing {
                Some(_) if !replace => {
                    return Err(
                        DomainError::conflict("email_taken", "an account with this email already exists").into()
                    );
                }
                Some(id) => {
                    diesel::update(users::table.find(&id))
                        .set((
                            users::display_name.eq(account.display_name.as_str()),
                            users::password_hash.eq(&account.password_hash),
                            users::locale.eq(Named(account.locale)),
                            users::token_version.eq(users::token_version + 1),
                            users::expertise.eq(expertise_json(&account)?),
                            users::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    id
                }
                None => {
                    let id = UserId::new().to_string();
                    let row = UserRow {
                        id: id.clone(),
                        organization_id: org.clone(),
                        email: account.email.as_str().to_owned(),
                        display_name: account.display_name.as_str().to_owned(),
                        password_hash: account.password_hash.clone(),
                        locale: account.locale,
                        is_org_owner,
                        email_verified_at: Some(now),
                        token_version: 0,
                        created_at: now,
                        updated_at: now,
                        expertise: expertise_json(&account)?,
                        left_at: None,
                    };
                    diesel::insert_into(users::table).values(row).execute(conn)?;
                    id
                }
            };
            set_roles(conn, &user_id, &roles, now)?;
            let names = roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
            let event = AuditEvent::new(None, "user.provisioned", "user", &user_id).with("roles", names);
            audit::append(conn, &self.audit_key, &event, now)?;
            load_user(conn, &user_id)
        })
    }
}
