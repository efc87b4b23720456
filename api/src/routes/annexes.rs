//! Annexes (issue 20): the files a challenge asks proposals for, uploaded by the team as a streamed
//! multipart form or a raw body, frozen with each submitted version, and downloaded (ranges, ETags) by
//! whoever reads the proposal; an evaluator takes every annex of their assigned proposals as one ZIP.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Utc};
use domain::annex::{Annex, AnnexId, AnnexRule, AnnexRules};
use domain::{DomainError, ProposalId, Scope};
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;

use crate::annexes::Upload;
use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::{blocking, located};
use crate::state::AppState;

mod download;

pub use download::{content, serve};

/// An annex a challenge asks for.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"key": "deck", "name": "Presentazione", "required": true, "types": ["pdf"],
    "max_bytes": 20_971_520, "max_count": 1, "max_pages": 20}))]
pub struct AnnexRuleDto {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Whether a proposal is submitted only with it.
    pub required: bool,
    /// The kinds of file it takes (`pdf`, `odt`, `ods`, `odp`, `docx`, `xlsx`, `pptx`, `png`, `jpeg`),
    /// recognised by their content.
    pub types: Vec<String>,
    /// Its largest file, in bytes.
    #[schema(format = Int64)]
    pub max_bytes: u64,
    /// How many files it takes.
    pub max_count: u8,
    /// A PDF's most pages.
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    pub max_pages: Option<u16>,
}

impl From<&AnnexRule> for AnnexRuleDto {
    fn from(r: &AnnexRule) -> Self {
        Self {
            key: r.key.clone(),
            name: r.name.clone(),
            required: r.required,
            types: r.types.iter().map(|t| t.as_str().to_owned()).collect(),
            max_bytes: r.max_bytes,
            max_count: r.max_count,
            max_pages: r.max_pages,
        }
    }
}

/// An annex a challenge asks for, as given.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnexRuleRequest {
    /// Its key: 1 to 40 lowercase letters, digits and hyphens, unique in the challenge.
    #[schema(example = "deck", max_length = 40)]
    pub key: String,
    /// Its name, as proposers read it (2 to 120 characters).
    #[schema(example = "Presentazione", max_length = 120)]
    pub name: String,
    /// Whether a proposal is submitted only with it (default no).
    pub required: Option<bool>,
    /// The kinds of file it takes: `pdf`, `odt`, `ods`, `odp`, `docx`, `xlsx`, `pptx`, `png`, `jpeg`.
    #[schema(max_items = 9, example = json!(["pdf"]))]
    pub types: Vec<String>,
    /// Its largest file in bytes, at most 100 MiB (default 20 MiB).
    #[schema(minimum = 1, maximum = 104_857_600, format = Int64)]
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    pub max_bytes: Option<u64>,
    /// How many files it takes, 1 to 10 (default 1).
    #[schema(minimum = 1, maximum = 10)]
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    pub max_count: Option<u8>,
    /// A PDF's most pages, 1 to 2000 (needs the `pdf` type).
    #[schema(minimum = 1, maximum = 2000)]
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    pub max_pages: Option<u16>,
}

impl From<AnnexRuleRequest> for domain::annex::AnnexRuleInput {
    fn from(r: AnnexRuleRequest) -> Self {
        Self {
            key: r.key,
            name: r.name,
            required: r.required,
            types: r.types,
            max_bytes: r.max_bytes,
            max_count: r.max_count,
            max_pages: r.max_pages,
        }
    }
}

/// The rules as a list.
pub fn rules_dto(rules: &AnnexRules) -> Vec<AnnexRuleDto> {
    rules.iter().map(AnnexRuleDto::from).collect()
}

/// An annex.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01964b7e-3c2a-7d11-9e0f-5a6b7c8d9e0f", "proposal_id": "01964b7e-1111-7d11-9e0f-5a6b7c8d9e0f",
    "version": 1, "rule": "deck", "filename": "presentazione.pdf", "type": "pdf", "media_type": "application/pdf",
    "size": 482133, "sha256": "9f2c0d4e5b6a79881c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b", "pages": 12,
    "uploaded_by": "01964b7e-2222-7d11-9e0f-5a6b7c8d9e0f", "created_at": "2026-04-02T10:15:00Z",
    "content": "/api/v1/annexes/01964b7e-3c2a-7d11-9e0f-5a6b7c8d9e0f/content"}))]
