//! Operator views: the mail outbox (with a retry of dead emails), the audit log and its verification.

use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use domain::{DomainError, Role, Scope};
use persistence::{AuditEntry, AuditVerification, OutboxMessage, OutboxStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::query::Query;
use crate::routes::{PageOf, PageQuery, blocking};
use crate::state::AppState;

/// An email of the outbox (its content is not shown: it may carry single-use tokens).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0e9-b4c5-76d6-b7a8-b9cadbecfd0e",
    "template": "proposal_submitted",
    "recipient": "giulia.bianchi@nuvolaverde.example",
    "status": "sent",
    "attempts": 1,
    "last_error": null,
    "created_at": "2026-03-02T09:15:00Z",
    "sent_at": "2026-03-02T09:15:04Z"
}))]
pub struct OutboxDto {
    /// Id; also the email's Message-ID.
    pub id: String,
    /// Template.
    pub template: String,
    /// Recipient.
    pub recipient: String,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    /// Delivery attempts.
    pub attempts: i32,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// Delivered.
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<OutboxMessage> for OutboxDto {
    fn from(m: OutboxMessage) -> Self {
        Self {
            id: m.id,
            template: m.mail.template.as_str().to_owned(),
            recipient: m.mail.to.as_str().to_owned(),
            status: m.status.as_str().to_owned(),
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
        }
    }
}

/// Outbox filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxFilter {
    /// `pending`, `sent` or `dead`.
    pub status: Option<String>,
}

/// An audit log entry.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "seq": 1042,
    "occurred_at": "2026-03-03T10:00:00Z",
    "actor_id": "0192f0a2-4d5e-7f60-b172-83a4b5c6d7e8",
    "action": "proposal.moved",
    "target_type": "proposal",
    "target_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    "details": {"action": "screen_eligible", "from": "submitted", "to": "under_review"},
    "hash": "9f2c4e1a7b3d5f60c8e2a4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5"
}))]
pub struct AuditDto {
    /// Position in the chain.
    pub seq: i64,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who (user id), if anyone.
    pub actor_id: Option<String>,
    /// What, e.g. `user.roles_changed`.
    pub action: String,
    /// The kind of object.
    pub target_type: String,
    /// The object's id.
    pub target_id: String,
    /// Further facts: names and values, never secrets.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    /// This entry's MAC: HMAC-SHA256, with the hub's audit key, over the previous entry's MAC and this
    /// entry (for an entry written before the chain was keyed: its SHA-256 hash).
    pub hash: String,
}

impl From<AuditEntry> for AuditDto {
    fn from(e: AuditEntry) -> Self {
        Self {
            seq: e.seq,
            occurred_at: e.occurred_at,
            actor_id: e.actor_id,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            details: serde_json::from_str(&e.details).unwrap_or(serde_json::Value::Null),
            hash: e.hash,
        }
    }
}

/// Audit filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Only entries about this kind of object, e.g. `user`.
    pub target_type: Option<String>,
    /// Only entries about this object (its id).
    pub target_id: Option<String>,
    /// Only entries by this user.
    pub actor_id: Option<String>,
    /// Only this action, e.g. `user.roles_changed`.
    pub action: Option<String>,
    /// Only entries from this moment on (RFC 3339).
    pub since: Option<DateTime<Utc>>,
    /// Only entries before this moment (RFC 3339).
    pub until: Option<DateTime<Utc>>,
}

/// List the mail outbox.
///
/// Admins only (scope `admin`). Every email the hub wrote to its outbox, newest first, with its template,
/// recipient, delivery status, attempts and last error: see what is pending and why dead emails failed. `status`
/// filters by delivery status; an unknown one is `validation_failed` (422, `unknown_status`).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(PageQuery, OutboxFilter), responses(
    (status = 200, description = "A page of emails", body = PageOf<OutboxDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/admin/outbox")]
pub async fn outbox(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: Query<PageQuery>,
    filter: Query<OutboxFilter>,
) -> Result<PageOf<OutboxDto>, ApiError> {
    auth.0.require(Role::Admin, Scope::Admin)?;
    let page = page.parse()?;
    let status = filter
        .status
        .as_deref()
        .map(str::parse::<OutboxStatus>)
        .transpose()
        .map_err(|e| DomainError::invalid("status", "unknown_status", e))?;
    let store = state.store.clone();
    let messages = blocking(move || store.outbox_list(status, &page)).await?;
    Ok(PageOf::from_page(messages, OutboxDto::from))
}

/// List the audit log.
///
/// Admins only (scope `admin`). The append-only record of every state change and admin action, written in the same
/// transaction as the change, newest first; filter by the kind of object or the object, the actor, the action and a
/// time window (`since` included, `until` excluded).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(PageQuery, AuditFilter), responses(
    (status = 200, description = "A page of entries", body = PageOf<AuditDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: Query<PageQuery>,
    filter: Query<AuditFilter>,
) -> Result<PageOf<AuditDto>, ApiError> {
    auth.0.require(Role::Admin, Scope::Admin)?;
    let page = page.parse()?;
    let AuditFilter { target_type, target_id, actor_id, action, since, until } = filter.into_inner();
    let wanted = persistence::AuditFilter { target_type, target_id, actor_id, action, since, until };
    let store = state.store.clone();
    let entries = blocking(move || store.audit_list(&wanted, &page)).await?;
    Ok(PageOf::from_page(entries, AuditDto::from))
}

/// Retry a dead email.
///
/// Admins only (scope `admin`). A message the worker gave up on (`dead`, with its last error) becomes `pending` again,
/// due at once, with a new round of attempts; do it once the cause is fixed (a wrong relay, a full mailbox). The retry
/// is written to the audit log. A message pending or sent is `not_dead` (409); an unknown id is `not_found` (404).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = String, Path, description = "Message id")), responses(
    (status = 200, description = "The message, pending again", body = OutboxDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`not_dead`: only a dead message is retried", body = Problem, content_type = "application/problem+json"),
))]
#[post("/admin/outbox/{id}/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<web::Json<OutboxDto>, ApiError> {
    auth.0.require(Role::Admin, Scope::Admin)?;
    Ok(web::Json(retry_one(&state, auth.0.user_id, path.into_inner()).await?))
}

