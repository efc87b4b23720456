//! Pages of words only: the accessibility statement (L. 4/2004, AgID's model) and the privacy notice
//! (Regulation (EU) 2016/679, art. 13).

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