pub struct AnnexDto {
    /// Id.
    pub id: String,
    /// The proposal.
    pub proposal_id: String,
    /// The submitted version it belongs to; `null` for the working copy the team is preparing.
    pub version: Option<i32>,
    /// The challenge's annex it answers (its key).
    pub rule: String,
    /// The file's name.
    pub filename: String,
    /// Its kind, by content.
    #[serde(rename = "type")]
    pub kind: String,
    /// The media type it is served with.
    pub media_type: String,
    /// Its size in bytes.
    #[schema(format = Int64)]
    pub size: u64,
    /// Its SHA-256 (the download's ETag).
    pub sha256: String,
    /// A PDF's pages.
    pub pages: Option<u32>,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Where its bytes are.
    pub content: String,
}

impl From<&Annex> for AnnexDto {
    fn from(a: &Annex) -> Self {
        Self {
            id: a.id.to_string(),
            proposal_id: a.proposal_id.to_string(),
            version: (!a.is_working()).then_some(a.version),
            rule: a.rule.clone(),
            filename: a.filename.clone(),
            kind: a.kind.as_str().to_owned(),
            media_type: a.kind.media_type().to_owned(),
            size: a.size,
            sha256: a.sha256.clone(),
            pages: a.pages,
            uploaded_by: a.uploaded_by.to_string(),
            created_at: a.created_at,
            content: format!("/api/v1/annexes/{}/content", a.id),
        }
    }
}

/// A proposal's annexes and the rules they answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnnexListDto {
    /// The annexes its challenge asks for.
    pub rules: Vec<AnnexRuleDto>,
    /// The working copy's annexes (to its team and hub managers) and every submitted version's, newest
    /// version first.
    pub items: Vec<AnnexDto>,
}

/// The multipart form of an upload: `rule` first, then `file`.
#[derive(Debug, ToSchema)]
pub struct AnnexUpload {
    /// The key of the challenge's annex the file answers.
    pub rule: String,
    /// The file (its kind is decided by its content).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Lists a proposal's annexes
///
/// The working copy's annexes (to its team and hub managers) and every submitted version's (to whoever
/// reads the proposal), with the annexes its challenge asks for.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The annexes", body = AnnexListDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "An assigned evaluator who has not confirmed having no conflict of interest", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/annexes")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<AnnexListDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    let (_, rules, items) = blocking(move || store.annexes_list(&auth.0, id)).await?;
    Ok(web::Json(AnnexListDto { rules: rules_dto(&rules), items: items.iter().map(AnnexDto::from).collect() }))
}

/// Uploads an annex (multipart)
///
/// A `multipart/form-data` body with the field `rule` (the key of the challenge's annex), once, before the
/// field `file`; one file per request (what follows it is not read). The file is streamed to disk, never
/// held in memory; its kind is decided by its content, a PDF is parsed and its pages counted. Only the
/// proposal's team, while the proposal is editable.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")),
    request_body(content = AnnexUpload, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Attached to the working copy", body = AnnexDto),
    (status = 400, description = "Not a multipart form, or it broke off", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer of its organisation", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not editable, or the annex has all its files", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "Larger than the annex allows", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown annex, a kind it does not take, an unreadable PDF or too many pages", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "The object store is unavailable", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/annexes")]
pub async fn upload_multipart(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ProposalsWrite)?;
    let annex = upload_form(&state, auth.0, path.into_inner(), form, None).await.map_err(|refused| refused.error)?;
    Ok(located(HttpResponse::Created().json(AnnexDto::from(&annex)), &format!("/api/v1/annexes/{}", annex.id)))
}

/// Checks a page form's CSRF token.
pub type CsrfCheck<'a> = dyn Fn(&str) -> Result<(), ApiError> + 'a;

