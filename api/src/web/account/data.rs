//! The person's data (GDPR arts. 15, 17 and 20): download everything the hub holds about them, as
//! `GET /me/export` gives it; erase the account, as `DELETE /me` does, after a clear confirmation.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::me::personal_data;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other_signed_out};

#[derive(Template)]
#[template(path = "web/account/data.html")]
struct DataPage {
    l: Layout,
    csrf: String,
    errors: FieldErrors,
    /// The hub's only admin cannot be erased.
    last_admin: bool,
}

impl DataPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

fn page(state: &AppState, req: &HttpRequest, visitor: &mut Visitor, errors: FieldErrors, last_admin: bool) -> DataPage {
    let csrf = visitor.csrf(state);
    DataPage { l: Layout::new(state, req, visitor, "account"), csrf, errors, last_admin }
}

/// The page: what the download holds, and the erasure with its consequences.
#[get("/account/data")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    visitor.person(&req)?;
    let page = page(&state, &req, &mut visitor, FieldErrors::default(), false);
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The download: one JSON document, as the API's export.
#[get("/account/data/export")]
pub async fn export(state: web::Data<AppState>, req: HttpRequest, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let user_id = visitor.person(&req)?.actor.user_id;
    let data = personal_data(&state, user_id).await?;
    let mut response = HttpResponse::Ok()
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"innovation-hub-export.json\""))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(data);
    visitor.finish(&state, &mut response);
    Ok(response)
}

/// The erasure form: the box that says the person understands.
#[derive(Debug, Deserialize)]
pub struct Erasure {
    confirm: Option<String>,
}

/// Erases the account once confirmed: the session ends and the person lands on the home page.
#[post("/account/erase")]
pub async fn erase(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Erasure>,
) -> Result<HttpResponse, ApiError> {
    let user_id = visitor.person(&req)?.actor.user_id;
    if form.0.confirm.as_deref() != Some("yes") {
        let errors = FieldErrors::one(Tr(visitor.locale), "confirm", "not_confirmed");
        let page = page(&state, &req, &mut visitor, errors, false);
        return render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let store = state.store.clone();
    match blocking(move || store.user_erase(user_id)).await {
        Ok(()) => see_other_signed_out(&state, &visitor, "/?erased=1"),
        Err(ApiError::Domain(DomainError::Conflict { code: "last_admin", .. })) => {
            let page = page(&state, &req, &mut visitor, FieldErrors::default(), true);
            render(&state, &visitor, StatusCode::CONFLICT, &page)
        }
        Err(other) => Err(other),
    }
}
