//! A posted form, checked before it is read: its CSRF token must be the one of the browser's session
//! (or visit), else the post is refused with a 403 page. Every page that changes something takes its
//! fields through [`Form`], so no form can forget the check.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::state::AppState;

/// The fields of a form whose CSRF token was right. Repeated fields (check boxes) fill a `Vec`.
#[derive(Debug)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| ApiError::internal("form", "application state missing"))?;
            let body = body.await.map_err(|_| ApiError::PayloadTooLarge { limit: state.settings.body_limit })?;
            let token = form_urlencoded::parse(&body)
                .find(|(name, _)| name == super::csrf::FIELD)
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default();
            let binding = super::session::binding(&state, &req).unwrap_or_default();
            if !super::csrf::valid(state.settings.jwt_secret.expose().as_bytes(), &binding, &token) {
                return Err(ApiError::CsrfFailed);
            }
            serde_html_form::from_bytes(&body)
                .map(Form)
                .map_err(|e| ApiError::bad_request("malformed_form", format!("the form is malformed: {e}")))
        })
    }
}
