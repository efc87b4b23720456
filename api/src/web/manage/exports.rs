//! The managers' downloads of the bulk exports (`/manage/exports/{proposals,reviews}.{csv,json}`, of one
//! challenge with `?challenge=`): the API's exports, streamed, as the person signed in.

use actix_web::{HttpRequest, HttpResponse, get, web};
use persistence::Export;

use super::manager;
use crate::error::ApiError;
use crate::routes::exports::{ExportQuery, export};
use crate::state::AppState;
use crate::streamed::Format;
use crate::web::Visitor;

/// An export as a file: `/manage/exports/reviews.csv`…
#[get("/manage/exports/{what}.{format}")]
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let (what, format) = path.into_inner();
    let what = match what.as_str() {
        "proposals" => Export::Proposals,
        "reviews" => Export::Reviews,
        _ => return Err(ApiError::NoRoute),
    };
    let format = match format.as_str() {
        "csv" => Format::Csv,
        "json" => Format::Json,
        _ => return Err(ApiError::NoRoute),
    };
    export(&state, actor, what, query.into_inner().challenge, format).await
}
