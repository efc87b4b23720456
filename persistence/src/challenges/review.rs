//! A challenge's moves: its administration's officers propose their draft to the hub; hub managers
//! return it with a note, open, close and archive. The domain decides; the state, the note, the audit
//! row and the emails are written together.

use diesel::prelude::*;
use domain::challenge::ReviewAudience;
use domain::{Actor, AuditEvent, Challenge, ChallengeAction, DomainError, Note, OutgoingMail, Role};

use super::{load_challenge, resolve_seen};
use crate::accounts::Recipient;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{challenges, organizations, user_roles, users};
use crate::stored::Named;
use crate::{Store, audit, outbox};

/// The hub managers as mail recipients.
fn hub_managers(conn: &mut DbConnection) -> Result<Vec<Recipient>, StoreError> {
    let ids: Vec<String> = users::table
        .inner_join(user_roles::table)
        .filter(user_roles::role.eq(Named(Role::HubManager)))
        .select(users::id)
        .order(users::id.asc())
        .load(conn)?;
    ids.iter().map(|id| crate::accounts::recipient(&crate::rows::load_user(conn, id)?)).collect()
}

impl Store {
    /// Moves a challenge: an officer of its sponsor proposes a draft (`in_review`, the hub managers
    /// emailed); a hub manager returns one in review with `note` (a draft again, the note kept and its
    /// sponsor's officers emailed), opens one (the note cleared; from review, its officers emailed),
    /// closes or archives it. `mail` writes each email, given the challenge after the move and its
    /// sponsor's name.
    ///
    /// # Errors
    /// `NotFound` (unseen too); `Forbidden` for the wrong side; `Invalid` (`note`) for a return without
    /// one; `Conflict` for a move its state does not allow, or a concurrent change.
    pub fn challenge_act(
        &self,
        actor: &Actor,
        id_or_slug: &str,
        action: ChallengeAction,
        note: Option<Note>,
        mail: impl Fn(&Recipient, ChallengeAction, &Challenge, &str) -> OutgoingMail,
    ) -> Result<Challenge, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = resolve_seen(conn, actor, id_or_slug)?;
            let to = current.decide(actor, action)?;
            let review_note = match action {
                ChallengeAction::Return => Some(
                    note.ok_or_else(|| {
                        DomainError::invalid("note", "required", "say what the administration should change")
                    })?
                    .into_string(),
                ),
                ChallengeAction::Open => None,
                _ => current.review_note.clone(),
            };
            let responsible = current.responsible_after(actor, to);
            let changed = diesel::update(
                challenges::table.find(current.id.to_string()).filter(challenges::revision.eq(current.revision)),
            )
            .set((
                challenges::state.eq(Named(to)),
                challenges::responsible_id.eq(responsible.map(|r| r.to_string())),
                challenges::review_note.eq(&review_note),
                challenges::revision.eq(current.revision + 1),
                challenges::updated_at.eq(now),
            ))
            .execute(conn)?;
            if changed != 1 {
                return Err(DomainError::conflict(
                    "concurrent_change",
                    "the challenge changed meanwhile; read it again",
                )
                .into());
            }
            let mut event = AuditEvent::new(Some(actor.user_id), "challenge.state_changed", "challenge", current.id)
                .with("from", current.state.as_str())
                .with("to", to.as_str());
            if let (ChallengeAction::Return, Some(note)) = (action, &review_note) {
                event = event.with("note", note.clone());
            }
            if let Some(named) = responsible.filter(|_| current.content.responsible_id.is_none()) {
                event = event.with("responsible_id", named.to_string());
            }
            audit::append(conn, &self.audit_key, &event, now)?;
            let next = load_challenge(conn, &current.id.to_string())?;
            let sponsor = next.content.sponsor_id.to_string();
            let recipients = match action.audience() {
                Some(ReviewAudience::HubManagers) => hub_managers(conn)?,
                Some(ReviewAudience::Officers) => crate::needs::officers(conn, &sponsor)?,
                Some(ReviewAudience::Administrations) => {
                    let mut all = crate::needs::officers(conn, &sponsor)?;
                    for (co, _) in crate::needs::co_sponsors(conn, &next.id.to_string())? {
                        all.extend(crate::needs::officers(conn, &co)?);
                    }
                    all
                }
                None => return Ok(next),
            };
            let name: String = organizations::table.find(&sponsor).select(organizations::name).first(conn)?;
            for to in &recipients {
                outbox::enqueue(conn, &mail(to, action, &next, &name), now)?;
            }
            Ok(next)
        })
    }
}
