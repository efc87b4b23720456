//! Pages of words only: the accessibility statement (L. 4/2004, AgID's model), the privacy notice
//! (Regulation (EU) 2016/679, art. 13) and the terms of use the OpenAPI document names
//! (`info.termsOfService`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::{Layout, Visitor, render};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "web/accessibility.html")]
struct AccessibilityPage {
    l: Layout,
    contact: String,
}

#[derive(Template)]
#[template(path = "web/privacy.html")]
struct PrivacyPage {
    l: Layout,
    contact: String,
}

#[derive(Template)]
#[template(path = "web/terms.html")]
struct TermsPage {
    l: Layout,
}

/// The terms of use.
#[get("/terms")]
pub async fn terms(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let page = TermsPage { l: Layout::new(&state, &req, &mut visitor, "terms") };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The accessibility statement.
#[get("/accessibility")]
pub async fn accessibility(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let page = AccessibilityPage {
        contact: state.settings.mail_from.clone(),
        l: Layout::new(&state, &req, &mut visitor, "accessibility"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The privacy notice.
#[get("/privacy")]
pub async fn privacy(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let page = PrivacyPage {
        contact: state.settings.mail_from.clone(),
        l: Layout::new(&state, &req, &mut visitor, "privacy"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
