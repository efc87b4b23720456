//! What happens to a need after it is stated: other administrations co-sign it (and may withdraw),
//! and a hub manager merges it into another, turns it into a challenge or closes it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::need::{parse_population, require_officer, require_triage};
use domain::{Actor, AuditEvent, ChallengeId, DomainError, Need, NeedId, NeedState, Note, OutgoingMail};

use super::{NeedView, already_cosigned, cosignatures, load_need, load_visible, not_open, officers, record, view};
use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::organizations::load_organization;
use crate::outbox::enqueue;
use crate::schema::{challenge_sponsors, challenges, need_cosignatures, needs};
use crate::stored::Named;
use crate::{Recipient, Store};

/// Moves a need out of `open` (conditionally: of two managers at once, one does).
fn leave_open(
    conn: &mut DbConnection,
    id: &str,
    to: NeedState,
    merged_into: Option<&str>,
    challenge: Option<&str>,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let changed = diesel::update(needs::table.find(id).filter(needs::state.eq(Named(NeedState::Open))))
        .set((
            needs::state.eq(Named(to)),
            needs::merged_into.eq(merged_into),
            needs::challenge_id.eq(challenge),
            needs::closed_reason.eq(reason),
            needs::updated_at.eq(now),
            needs::revision.eq(needs::revision + 1),
        ))
        .execute(conn)?;
    if changed == 1 { Ok(()) } else { Err(DomainError::conflict("need_not_open", "the need is no longer open").into()) }
}

/// Writes `mail` to the officers of the need's administration and of every co-signer.
fn tell_everyone(
    conn: &mut DbConnection,
    need: &Need,
    mail: &dyn Fn(&Recipient) -> OutgoingMail,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let mut organizations = vec![need.organization_id.to_string()];
    organizations.extend(cosignatures(conn, &need.id.to_string())?.iter().map(|c| c.organization_id.to_string()));
    for org in organizations {
        for to in officers(conn, &org)? {
            enqueue(conn, &mail(&to), now)?;
        }
    }
    Ok(())
}