/// A multipart upload refused: why, and the rule the form named, if it named one before it was refused.
#[derive(Debug)]
pub struct FormRefused {
    /// The `rule` field as sent.
    pub rule: Option<String>,
    /// Why it was refused.
    pub error: ApiError,
}

/// Receives a multipart upload: `rule`, then `file` (a `csrf` field first when `csrf` is given, for pages).
///
/// # Errors
/// As the upload's, with the rule the form named.
pub async fn upload_form(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    form: Multipart,
    csrf: Option<&CsrfCheck<'_>>,
) -> Result<Annex, FormRefused> {
    let mut rule = None;
    read_form(state, actor, id, form, csrf, &mut rule).await.map_err(|error| FormRefused { rule, error })
}

async fn read_form(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    mut form: Multipart,
    csrf: Option<&CsrfCheck<'_>>,
    rule: &mut Option<String>,
) -> Result<Annex, ApiError> {
    let malformed = |e: actix_multipart::MultipartError| match e {
        // A body that is no multipart form is the wrong media type (415), not a broken form (400).
        actix_multipart::MultipartError::ContentTypeMissing
        | actix_multipart::MultipartError::ContentTypeParse
        | actix_multipart::MultipartError::ContentTypeIncompatible => ApiError::UnsupportedMediaType,
        e => ApiError::bad_request("malformed_multipart", e.to_string()),
    };
    let mut checked = csrf.is_none();
    while let Some(field) = form.next().await {
        let mut field = field.map_err(malformed)?;
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if !checked {
                return Err(ApiError::CsrfFailed);
            }
            let filename = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned();
            let rule = rule
                .clone()
                .ok_or_else(|| DomainError::invalid("rule", "required", "send the field `rule` before `file`"))?;
            let wanted = Upload { rule, filename, replace_same_name: false };
            return receive(state, actor, id, wanted, &mut field).await;
        }
        let mut text = Vec::new();
        while let Some(chunk) = field.next().await {
            text.extend_from_slice(&chunk.map_err(malformed)?);
            if text.len() > 4096 {
                return Err(ApiError::bad_request("malformed_multipart", format!("the field `{name}` is too long")));
            }
        }
        let text = String::from_utf8_lossy(&text).trim().to_owned();
        match (name.as_str(), csrf) {
            ("rule", _) if rule.is_some() => {
                return Err(ApiError::bad_request("malformed_multipart", "the field `rule` is sent twice"));
            }
            ("rule", _) => *rule = Some(text),
            ("csrf", Some(check)) => {
                check(&text)?;
                checked = true;
            }
            _ => {}
        }
    }
    Err(DomainError::invalid("file", "required", "attach a file in the field `file`").into())
}

/// Uploads or replaces an annex (raw body)
///
/// The body is the file, streamed; the path names the challenge's annex and the file's name. A file of the
/// working copy with the same annex and name is replaced (200), else one is added (201). Only the
/// proposal's team, while the proposal is editable.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(
        ("id" = String, Path, description = "Proposal id"),
        ("rule" = String, Path, description = "The key of the challenge's annex"),
        ("filename" = String, Path, description = "The file's name"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"), responses(
    (status = 200, description = "Replaced the working copy's file of that name", body = AnnexDto),
    (status = 201, description = "Attached to the working copy", body = AnnexDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer of its organisation", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not editable, or the annex has all its files", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "Larger than the annex allows", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown annex, a kind it does not take, an unreadable PDF or too many pages", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "The object store is unavailable", body = Problem, content_type = "application/problem+json"),
))]
#[put("/proposals/{id}/annexes/{rule}/{filename}")]
pub async fn put_file(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(ProposalId, String, String)>,
    request: HttpRequest,
    mut body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ProposalsWrite)?;
    let (id, rule, filename) = path.into_inner();
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let wanted = Upload { rule, filename, replace_same_name: true };
    let (annex, replaced) = receive_counted(&state, auth.0, id, wanted, &mut body, declared).await?;
    let dto = AnnexDto::from(&annex);
    Ok(if replaced {
        HttpResponse::Ok().json(dto)
    } else {
        located(HttpResponse::Created().json(dto), &format!("/api/v1/annexes/{}", annex.id))
    })
}

