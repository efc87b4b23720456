//! The data subject's rights (GDPR arts. 15, 17 and 20): everything the hub holds about a user, as
//! one JSON document, and the erasure of their personal data while the decisions, reviews and the
//! audit chain they took part in stay, attributed to an anonymised user.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AuditEvent, OrganizationKind, ProposalState, Role, UserId};
use serde_json::{Value, json};

use crate::Store;

mod acts;
use crate::accounts::revoke_all_sessions;
use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::{load_user, other_admins, utc};
use crate::schema::{
    account_tokens, annexes, assignments, audit_log, community_messages, idempotency_keys, invitations, organizations,
    outbox, personal_access_tokens as pat, proposal_history, proposal_team, proposals, refresh_tokens, service_history,
    sessions, user_roles, users,
};

/// Everything the hub holds about one user, section by section.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalData {
    /// The account itself.
    pub account: Value,
    /// The organisation the user belongs to.
    pub organization: Value,
    /// Sign-in sessions (never a token).
    pub sessions: Vec<Value>,
    /// Personal access tokens (never a secret).
    pub personal_access_tokens: Vec<Value>,
    /// Proposals the user created, and those whose team they are in.
    pub proposals: Vec<Value>,
    /// Assignments and the reviews written in them, with every score and comment.
    pub reviews: Vec<Value>,
    /// Consensus reports the user drafted as rapporteur and positions they took on one.
    pub consensus: Vec<Value>,
    /// Moves the user made on proposals.
    pub proposal_history: Vec<Value>,
    /// Moves the user made on catalogue services.
    pub service_history: Vec<Value>,
    /// Colleagues the user invited.
    pub invitations_sent: Vec<Value>,
    /// Emails the hub wrote to the user (never their content: it may carry one-time tokens).
    pub emails: Vec<Value>,
    /// Audit entries the user caused or that concern their account.
    pub audit: Vec<Value>,
    /// What the user did for an administration: needs, co-signatures, adoptions, opinions on proposals
    /// (with their text), messages to reuse communities (with their text).
    pub administration: Vec<Value>,
    /// The files the user attached to proposals: their name, kind, size, SHA-256, the proposal and version
    /// (the bytes are downloaded from the proposal, as the export names them).
    pub annexes: Vec<Value>,
}

fn at(t: NaiveDateTime) -> Value {
    json!(utc(t))
}

fn at_opt(t: Option<NaiveDateTime>) -> Value {
    t.map_or(Value::Null, at)
}

/// A stored score (half points) as the 0–5 points reviewers gave.
fn points(halves: Option<i32>) -> Value {
    halves.map_or(Value::Null, |h| json!(f64::from(h) / 2.0))
}

fn json_or_text(stored: &str) -> Value {
    serde_json::from_str(stored).unwrap_or_else(|_| Value::String(stored.to_owned()))
}

impl Store {
    /// Everything the hub holds about `user`.
    ///
    /// # Errors
    /// `NotFound` for an unknown user; when the database fails.
    pub fn user_export(&self, user: UserId) -> Result<PersonalData, StoreError> {
        self.db.snapshot(|conn| export(conn, &user.to_string()))
    }

    /// Erases `user`'s personal data: name, email, password, roles, sessions, tokens, pending mail
    /// and idempotency records. Their proposals, reviews and decisions stay, attributed to the same
    /// (now anonymous) user id, and the audit log, which holds ids and never personal data, stays
    /// intact and verifiable; the erasure itself is audited.
    ///
    /// # Errors
    /// `Conflict(last_admin)` for the hub's only admin; `NotFound` for an unknown user.
    pub fn user_erase(&self, user: UserId) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let id = user.to_string();
            let current = load_user(conn, &id)?;
            let erased = current.erasure(other_admins(conn, &id)?)?;

