//! The organisations, searched by name, tax code or IPA code and filtered by kind and an
//! administration's state: `/admin/organizations` for admins (each row opens its page, and a new one
//! may be registered) and `/manage/organizations` for hub managers, who look up the organisations that
//! evaluators and sponsors belong to and their ids (`GET /api/v1/organizations` alike).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{AdministrationStatus, OrganizationKind, PageRequest};
use persistence::OrganizationFilter;
use serde::Deserialize;

use super::desk::kind_name;
use super::organizations::{KindChoice, administration_status, kinds};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::listing::{filled, next_page};
use crate::web::{Layout, Tr, Visitor, render};

/// An organisation as a row of the list.
pub struct Row {
    /// Its page (admins only).
    href: Option<String>,
    id: String,
    name: String,
    kind: String,
    tax_code: String,
    ipa_code: String,
    status: String,
    created: String,
}

#[derive(Template)]
#[template(path = "web/admin/organizations.html")]
struct ListPage {
    l: Layout,
    /// The admins' list (else the hub managers').
    admin: bool,
    /// Where the list is.
    base: &'static str,
    rows: Vec<Row>,
    kinds: Vec<KindChoice>,
    q: String,
    /// The administrations' state kept (`pending`, `verified` or empty).
    status: &'static str,
    next: Option<String>,
}

/// The list's filters, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
}

async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    query: ListQuery,
    admin: bool,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    let kind = filled(query.kind.as_deref()).and_then(|k| k.parse::<OrganizationKind>().ok());
    let status = filled(query.status.as_deref()).and_then(|k| k.parse::<AdministrationStatus>().ok());
    let filter = OrganizationFilter { kind, status, q: filled(query.q.as_deref()) };
    let page = PageRequest { after: filled(query.cursor.as_deref()), limit: 50 };
    let store = state.store.clone();
    let wanted = filter.clone();
    let found = blocking(move || store.organizations_list(&actor, &wanted, &page)).await?;
    let tr = Tr(visitor.locale);
    let base = if admin { "/admin/organizations" } else { "/manage/organizations" };
    let rows = found
        .items
        .iter()
        .map(|o| Row {
            href: admin.then(|| format!("/admin/organizations/{}", o.id)),
            id: o.id.to_string(),
            name: o.name.clone(),
            kind: kind_name(tr, o.kind),
            tax_code: o.tax_code.clone(),
            ipa_code: o.ipa_code.clone().unwrap_or_else(|| "—".to_owned()),
            status: administration_status(tr, o).unwrap_or_else(|| "—".to_owned()),
            created: tr.date(&o.created_at),
        })
        .collect();
    let filters = [
        ("q", filter.q.clone()),
        ("kind", kind.map(|k| k.as_str().to_owned())),
        ("status", status.map(|s| s.as_str().to_owned())),
    ];
    let page = ListPage {
        admin,
        base,
        rows,
        kinds: kinds(tr, kind.map_or("", OrganizationKind::as_str)),
        q: filter.q.clone().unwrap_or_default(),
        status: status.map_or("", AdministrationStatus::as_str),
        next: next_page(base, &filters, found.next_cursor),
        l: Layout::new(state, req, visitor, if admin { "admin" } else { "manage" }),
    };
    render(state, visitor, StatusCode::OK, &page)
}

/// The admins' list.
#[get("/admin/organizations")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    super::admin(&visitor, &req)?;
    list_page(&state, &req, &mut visitor, query.into_inner(), true).await
}

/// The hub managers' list.
#[get("/manage/organizations")]
pub async fn lookup(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    crate::web::manage::manager(&visitor, &req)?;
    list_page(&state, &req, &mut visitor, query.into_inner(), false).await
}
