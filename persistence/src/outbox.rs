//! The mail outbox: emails written in the transaction of the change that causes them, claimed by
//! delivery workers with a lease so that several hub instances never send the same row twice.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{Locale, MailTemplate, OutgoingMail, Page, PageRequest};

use crate::Store;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::outbox;
use crate::stored::Named;

/// Where a message is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxStatus {
    /// Waiting for (another) delivery attempt.
    Pending,
    /// Delivered.
    Sent,
    /// Given up after the maximum number of attempts; kept with its last error.
    Dead,
}

impl OutboxStatus {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Dead => "dead",
        }
    }
}

impl std::str::FromStr for OutboxStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(Self::Pending),
            "sent" => Ok(Self::Sent),
            "dead" => Ok(Self::Dead),
            other => Err(format!("unknown outbox status `{other}`")),
        }
    }
}

/// A message of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    /// The id; also the stable Message-ID of the email.
    pub id: String,
    /// The mail.
    pub mail: OutgoingMail,
    /// Delivery state.
    pub status: OutboxStatus,
    /// Attempts made so far (including a claimed one).
    pub attempts: i32,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// When the change that caused it was committed.
    pub created_at: DateTime<Utc>,
    /// When it was delivered.
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
struct OutboxRow {
    id: String,
    #[diesel(serialize_as = Named<MailTemplate>)]
    template: MailTemplate,
    #[diesel(serialize_as = Named<Locale>)]
    locale: Locale,
    recipient: String,
    params: String,
    #[diesel(serialize_as = Named<OutboxStatus>)]
    status: OutboxStatus,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    locked_until: Option<NaiveDateTime>,
    last_error: Option<String>,
    created_at: NaiveDateTime,
    sent_at: Option<NaiveDateTime>,
}

impl OutboxRow {
    fn into_message(self) -> Result<OutboxMessage, StoreError> {
        let params: BTreeMap<String, String> =
            serde_json::from_str(&self.params).map_err(|e| StoreError::internal("corrupt outbox params", e))?;
        let to =
            domain::Email::parse(&self.recipient).map_err(|e| StoreError::internal("corrupt outbox recipient", e))?;
        Ok(OutboxMessage {
            id: self.id,
            mail: OutgoingMail { template: self.template, locale: self.locale, to, params },
            status: self.status,
            attempts: self.attempts,
            last_error: self.last_error,
            created_at: utc(self.created_at),
            sent_at: self.sent_at.map(utc),
        })
    }
}

/// Writes `mail` to the outbox inside the caller's transaction.
pub(crate) fn enqueue(conn: &mut DbConnection, mail: &OutgoingMail, now: NaiveDateTime) -> Result<(), StoreError> {
    let row = OutboxRow {
        id: domain::ids::new_id().to_string(),
        template: mail.template,
        locale: mail.locale,
        recipient: mail.to.as_str().to_owned(),
        params: serde_json::to_string(&mail.params).map_err(|e| StoreError::internal("outbox params", e))?,
        status: OutboxStatus::Pending,
        attempts: 0,
        next_attempt_at: now,
        locked_until: None,
        last_error: None,
        created_at: now,
        sent_at: None,
    };
    diesel::insert_into(outbox::table).values(row).execute(conn)?;
    Ok(())
}

impl Store {
    /// Claims up to `limit` due messages for `lease`: until it ends no other worker claims them.
    /// A worker that dies mid-delivery leaves the lease to expire and the message is sent again,
    /// with the same Message-ID.
    ///
    /// # Errors
    /// When the database fails.
    pub fn outbox_claim(&self, limit: i64, lease: chrono::Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        let now = self.db.now();
        self.db.write_untracked(|conn| {
            // One query, typed once per backend (its locking clause is backend-specific).
            macro_rules! due {
                () => {
                    outbox::table
                        .filter(outbox::status.eq(Named(OutboxStatus::Pending)))
                        .filter(outbox::next_attempt_at.le(now))
                        .filter(outbox::locked_until.is_null().or(outbox::locked_until.lt(now)))
                        .order(outbox::next_attempt_at.asc())
                        .limit(limit)
                };
            }
            let locked: Option<Vec<String>> = match conn {
                // Rows another instance is claiming right now are skipped, not waited for.
                DbConnection::Pg(pg) => Some(due!().select(outbox::id).for_update().skip_locked().load(pg)?),
                // SQLite's immediate transaction already excludes every other writer.
                DbConnection::Sqlite(_) => None,
            };
            // Rows are read through the hub's connection, which knows their stored enums.
            let rows: Vec<OutboxRow> = match locked {
                Some(ids) => outbox::table
                    .filter(outbox::id.eq_any(ids))
                    .order(outbox::next_attempt_at.asc())
                    .select(OutboxRow::as_select())
                    .load(conn)?,
                None => due!().select(OutboxRow::as_select()).load(conn)?,
            };
            let mut claimed = Vec::with_capacity(rows.len());
            for mut row in rows {
                diesel::update(outbox::table.find(&row.id))
                    .set((outbox::locked_until.eq(now + lease), outbox::attempts.eq(row.attempts + 1)))
                    .execute(conn)?;
                row.attempts += 1;
                claimed.push(row.into_message()?);
            }
            Ok(claimed)
        })
    }

