//! What a user did for an administration, for their export: the needs they stated, the co-signatures
//! and adoptions they declared, and the messages they wrote to reuse communities (with their text).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use super::at;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{adoptions, community_messages, need_cosignatures, needs};

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