            let mails = diesel::delete(outbox::table.filter(outbox::recipient.eq(&current.email))).execute(conn)?;
            diesel::update(invitations::table.filter(invitations::email.eq(&current.email)))
                .set(invitations::email.eq(&erased.email))
                .execute(conn)?;
            revoke_all_sessions(conn, &id, "erased", now)?;
            let user_sessions = sessions::table.filter(sessions::user_id.eq(&id)).select(sessions::id);
            diesel::delete(refresh_tokens::table.filter(refresh_tokens::session_id.eq_any(user_sessions)))
                .execute(conn)?;
            diesel::delete(pat::table.filter(pat::user_id.eq(&id))).execute(conn)?;
            diesel::delete(account_tokens::table.filter(account_tokens::user_id.eq(&id))).execute(conn)?;
            diesel::delete(idempotency_keys::table.filter(idempotency_keys::user_id.eq(&id))).execute(conn)?;
            diesel::delete(user_roles::table.filter(user_roles::user_id.eq(&id))).execute(conn)?;
            // The messages were relayed; their text is the writer's, and goes with the account.
            diesel::delete(community_messages::table.filter(community_messages::sender_id.eq(&id))).execute(conn)?;
            diesel::update(users::table.find(&id))
                .set((
                    users::email.eq(&erased.email),
                    users::display_name.eq(erased.display_name),
                    // No Argon2 hash: nothing verifies against it.
                    users::password_hash.eq(""),
                    users::expertise.eq("[]"),
                    users::is_org_owner.eq(false),
                    users::token_version.eq(users::token_version + 1),
                    users::updated_at.eq(now),
                ))
                .execute(conn)?;
            let event =
                AuditEvent::new(Some(user), "user.erased", "user", &id).with("mails_removed", mails.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(())
        })
    }
}

