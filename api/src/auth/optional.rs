//! `MaybeAuthenticated`: anonymous when no credential is sent, 401 when a bad one is.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use domain::Actor;

use crate::auth::Authenticated;
use crate::error::ApiError;

/// The caller, if they sent a credential.
#[derive(Debug, Clone)]
pub struct MaybeAuthenticated(pub Option<Actor>);

impl FromRequest for MaybeAuthenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !req.headers().contains_key(header::AUTHORIZATION) {
            return Box::pin(async { Ok(Self(None)) });
        }
        let authenticated = Authenticated::from_request(req, payload);
        Box::pin(async move { authenticated.await.map(|a| Self(Some(a.0))) })
    }
}
