//! An administration edits the need it stated, while it is open: its history and the audit log name
//! the fields that changed, and the officers of the administrations that co-signed it are written.

use diesel::prelude::*;
use domain::{Actor, AuditEvent, Need, NeedField, NeedId, NeedPatch, NeedState, OutgoingMail};

use super::{NeedView, cosignatures, json, load_need, load_visible, officers, record, view};
use crate::audit;
use crate::error::StoreError;
use crate::organizations::load_organization;
use crate::outbox::enqueue;
use crate::schema::needs;
use crate::stored::Named;
use crate::{Recipient, Store};

/// The fields an edit changed, as its history and audit entry name them: `title, urgency`.
fn named(fields: &[NeedField]) -> String {
    fields.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// Edits the content of a need for the administration that stated it (its officers, while the need
    /// is open): the fields `patch` gives replace the current ones, checked as a new need's. When
    /// something changed, the need's history and the audit log name the fields, and the officers of its
    /// co-signers (never the editor) are written `mail`; an edit that changes nothing writes nothing.
    ///
    /// # Errors
    /// `NotFound` for a need the actor may not see; `Forbidden` for anyone but the stating
    /// administration's officers (or a token without `administration`); `Conflict` (`need_not_open`,
    /// `administration_unverified`); `PreconditionFailed` when `revision` (the one the edit was made
    /// on) is no longer the need's; `Invalid` naming each broken rule.
    pub fn need_edit(
        &self,
        actor: &Actor,
        id: NeedId,
        revision: i32,
        patch: NeedPatch,
        mail: impl Fn(&Recipient, &Need, &str) -> OutgoingMail,
    ) -> Result<NeedView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            // Who may not read it is told it does not exist; who reads it and may not edit it, forbidden.
            let need = load_visible(conn, Some(actor), id)?;
            need.editing(actor)?;
            let administration = load_organization(conn, &need.organization_id.to_string())?;
            administration.officers_allowed()?;
            need.at_revision(revision)?;
            let next = need.content.edit(patch)?;
            let changed = need.content.changes(&next);
            if changed.is_empty() {
                return view(conn, need);
            }
            let key = id.to_string();
            // Conditionally: a colleague's edit or a hub manager's triage may have committed since it was
            // read (PostgreSQL).
            let written = diesel::update(
                needs::table
                    .find(&key)
                    .filter(needs::state.eq(Named(NeedState::Open)))
                    .filter(needs::revision.eq(revision)),
            )
            .set((
                needs::title.eq(&next.title),
                needs::description.eq(&next.description),
                needs::pillars.eq(json(next.pillars.iter().map(|p| p.key().to_owned()))?),
                needs::tags.eq(json(next.tags.iter().cloned())?),
                needs::urgency.eq(Named(next.urgency)),
                needs::population.eq(next.population),
                needs::budget_min_eur.eq(next.budget.map(|b| b.0)),
                needs::budget_max_eur.eq(next.budget.map(|b| b.1)),
                needs::public.eq(next.public),
                needs::updated_at.eq(now),
                needs::revision.eq(revision + 1),
            ))
            .execute(conn)?;
            if written != 1 {
                // Closed or edited since it was read: which of the two, as a fresh read would say.
                let saved = load_need(conn, &key)?;
                saved.ensure_open()?;
                saved.at_revision(revision)?;
                return Err(StoreError::Unavailable("the need changed during the edit; try again".to_owned()));
            }
            let fields = named(&changed);
            record(conn, &key, "edited", Some(actor.user_id), Some(&fields), now)?;
            let event = AuditEvent::new(Some(actor.user_id), "need.edited", "need", &key).with("fields", fields);
            audit::append(conn, &self.audit_key, &event, now)?;
            let edited = load_need(conn, &key)?;
            // The co-signers are other administrations: the editor's own, which stated it, never co-signs.
            let signers = cosignatures(conn, &key)?;
            for signer in signers.iter().filter(|s| s.organization_id != edited.organization_id) {
                for to in officers(conn, &signer.organization_id.to_string())? {
                    enqueue(conn, &mail(&to, &edited, &administration.name), now)?;
                }
            }
            view(conn, edited)
        })
    }
}