    /// Marks a message delivered and forgets its parameters (they may hold single-use tokens).
    ///
    /// # Errors
    /// When the database fails.
    pub fn outbox_mark_sent(&self, id: &str) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write_untracked(|conn| {
            diesel::update(outbox::table.find(id))
                .set((
                    outbox::status.eq(Named(OutboxStatus::Sent)),
                    outbox::sent_at.eq(now),
                    outbox::locked_until.eq(None::<NaiveDateTime>),
                    outbox::last_error.eq(None::<String>),
                    outbox::params.eq("{}"),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// Records a failed attempt: retried after an exponential back-off, or dead after `max_attempts`.
    ///
    /// # Errors
    /// When the database fails.
    pub fn outbox_mark_failed(&self, id: &str, error: &str, max_attempts: i32) -> Result<OutboxStatus, StoreError> {
        let now = self.db.now();
        self.db.write_untracked(|conn| {
            let attempts: i32 = outbox::table.find(id).select(outbox::attempts).first(conn)?;
            let status = if attempts >= max_attempts { OutboxStatus::Dead } else { OutboxStatus::Pending };
            let delay = domain::mail::retry_delay(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0));
            diesel::update(outbox::table.find(id))
                .set((
                    outbox::status.eq(Named(status)),
                    outbox::next_attempt_at.eq(now + delay),
                    outbox::locked_until.eq(None::<NaiveDateTime>),
                    outbox::last_error.eq(error.chars().take(2000).collect::<String>()),
                ))
                .execute(conn)?;
            Ok(status)
        })
    }

    /// Gives a dead message a new round of delivery attempts (an admin, once the cause is fixed): it is
    /// pending again, due now, with its attempts counted from zero and its last error kept until the
    /// next attempt. Audited.
    ///
    /// # Errors
    /// `NotFound` for an unknown id; `Conflict` (`not_dead`) for a message pending or sent.
    pub fn outbox_retry(&self, admin: domain::UserId, id: &str) -> Result<OutboxMessage, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let row: OutboxRow = outbox::table
                .find(id)
                .select(OutboxRow::as_select())
                .first(conn)
                .optional()?
                .ok_or_else(|| StoreError::not_found("outbox message"))?;
            if row.status != OutboxStatus::Dead {
                return Err(domain::DomainError::conflict(
                    "not_dead",
                    format!("only a dead message is retried; this one is {}", row.status.as_str()),
                )
                .into());
            }
            diesel::update(outbox::table.find(id))
                .set((
                    outbox::status.eq(Named(OutboxStatus::Pending)),
                    outbox::attempts.eq(0),
                    outbox::next_attempt_at.eq(now),
                    outbox::locked_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            let event = domain::AuditEvent::new(Some(admin), "outbox.retried", "outbox", id)
                .with("template", row.template.as_str())
                .with("attempts", row.attempts.to_string());
            crate::audit::append(conn, &self.audit_key, &event, now)?;
            let row: OutboxRow = outbox::table.find(id).select(OutboxRow::as_select()).first(conn)?;
            row.into_message()
        })
    }

    /// Messages by status, newest first (admins look at dead ones).
    ///
    /// # Errors
    /// When the database fails.
    pub fn outbox_list(
        &self,
        status: Option<OutboxStatus>,
        page: &PageRequest,
    ) -> Result<Page<OutboxMessage>, StoreError> {
        self.db.read(|conn| {
            let mut query = outbox::table.select(OutboxRow::as_select()).order(outbox::id.desc()).into_boxed();
            if let Some(status) = status {
                query = query.filter(outbox::status.eq(Named(status)));
            }
            if let Some(after) = &page.after {
                query = query.filter(outbox::id.lt(after.clone()));
            }
            let rows: Vec<OutboxRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let messages = rows.into_iter().map(OutboxRow::into_message).collect::<Result<Vec<_>, _>>()?;
            Ok(Page::from_overfetch(messages, page.limit, |m: &OutboxMessage| m.id.clone()))
        })
    }

    /// How many messages wait for delivery.
    ///
    /// # Errors
    /// When the database fails.
    pub fn outbox_depth(&self) -> Result<i64, StoreError> {
        self.db.read(|conn| {
            Ok(outbox::table.filter(outbox::status.eq(Named(OutboxStatus::Pending))).count().get_result(conn)?)
        })
    }
}
