//! `/admin/audit`: the audit log, newest first, filtered by the kind of object and the object, the
//! actor (by address or id), the action and the days; each actor, action and object a link that
//! filters by it. `/admin/audit/verification`: the chain verified now, as `hub audit verify` does.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{PageRequest, UserId};
use persistence::{AUDIT_TARGETS, AuditFilter, UserFilter};
use serde::Deserialize;

use super::admin;
use crate::error::ApiError;
use crate::routes::admin::verify;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::listing::{filled, next_page};
use crate::web::manage::start_of;
use crate::web::{Layout, Tr, Visitor, render};

/// An entry as a row of the log.
pub struct Row {
    seq: i64,
    at: String,
    actor: Option<(String, String)>,
    action: (String, String),
    target: (String, String),
    details: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "web/admin/audit.html")]
struct AuditPage {
    l: Layout,
    rows: Vec<Row>,
    targets: Vec<(&'static str, bool)>,
    q: ListQuery,
    unknown_actor: bool,
    next: Option<String>,
}

/// The log's filters, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    target_type: String,
    #[serde(default)]
    target_id: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    cursor: Option<String>,
}

/// The link that lists the entries with `filters` (names and values).
fn filter_link(filters: &[(&str, &str)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(filters).finish();
    format!("/admin/audit?{query}")
}

/// The log.
#[get("/admin/audit")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let q = query.into_inner();
    let day_after = |date: &str| start_of(date).ok().map(|at| at + chrono::Duration::days(1));
    let mut filter = AuditFilter {
        target_type: filled(Some(q.target_type.as_str())),
        target_id: filled(Some(q.target_id.as_str())),
        actor_id: None,
        action: filled(Some(q.action.as_str())),
        since: filled(Some(q.from.as_str())).and_then(|d| start_of(&d).ok()),
        until: filled(Some(q.to.as_str())).and_then(|d| day_after(&d)),
    };
    let who = filled(Some(q.actor.as_str()));
    let page = PageRequest { after: filled(q.cursor.as_deref()), limit: 50 };
    let store = state.store.clone();
    let reader = actor.clone();
    let (found, names, unknown_actor) = blocking(move || {
        // An address is looked up; anything else is taken for an id.
        let mut unknown = false;
        if let Some(who) = who {
            if who.contains('@') {
                let wanted = UserFilter { q: Some(who.clone()), ..UserFilter::default() };
                let found = store.users_list(&wanted, &PageRequest { after: None, limit: 20 })?;
                let exact = found.items.into_iter().find(|u| u.email.eq_ignore_ascii_case(&who));
                unknown = exact.is_none();
                // Nobody has that address: no entry is theirs.
                filter.actor_id = Some(exact.map_or_else(String::new, |u| u.id.to_string()));
            } else {
                filter.actor_id = Some(who);
            }
        }
        let found = store.audit_list(&filter, &page)?;
        let ids: Vec<UserId> = found.items.iter().filter_map(|e| e.actor_id.as_deref()?.parse().ok()).collect();
        let names: BTreeMap<String, String> =
            store.people_named(&reader, &ids)?.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
        Ok((found, names, unknown))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let rows = found
        .items
        .iter()
        .map(|e| {
            let details: BTreeMap<String, serde_json::Value> = serde_json::from_str(&e.details).unwrap_or_default();
            Row {
                seq: e.seq,
                at: tr.datetime(&e.occurred_at),
                actor: e
                    .actor_id
                    .as_ref()
                    .map(|id| (names.get(id).cloned().unwrap_or_else(|| id.clone()), filter_link(&[("actor", id)]))),
                action: (e.action.clone(), filter_link(&[("action", &e.action)])),
                target: (
                    format!("{} {}", e.target_type, e.target_id),
                    filter_link(&[("target_type", &e.target_type), ("target_id", &e.target_id)]),
                ),
                details: details
                    .into_iter()
                    .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                    .collect(),
            }
        })
        .collect();
    let filters = [
        ("target_type", filled(Some(q.target_type.as_str()))),
        ("target_id", filled(Some(q.target_id.as_str()))),
        ("actor", filled(Some(q.actor.as_str()))),
        ("action", filled(Some(q.action.as_str()))),
        ("from", filled(Some(q.from.as_str()))),
        ("to", filled(Some(q.to.as_str()))),
    ];
    let page = AuditPage {
        rows,
        targets: AUDIT_TARGETS.iter().map(|t| (*t, *t == q.target_type)).collect(),
        next: next_page("/admin/audit", &filters, found.next_cursor),
        unknown_actor,
        q,
        l: Layout::new(&state, &req, &mut visitor, "admin"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "web/admin/verification.html")]
struct VerificationPage {
    l: Layout,
    intact: bool,
    headline: String,
    detail: String,
    at: String,
}

/// The chain, verified now.
#[get("/admin/audit/verification")]
pub async fn verification(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    admin(&visitor, &req)?;
    let verdict = verify(&state).await?;
    let tr = Tr(visitor.locale);
    let count = |n: i64| n.to_string();
    let (intact, headline, detail) = match verdict.status.as_str() {
        "intact" => {
            let entries = i64::try_from(verdict.entries.unwrap_or(0)).unwrap_or(i64::MAX);
            let detail = match (verdict.head_seq, verdict.unkeyed_until.filter(|u| *u > 0)) {
                (Some(head), Some(unkeyed)) => {
                    tr.with("admin-verify-head-unkeyed", &[("head", count(head)), ("unkeyed", count(unkeyed))])
                }
                (Some(head), None) => tr.t1("admin-verify-head", "head", head),
                (None, _) => tr.t("admin-verify-unsealed"),
            };
            (true, tr.t1("admin-verify-intact", "count", entries), detail)
        }
        "broken" => {
            let reason = verdict.reason.as_deref().unwrap_or("mac_mismatch").replace('_', "-");
            let seq = verdict.broken_at.unwrap_or(0);
            (false, tr.t1("admin-verify-broken", "seq", seq), tr.t(&format!("admin-break-{reason}")))
        }
        _ => (false, tr.t("admin-verify-wrong-key"), tr.t("admin-verify-wrong-key-detail")),
    };
    let page = VerificationPage {
        intact,
        headline,
        detail,
        at: tr.datetime(&verdict.verified_at),
        l: Layout::new(&state, &req, &mut visitor, "admin"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