async fn receive<S, E>(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    wanted: Upload,
    body: &mut S,
) -> Result<Annex, ApiError>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    receive_counted(state, actor, id, wanted, body, None).await.map(|(annex, _)| annex)
}

/// Checks the wanted before reading its body (the proposal, the rule, the room, a declared length), then
/// receives, stores and records it.
async fn receive_counted<S, E>(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    wanted: Upload,
    body: &mut S,
    declared: Option<u64>,
) -> Result<(Annex, bool), ApiError>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let (store, checker) = (state.store.clone(), actor.clone());
    let form = blocking(move || store.annex_form(&checker, id)).await?;
    let present: Vec<&Annex> = form.working.iter().filter(|a| a.rule == wanted.rule).collect();
    let replacing = wanted.replace_same_name && present.iter().any(|a| a.is_named(&wanted.filename));
    let rule =
        domain::annex::check_upload(&form.rules, &form.proposal, &actor, &wanted.rule, present.len(), replacing)?;
    let max = rule.max_bytes;
    if declared.is_some_and(|n| n > max) {
        return Err(ApiError::PayloadTooLarge { limit: usize::try_from(max).unwrap_or(usize::MAX) });
    }
    let received = state.annexes.receive(body, max).await?;
    // Checked against its rule before it reaches the object store (and again under the proposal's lock).
    let checked = state.annexes.inspect(&received).await?;
    domain::annex::check_file(rule, &checked.inspected)?;
    let uploaded = state.annexes.add(&state.store, actor, id, wanted, received, checked).await?;
    Ok((uploaded.annex, uploaded.replaced.is_some()))
}

/// Reads an annex's details
///
/// Whoever reads the proposal reads its submitted versions' annexes; the working copy only its team and
/// hub managers.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Annex id")), responses(
    (status = 200, description = "The annex", body = AnnexDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "An assigned evaluator who has not confirmed having no conflict of interest", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/annexes/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AnnexId>,
) -> Result<web::Json<AnnexDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    let (_, annex) = blocking(move || store.annex_get(&auth.0, id)).await?;
    Ok(web::Json(AnnexDto::from(&annex)))
}

/// Deletes an annex of the working copy
///
/// Only the proposal's team, while the proposal is editable; a submitted version's annexes never change.
/// The stored file is deleted once no annex names it.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Annex id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer of its organisation", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not editable, or a submitted version's", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/annexes/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AnnexId>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ProposalsWrite)?;
    delete_annex(&state, auth.0, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Deletes an annex of the working copy and releases its object.
///
/// # Errors
/// As [`persistence::Store::annex_delete`].
pub async fn delete_annex(state: &AppState, actor: domain::Actor, id: AnnexId) -> Result<(), ApiError> {
    let store = state.store.clone();
    let sha256 = blocking(move || store.annex_delete(&actor, id)).await?;
    state.annexes.release_later(&state.store, sha256);
    Ok(())
}

/// Downloads the annexes of one's assigned proposals
///
/// One ZIP, streamed: for every proposal assigned to the evaluator, the annexes of the latest version they
/// read (assigned to that version and cleared of conflicts of interest; none of a proposal once they declined
/// any version of it), a folder per proposal, one per annex within.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), responses(
    (status = 200, description = "The ZIP", content_type = "application/zip", body = Vec<u8>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an evaluator", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Two of the caller's bundles are being written already; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "As many bundles are being written already, or the database is unavailable; retry after the `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me/assigned-annexes")]
pub async fn bundle(state: web::Data<AppState>, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (store, person) = (state.store.clone(), auth.0.user_id);
    let bundle = blocking(move || store.annexes_assigned(&auth.0)).await?;
    crate::annexes::bundle::response(&state.annexes, person, bundle, "allegati-proposte-assegnate.zip")
}

/// `Content-Disposition: attachment` with the file's name, in ASCII and in UTF-8 (RFC 6266).
pub fn disposition(filename: &str) -> ContentDisposition {
    let ascii: String = filename.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: filename.as_bytes().to_vec(),
            }),
        ],
    }
}