/// Retries a dead message as `admin`: the API's endpoint and the admins' page.
///
/// # Errors
/// What the store answers.
pub async fn retry_one(state: &AppState, admin: domain::UserId, id: String) -> Result<OutboxDto, ApiError> {
    let store = state.store.clone();
    let message = blocking(move || store.outbox_retry(admin, &id)).await?;
    Ok(message.into())
}

/// The result of verifying the audit chain.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "status": "intact",
    "entries": 1042,
    "head_seq": 1042,
    "unkeyed_until": 0,
    "broken_at": null,
    "reason": null,
    "message": "audit log intact: 1042 entries verified; head: entry 1042",
    "verified_at": "2026-03-03T10:00:00Z"
}))]
pub struct AuditVerificationDto {
    /// `intact`, `broken` or `wrong_key` (the chain was written with another key than the hub's).
    pub status: String,
    /// Entries verified (when intact).
    pub entries: Option<u64>,
    /// The last entry the sealed head records (when intact and sealed).
    pub head_seq: Option<i64>,
    /// The last entry written before the chain was keyed (0: none), when intact and sealed.
    pub unkeyed_until: Option<i64>,
    /// The first entry that does not verify (for a missing head or a truncation: the first one missing).
    pub broken_at: Option<i64>,
    /// Why, when broken: `mac_mismatch`, `link_mismatch`, `sequence_gap`, `head_missing`, `head_forged`,
    /// `truncated`, `beyond_head` or `head_mismatch`.
    pub reason: Option<String>,
    /// The result in words.
    pub message: String,
    /// When the verification ran.
    pub verified_at: DateTime<Utc>,
}

impl AuditVerificationDto {
    /// The API's shape of a verdict reached at `at`.
    pub fn new(verdict: &AuditVerification, at: DateTime<Utc>) -> Self {
        let (message, _) = crate::cli::audit_report(verdict);
        let mut dto = Self {
            status: String::new(),
            entries: None,
            head_seq: None,
            unkeyed_until: None,
            broken_at: None,
            reason: None,
            message,
            verified_at: at,
        };
        match verdict {
            AuditVerification::Intact { entries, head } => {
                dto.status = "intact".to_owned();
                dto.entries = Some(*entries);
                dto.head_seq = head.as_ref().map(|h| h.seq);
                dto.unkeyed_until = head.as_ref().map(|h| h.unkeyed_until);
            }
            AuditVerification::Broken { seq, reason } => {
                dto.status = "broken".to_owned();
                dto.broken_at = Some(*seq);
                dto.reason = Some(reason.code().to_owned());
            }
            AuditVerification::WrongKey { .. } => "wrong_key".clone_into(&mut dto.status),
        }
        dto
    }
}

/// Verify the audit chain.
///
/// Admins only (scope `admin`). Walks the whole audit log with the hub's key, as `hub audit verify` does: every
/// entry's MAC and link, no gap, and the last entry equal to the recorded head. A broken chain names its first
/// entry that does not verify and why. The walk reads every entry: it takes longer as the log grows.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses(
    (status = 200, description = "The verdict", body = AuditVerificationDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audit/verification")]
pub async fn verification(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<web::Json<AuditVerificationDto>, ApiError> {
    auth.0.require(Role::Admin, Scope::Admin)?;
    Ok(web::Json(verify(&state).await?))
}

/// Verifies the chain now: the API's endpoint and the admins' page.
///
/// # Errors
/// When the database fails.
pub async fn verify(state: &AppState) -> Result<AuditVerificationDto, ApiError> {
    let store = state.store.clone();
    let verdict = blocking(move || store.audit_verify()).await?;
    Ok(AuditVerificationDto::new(&verdict, state.store.now()))
}
