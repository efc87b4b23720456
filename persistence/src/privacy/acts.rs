//! What a user did for an administration, for their export: the needs they stated, the co-signatures
//! and adoptions they declared, the opinions (*pareri*) they gave on proposals, and the messages they
//! wrote to reuse communities (with their text).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use super::at;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{adoptions, community_messages, need_cosignatures, needs, sponsor_opinions};

/// The user's acts for an administration, oldest first within each kind.
pub(super) fn administration_acts(conn: &mut DbConnection, id: &str) -> Result<Vec<Value>, StoreError> {
    let mut acts = Vec::new();
    let stated: Vec<(String, String, NaiveDateTime)> = needs::table
        .filter(needs::author_id.eq(id))
        .order(needs::created_at.asc())
        .select((needs::id, needs::title, needs::created_at))
        .load(conn)?;
    acts.extend(stated.into_iter().map(
        |(need, title, when)| json!({"kind": "need_stated", "need_id": need, "title": title, "occurred_at": at(when)}),
    ));
    let signed: Vec<(String, String, Option<String>, NaiveDateTime)> = need_cosignatures::table
        .filter(need_cosignatures::user_id.eq(id))
        .order(need_cosignatures::created_at.asc())
        .select((
            need_cosignatures::need_id,
            need_cosignatures::organization_id,
            need_cosignatures::note,
            need_cosignatures::created_at,
        ))
        .load(conn)?;
    acts.extend(signed.into_iter().map(|(need, org, note, when)| {
        json!({"kind": "need_cosigned", "need_id": need, "organization_id": org, "note": note, "occurred_at": at(when)})
    }));
    let declared: Vec<(String, String, String, Option<String>, NaiveDateTime)> = adoptions::table
        .filter(adoptions::declared_by.eq(id))
        .order(adoptions::updated_at.asc())
        .select((
            adoptions::service_id,
            adoptions::organization_id,
            adoptions::state,
            adoptions::note,
            adoptions::updated_at,
        ))
        .load(conn)?;
    acts.extend(declared.into_iter().map(|(service, org, state, note, when)| {
        json!({"kind": "adoption_declared", "service_id": service, "organization_id": org, "state": state,
               "note": note, "occurred_at": at(when)})
    }));
    // An opinion is its administration's, kept up to date until the decision: the officer who gave its
    // latest words is the one it names.
    let given: Vec<(String, String, String, String, NaiveDateTime, NaiveDateTime)> = sponsor_opinions::table
        .filter(sponsor_opinions::given_by.eq(id))
        .order((sponsor_opinions::created_at.asc(), sponsor_opinions::proposal_id.asc()))
        .select((
            sponsor_opinions::proposal_id,
            sponsor_opinions::organization_id,
            sponsor_opinions::verdict,
            sponsor_opinions::text,
            sponsor_opinions::created_at,
            sponsor_opinions::updated_at,
        ))
        .load(conn)?;
    acts.extend(given.into_iter().map(|(proposal, org, verdict, text, created, updated)| {
        json!({"kind": "opinion_given", "proposal_id": proposal, "organization_id": org, "verdict": verdict,
               "text": text, "occurred_at": at(created), "updated_at": at(updated)})
    }));
    let written: Vec<(String, String, String, String, NaiveDateTime)> = community_messages::table
        .filter(community_messages::sender_id.eq(id))
        .order(community_messages::sent_at.asc())
        .select((
            community_messages::service_id,
            community_messages::to_organization_id,
            community_messages::subject,
            community_messages::body,
            community_messages::sent_at,
        ))
        .load(conn)?;
    acts.extend(written.into_iter().map(|(service, to, subject, body, when)| {
        json!({"kind": "community_message", "service_id": service, "to_organization_id": to, "subject": subject,
               "body": body, "occurred_at": at(when)})
    }));
    Ok(acts)
}
