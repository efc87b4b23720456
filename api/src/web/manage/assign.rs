//! `/manage/proposals/{id}/assign`: the evaluator picker — every evaluator with their expertise, the
//! reviews they have open and any conflict (a conflicted one cannot be picked, and the reason is
//! shown) — and the removal of an assignment; the same functions as the API's assignment endpoints.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::review::AssignmentId;
use domain::{DomainError, ProposalId};
use serde::Deserialize;

use super::proposal::{Refusal, manage_page};
use super::screening::refusal;
use super::{default_due, due_at, manager};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::reviews::{assign_one, unassign_one};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// An evaluator as the picker shows them.
pub struct Pick {
    id: String,
    name: String,
    organization: String,
    expertise: String,
    open_reviews: i64,
    /// Why they cannot be picked, in words.
    blocked: Option<String>,
    /// Whether the proposal's tags meet their expertise.
    matches: bool,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "web/manage/assign.html")]
struct PickerPage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    tags: String,
    picks: Vec<Pick>,
    due: String,
    refusal: Option<Refusal>,
}

/// The picker for proposal `id`, with what was refused and what was chosen.
async fn picker_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: ProposalId,
    chosen: (String, String),
    refusal: Option<Refusal>,
) -> Result<PickerPage, ApiError> {
    let actor = manager(visitor, req)?;
    let store = state.store.clone();
    let (proposal, candidates) =
        blocking(move || Ok((store.proposal_get(&actor, id)?, store.assignment_candidates(&actor, id)?))).await?;
    let tr = Tr(visitor.locale);
    let tags = &proposal.content.tags;
    let picks = candidates
        .into_iter()
        .map(|c| {
            let blocked = if c.assigned {
                Some(tr.t("manage-pick-assigned"))
            } else {
                c.conflict.map(|why| tr.t(&format!("manage-conflict-{}", why.code().replace('_', "-"))))
            };
            Pick {
                id: c.id.to_string(),
                chosen: c.id.to_string() == chosen.0,
                matches: c.expertise.iter().any(|e| tags.contains(e)),
                expertise: if c.expertise.is_empty() { "—".to_owned() } else { c.expertise.join(", ") },
                name: c.name,
                organization: c.organization,
                open_reviews: c.open_reviews,
                blocked,
            }
        })
        .collect();
    Ok(PickerPage {
        csrf: visitor.csrf(state),
        id: id.to_string(),
        title: proposal.content.title.clone(),
        tags: tags.iter().cloned().collect::<Vec<_>>().join(", "),
        picks,
        due: if chosen.1.is_empty() { default_due(state.store.now()) } else { chosen.1 },
        refusal,
        l: Layout::new(state, req, visitor, "manage"),
    })
}

/// The picker.
#[get("/manage/proposals/{id}/assign")]
pub async fn picker(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let page = picker_page(&state, &req, &mut visitor, path.into_inner(), Default::default(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The picker's form.
#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    evaluator: String,
    #[serde(default)]
    due_at: String,
}

/// Assigns the evaluator picked.
#[post("/manage/proposals/{id}/assign")]
pub async fn assign(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<AssignForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let id = path.into_inner();
    let AssignForm { evaluator, due_at: due } = form.0;
    let result = match due_at(&due) {
        Ok(at) if !evaluator.is_empty() => assign_one(&state, actor, id, &evaluator, at).await.map(|_| ()),
        Ok(_) => Err(DomainError::invalid("evaluator_id", "required", "is required").into()),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => Ok(see_other(&state, &visitor, &format!("/manage/proposals/{id}?done=assigned"))),
        Err(error) => {
            let field = match &error {
                ApiError::Domain(DomainError::Invalid(fields)) if fields.iter().any(|f| f.field == "due_at") => {
                    "due_at"
                }
                _ => "evaluator",
            };
            let (status, why) = refusal(Tr(visitor.locale), error, field)?;
            let page = picker_page(&state, &req, &mut visitor, id, (evaluator, due), Some(why)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}

/// Removes an assignment whose review is not submitted.
#[post("/manage/proposals/{id}/assignments/{assignment}/remove")]
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(ProposalId, AssignmentId)>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let (id, assignment) = path.into_inner();
    match unassign_one(&state, actor, id, assignment).await {
        Ok(()) => Ok(see_other(&state, &visitor, &format!("/manage/proposals/{id}?done=removed"))),
        Err(error) => {
            let (status, why) = refusal(Tr(visitor.locale), error, "assignments-heading")?;
            let page = manage_page(&state, &req, &mut visitor, id, None, Some(why), Default::default()).await?;
            render(&state, &visitor, status, &page)
        }
    }
}