fn export(conn: &mut DbConnection, id: &str) -> Result<PersonalData, StoreError> {
    let user = load_user(conn, id)?;
    let (created_at, updated_at): (NaiveDateTime, NaiveDateTime) =
        users::table.find(id).select((users::created_at, users::updated_at)).first(conn)?;
    let account = json!({
        "id": user.id, "organization_id": user.organization_id, "email": user.email,
        "display_name": user.display_name, "locale": user.locale.as_str(),
        "roles": user.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(), "is_org_owner": user.is_org_owner,
        "email_verified_at": user.email_verified_at, "expertise": user.expertise,
        "created_at": at(created_at), "updated_at": at(updated_at),
    });
    let organization: (String, String, OrganizationKind, String, Option<String>, NaiveDateTime) = organizations::table
        .find(user.organization_id.to_string())
        .select((
            organizations::id,
            organizations::name,
            organizations::kind,
            organizations::tax_code,
            organizations::ipa_code,
            organizations::created_at,
        ))
        .first(conn)?;
    let organization = json!({
        "id": organization.0, "name": organization.1, "kind": organization.2.as_str(), "tax_code": organization.3,
        "ipa_code": organization.4, "created_at": at(organization.5),
    });

    type SessionRow = (String, NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>, Option<String>);
    let sessions: Vec<SessionRow> = sessions::table
        .filter(sessions::user_id.eq(id))
        .order(sessions::created_at.asc())
        .select((
            sessions::id,
            sessions::created_at,
            sessions::expires_at,
            sessions::revoked_at,
            sessions::revoked_reason,
        ))
        .load(conn)?;
    let sessions = sessions
        .into_iter()
        .map(|(id, created, expires, revoked, reason)| {
            json!({"id": id, "created_at": at(created), "expires_at": at(expires), "revoked_at": at_opt(revoked), "revoked_reason": reason})
        })
        .collect();

    type PatRow = (String, String, String, NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDateTime>);
    let tokens: Vec<PatRow> = pat::table
        .filter(pat::user_id.eq(id))
        .order(pat::created_at.asc())
        .select((pat::id, pat::name, pat::scopes, pat::created_at, pat::expires_at, pat::last_used_at, pat::revoked_at))
        .load(conn)?;
    let personal_access_tokens = tokens
        .into_iter()
        .map(|(id, name, scopes, created, expires, used, revoked)| {
            json!({"id": id, "name": name, "scopes": scopes.split_whitespace().collect::<Vec<_>>(),
                   "created_at": at(created), "expires_at": at(expires), "last_used_at": at_opt(used), "revoked_at": at_opt(revoked)})
        })
        .collect();

    let team = proposal_team::table.filter(proposal_team::user_id.eq(id)).select(proposal_team::proposal_id);
    type ProposalRow = (String, String, String, ProposalState, i32, NaiveDateTime, bool);
    let proposals: Vec<ProposalRow> = proposals::table
        .filter(proposals::created_by.eq(id).or(proposals::id.eq_any(team)))
        .order(proposals::created_at.asc())
        .select((
            proposals::id,
            proposals::challenge_id,
            proposals::title,
            proposals::state,
            proposals::version,
            proposals::created_at,
            proposals::created_by.eq(id),
        ))
        .load(conn)?;
    let proposals = proposals
        .into_iter()
        .map(|(pid, challenge, title, state, version, created, mine)| {
            json!({"id": pid, "challenge_id": challenge, "title": title, "state": state.as_str(), "version": version,
                   "created_at": at(created), "relation": if mine { "creator" } else { "team_member" }})
        })
        .collect();

    let reviews: Vec<ReviewRow> = assignments::table
        .filter(assignments::evaluator_id.eq(id))
        .order(assignments::created_at.asc())
        .select(ReviewRow::as_select())
        .load(conn)?;
    let reviews = reviews.into_iter().map(ReviewRow::into_json).collect();

    // The hub's internal record (override reasons) only for a user who reads it today.
    let internal = user.roles.iter().any(|r| matches!(r, Role::HubManager | Role::Admin));
    type ProposalMoveRow = (String, String, Option<String>, String, Option<String>, Option<String>, NaiveDateTime);
    let moves: Vec<ProposalMoveRow> = proposal_history::table
        .filter(proposal_history::actor_id.eq(id))
        .order(proposal_history::occurred_at.asc())
        .select((
            proposal_history::proposal_id,
            proposal_history::action,
            proposal_history::from_state,
            proposal_history::to_state,
            proposal_history::note,
            proposal_history::override_reason,
            proposal_history::occurred_at,
        ))
        .load(conn)?;
    let proposal_history = moves
        .into_iter()
        .map(|(pid, action, from, to, note, override_reason, when)| {
            let override_reason = override_reason.filter(|_| internal);
            json!({"proposal_id": pid, "action": action, "from_state": from, "to_state": to, "note": note,
                   "override_reason": override_reason, "occurred_at": at(when)})
        })
        .collect();
    type MoveRow = (String, String, Option<String>, String, Option<String>, NaiveDateTime);
    let moves: Vec<MoveRow> = service_history::table
        .filter(service_history::actor_id.eq(id))
        .order(service_history::occurred_at.asc())
        .select((
            service_history::service_id,
            service_history::action,
            service_history::from_state,
            service_history::to_state,
            service_history::note,
            service_history::occurred_at,
        ))
        .load(conn)?;
    let service_history = moves
        .into_iter()
        .map(|(sid, action, from, to, note, when)| {
            json!({"service_id": sid, "action": action, "from_state": from, "to_state": to, "note": note, "occurred_at": at(when)})
        })
        .collect();

    let invited: Vec<(String, String, NaiveDateTime, Option<NaiveDateTime>)> = invitations::table
        .filter(invitations::invited_by.eq(id))
        .order(invitations::created_at.asc())
        .select((invitations::organization_id, invitations::email, invitations::created_at, invitations::accepted_at))
        .load(conn)?;
    let invitations_sent = invited
        .into_iter()
        .map(|(org, email, created, accepted)| {
            json!({"organization_id": org, "email": email, "created_at": at(created), "accepted_at": at_opt(accepted)})
        })
        .collect();

    let mails: Vec<(String, String, String, NaiveDateTime, Option<NaiveDateTime>)> = outbox::table
        .filter(outbox::recipient.eq(&user.email))
        .order(outbox::created_at.asc())
        .select((outbox::template, outbox::locale, outbox::status, outbox::created_at, outbox::sent_at))
        .load(conn)?;
    let emails = mails
        .into_iter()
        .map(|(template, locale, status, created, sent)| {
            json!({"template": template, "locale": locale, "status": status, "created_at": at(created), "sent_at": at_opt(sent)})
        })
        .collect();

    type AuditRow = (i64, NaiveDateTime, Option<String>, String, String, String, String);
    let entries: Vec<AuditRow> = audit_log::table
        .filter(audit_log::actor_id.eq(id).or(audit_log::target_type.eq("user").and(audit_log::target_id.eq(id))))
        .order(audit_log::seq.asc())
        .select((
            audit_log::seq,
            audit_log::occurred_at,
            audit_log::actor_id,
            audit_log::action,
            audit_log::target_type,
            audit_log::target_id,
            audit_log::details,
        ))
        .load(conn)?;
    let audit = entries
        .into_iter()
        .map(|(seq, when, actor, action, target_type, target_id, details)| {
            let mut details = json_or_text(&details);
            if !internal && let Some(fields) = details.as_object_mut() {
                fields.remove("override_reason"); // written by versions before the reason left the log
                fields.remove("overridden");
            }
            json!({"seq": seq, "occurred_at": at(when), "actor_id": actor, "action": action,
                   "target_type": target_type, "target_id": target_id, "details": details})
        })
        .collect();

    Ok(PersonalData {
        account,
        organization,
        sessions,
        personal_access_tokens,
        proposals,
        reviews,
        consensus: crate::consensus::personal(conn, id)?,
        proposal_history,
        service_history,
        invitations_sent,
        emails,
        audit,
        administration: acts::administration_acts(conn, id)?,
        annexes: annexes_uploaded(conn, id)?,
    })
}