impl Store {
    /// Co-signs a need for the officer's (verified) administration, with a note and how many people it
    /// serves with it.
    ///
    /// # Errors
    /// `NotFound` for a need the actor may not see; `Forbidden` for who is not an officer; `Conflict`
    /// (`own_need`, `need_not_open`, `already_cosigned`, `administration_unverified`); `Invalid` for a
    /// population out of range.
    pub fn need_cosign(
        &self,
        actor: &Actor,
        id: NeedId,
        note: Option<&Note>,
        population: Option<i64>,
    ) -> Result<NeedView, StoreError> {
        let population =
            population.map(|p| parse_population("population", p)).transpose().map_err(DomainError::from)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let need = load_visible(conn, Some(actor), id)?;
            need.cosigning(actor)?;
            let org = actor.organization_id.to_string();
            let signer = load_organization(conn, &org)?;
            signer.officers_allowed()?;
            let key = id.to_string();
            let taken: i64 = need_cosignatures::table
                .filter(need_cosignatures::need_id.eq(&key))
                .filter(need_cosignatures::organization_id.eq(&org))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                return Err(already_cosigned());
            }
            diesel::insert_into(need_cosignatures::table)
                .values((
                    need_cosignatures::need_id.eq(&key),
                    need_cosignatures::organization_id.eq(&org),
                    need_cosignatures::user_id.eq(actor.user_id.to_string()),
                    need_cosignatures::note.eq(note.map(Note::as_str)),
                    need_cosignatures::population.eq(population),
                    need_cosignatures::created_at.eq(now),
                ))
                .execute(conn)?;
            record(conn, &key, "cosigned", Some(actor.user_id), Some(&signer.name), now)?;
            let event =
                AuditEvent::new(Some(actor.user_id), "need.cosigned", "need", &key).with("organization_id", org);
            audit::append(conn, &self.audit_key, &event, now)?;
            view(conn, need)
        })
    }

    /// Withdraws the co-signature of the officer's administration from an open need.
    ///
    /// # Errors
    /// `NotFound` for a need the actor may not see or a co-signature that does not exist;
    /// `Forbidden` for who is not an officer; `Conflict` (`need_not_open`).
    pub fn need_withdraw_cosignature(&self, actor: &Actor, id: NeedId) -> Result<NeedView, StoreError> {
        require_officer(actor)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let need = load_visible(conn, Some(actor), id)?;
            not_open(&need)?;
            let (key, org) = (id.to_string(), actor.organization_id.to_string());
            let gone = diesel::delete(
                need_cosignatures::table
                    .filter(need_cosignatures::need_id.eq(&key))
                    .filter(need_cosignatures::organization_id.eq(&org)),
            )
            .execute(conn)?;
            if gone == 0 {
                return Err(StoreError::not_found("cosignature"));
            }
            let name = load_organization(conn, &org)?.name;
            record(conn, &key, "cosignature_withdrawn", Some(actor.user_id), Some(&name), now)?;
            let event = AuditEvent::new(Some(actor.user_id), "need.cosignature_withdrawn", "need", &key)
                .with("organization_id", org);
            audit::append(conn, &self.audit_key, &event, now)?;
            view(conn, need)
        })
    }

    /// Merges a duplicate into another open need (hub managers): the duplicate's administration and its
    /// co-signers become co-signers of the other (each once, never the other's own administration); the
    /// duplicate's officers are written `mail`.
    ///
    /// # Errors
    /// `NotFound`; `Forbidden`; `Conflict` (`need_not_open`, `same_need`).
    pub fn need_merge(
        &self,
        manager: &Actor,
        id: NeedId,
        into: NeedId,
        mail: impl Fn(&Recipient, &Need, &Need) -> OutgoingMail,
    ) -> Result<NeedView, StoreError> {
        require_triage(manager)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let (key, target) = (id.to_string(), into.to_string());
            let need = load_need(conn, &key)?;
            let other = load_need(conn, &target)
                .map_err(|_| StoreError::from(DomainError::invalid("into", "unknown_need", "no such need")))?;
            need.merging_into(&other)?;
            let mut carried: Vec<(String, String, Option<String>, Option<i64>)> = need_cosignatures::table
                .filter(need_cosignatures::need_id.eq(&key))
                .select((
                    need_cosignatures::organization_id,
                    need_cosignatures::user_id,
                    need_cosignatures::note,
                    need_cosignatures::population,
                ))
                .load(conn)?;
            carried.push((
                need.organization_id.to_string(),
                need.author_id.to_string(),
                Some(need.content.title.clone()),
                Some(need.content.population),
            ));
            let present: Vec<String> = need_cosignatures::table
                .filter(need_cosignatures::need_id.eq(&target))
                .select(need_cosignatures::organization_id)
                .load(conn)?;
            for (org, user, note, population) in carried {
                if org == other.organization_id.to_string() || present.contains(&org) {
                    continue;
                }
                diesel::insert_into(need_cosignatures::table)
                    .values((
                        need_cosignatures::need_id.eq(&target),
                        need_cosignatures::organization_id.eq(&org),
                        need_cosignatures::user_id.eq(user),
                        need_cosignatures::note.eq(note),
                        need_cosignatures::population.eq(population),
                        need_cosignatures::created_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            leave_open(conn, &key, NeedState::Merged, Some(&target), None, None, now)?;
            record(conn, &key, "merged", Some(manager.user_id), Some(&other.content.title), now)?;
            record(conn, &target, "absorbed", Some(manager.user_id), Some(&need.content.title), now)?;
            for to in officers(conn, &need.organization_id.to_string())? {
                enqueue(conn, &mail(&to, &need, &other), now)?;
            }
            let event =
                AuditEvent::new(Some(manager.user_id), "need.merged", "need", &key).with("into", target.clone());
            audit::append(conn, &self.audit_key, &event, now)?;
            let merged = load_need(conn, &key)?;
            view(conn, merged)
        })
    }

    /// Closes an open need with a reason (hub managers); its administration's officers and its
    /// co-signers' are written `mail`.
    ///
    /// # Errors
    /// `NotFound`; `Forbidden`; `Conflict` (`need_not_open`).
    pub fn need_close(
        &self,
        manager: &Actor,
        id: NeedId,
        reason: &Note,
        mail: impl Fn(&Recipient, &Need) -> OutgoingMail,
    ) -> Result<NeedView, StoreError> {
        require_triage(manager)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let key = id.to_string();
            let need = load_need(conn, &key)?;
            not_open(&need)?;
            leave_open(conn, &key, NeedState::Closed, None, None, Some(reason.as_str()), now)?;
            record(conn, &key, "closed", Some(manager.user_id), Some(reason.as_str()), now)?;
            let closed = load_need(conn, &key)?;
            tell_everyone(conn, &closed, &|to| mail(to, &closed), now)?;
            audit::append(
                conn,
                &self.audit_key,
                &AuditEvent::new(Some(manager.user_id), "need.closed", "need", &key),
                now,
            )?;
            view(conn, closed)
        })
    }

    /// Turns an open need into a challenge (hub managers): the need links to it, and its administration
    /// and its co-signers become the challenge's co-sponsors (besides its sponsor); their officers are
    /// written `mail` with the challenge's slug and title. Several needs may become one challenge.
    ///
    /// # Errors
    /// `NotFound`; `Forbidden`; `Conflict` (`need_not_open`); `Invalid` (`challenge_id`) for a challenge
    /// that does not exist or is archived.
    pub fn need_convert(
        &self,
        manager: &Actor,
        id: NeedId,
        challenge: ChallengeId,
        mail: impl Fn(&Recipient, &Need, &str, &str) -> OutgoingMail,
    ) -> Result<NeedView, StoreError> {
        require_triage(manager)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let key = id.to_string();
            let need = load_need(conn, &key)?;
            not_open(&need)?;
            let target = challenge.to_string();
            let found: Option<(String, String, String, domain::ChallengeState)> = challenges::table
                .find(&target)
                .select((challenges::slug, challenges::title_it, challenges::sponsor_id, challenges::state))
                .first(conn)
                .optional()?;
            let Some((slug, title, sponsor, _)) =
                found.filter(|(_, _, _, state)| *state != domain::ChallengeState::Archived)
            else {
                return Err(DomainError::invalid(
                    "challenge_id",
                    "unknown_challenge",
                    "no such challenge, or archived",
                )
                .into());
            };
            let mut sponsors = vec![need.organization_id.to_string()];
            sponsors.extend(cosignatures(conn, &key)?.iter().map(|c| c.organization_id.to_string()));
            let present: Vec<String> = challenge_sponsors::table
                .filter(challenge_sponsors::challenge_id.eq(&target))
                .select(challenge_sponsors::organization_id)
                .load(conn)?;
            for org in sponsors.iter().filter(|o| **o != sponsor && !present.contains(o)) {
                diesel::insert_into(challenge_sponsors::table)
                    .values((
                        challenge_sponsors::challenge_id.eq(&target),
                        challenge_sponsors::organization_id.eq(org),
                        challenge_sponsors::added_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            leave_open(conn, &key, NeedState::Converted, None, Some(&target), None, now)?;
            record(conn, &key, "converted", Some(manager.user_id), Some(&title), now)?;
            let converted = load_need(conn, &key)?;
            tell_everyone(conn, &converted, &|to| mail(to, &converted, &slug, &title), now)?;
            let event = AuditEvent::new(Some(manager.user_id), "need.converted", "need", &key)
                .with("challenge_id", target.clone())
                .with("co_sponsors", sponsors.join(","));
            audit::append(conn, &self.audit_key, &event, now)?;
            view(conn, converted)
        })
    }

    /// The co-sponsors of a challenge (the administrations of the needs it came from), by name.
    ///
    /// # Errors
    /// When the database fails.
    pub fn challenge_co_sponsors(&self, challenge: ChallengeId) -> Result<Vec<(String, String)>, StoreError> {
        self.db.read(|conn| co_sponsors(conn, &challenge.to_string()))
    }
}

/// The co-sponsors of challenge `challenge` (id, name), in name order.
pub(crate) fn co_sponsors(conn: &mut DbConnection, challenge: &str) -> Result<Vec<(String, String)>, StoreError> {
    Ok(challenge_sponsors::table
        .inner_join(crate::schema::organizations::table)
        .filter(challenge_sponsors::challenge_id.eq(challenge))
        .select((challenge_sponsors::organization_id, crate::schema::organizations::name))
        .order(crate::schema::organizations::name.asc())
        .load(conn)?)
}
