//! `POST /manage/proposals/{id}/notice`: a hub manager sends the team the grounds against accepting its
//! proposal (L. 241/1990 art. 10-bis), from the decision's page; the same function as
//! `POST /api/v1/proposals/{id}/notice`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::ProposalId;

use super::decide::{DecideForm, decide_page};
use super::manager;
use super::screening::refusal;
use crate::error::ApiError;
use crate::routes::notices::give_notice;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Tr, Visitor, render, see_other};

/// Gives notice: the proposal's page with what was done, or the decision's page again with why not.
#[post("/manage/proposals/{id}/notice")]
pub async fn give(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<DecideForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let id = path.into_inner();
    let typed = form.0;
    let tr = Tr(visitor.locale);
    match give_notice(&state, actor, id, Some(typed.grounds.clone())).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/manage/proposals/{id}?done=notified"))),
        Err(error) => {
            let (status, why) = refusal(tr, error, "grounds")?;
            let page = decide_page(&state, &req, &mut visitor, id, typed, Some(why)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}