/// The files `id` attached to proposals, oldest first.
fn annexes_uploaded(conn: &mut DbConnection, id: &str) -> Result<Vec<Value>, StoreError> {
    type AnnexRow = (String, String, i32, String, String, String, i64, String, Option<i32>, NaiveDateTime);
    let rows: Vec<AnnexRow> = annexes::table
        .filter(annexes::uploaded_by.eq(id))
        .order((annexes::created_at.asc(), annexes::id.asc()))
        .select((
            annexes::id,
            annexes::proposal_id,
            annexes::version,
            annexes::rule_key,
            annexes::filename,
            annexes::kind,
            annexes::size,
            annexes::sha256,
            annexes::pages,
            annexes::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, proposal, version, rule, filename, kind, size, sha256, pages, created)| {
            json!({"id": id, "proposal_id": proposal, "version": version, "rule": rule, "filename": filename,
                   "type": kind, "size": size, "sha256": sha256, "pages": pages, "uploaded_at": at(created),
                   "content": format!("/api/v1/annexes/{id}/content")})
        })
        .collect())
}

/// An assignment with the review written in it.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = assignments)]
struct ReviewRow {
    id: String,
    proposal_id: String,
    proposal_version: i32,
    state: String,
    due_at: NaiveDateTime,
    conflict_confirmed_at: Option<NaiveDateTime>,
    declined_reason: Option<String>,
    score_security_sovereignty: Option<i32>,
    score_growth_development: Option<i32>,
    score_talent_skills: Option<i32>,
    score_effectiveness_sustainability: Option<i32>,
    comments: String,
    overall_comment: Option<String>,
    confidential_comment: Option<String>,
    recommendation: Option<String>,
    submitted_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

impl ReviewRow {
    fn into_json(self) -> Value {
        json!({
            "assignment_id": self.id, "proposal_id": self.proposal_id, "proposal_version": self.proposal_version,
            "state": self.state, "due_at": at(self.due_at), "conflict_confirmed_at": at_opt(self.conflict_confirmed_at),
            "declined_reason": self.declined_reason,
            "scores": {
                "security_sovereignty": points(self.score_security_sovereignty),
                "growth_development": points(self.score_growth_development),
                "talent_skills": points(self.score_talent_skills),
                "effectiveness_sustainability": points(self.score_effectiveness_sustainability),
            },
            "comments": json_or_text(&self.comments), "overall_comment": self.overall_comment,
            "confidential_comment": self.confidential_comment, "recommendation": self.recommendation,
            "submitted_at": at_opt(self.submitted_at), "created_at": at(self.created_at),
        })
    }
}
