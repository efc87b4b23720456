//! Redress on the pages (issue 19): one panel — the request for review of a rejection, its outcome, and
//! the form its reader may use: the team's request while the term runs, the other hub manager's handling
//! while it is pending — on the team's proposal page and the manager's; the team's form's handler, the
//! same function as `POST /api/v1/proposals/{id}/redress` (the manager's is in `web::manage`).

use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::ProposalId;
use persistence::RedressView;
use serde::Deserialize;

use super::page::{Refusal, proposal_page};
use crate::error::ApiError;
use crate::routes::redress::file_request;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Tr, Visitor, render, see_other};

/// The redress as the pages show it.
pub struct RedressPanel {
    /// The proposal's id (the forms' actions).
    pub id: String,
    /// The forms' CSRF token.
    pub csrf: String,
    /// Until when the current rejection may be challenged, in words.
    pub deadline: Option<String>,
    /// The latest request: state key and name, statement, who filed it and when.
    pub request: Option<(&'static str, String, String, String)>,
    /// Its outcome: who handled it and when, and the reasons.
    pub outcome: Option<(String, String)>,
    /// Whether the reader (a proposer of the team) may file now.
    pub may_file: bool,
    /// Whether the reader (another hub manager) may handle it now.
    pub may_handle: bool,
    /// What was typed in a refused form, and why it was refused.
    pub typed: String,
    /// Why.
    pub error: Option<String>,
}

impl RedressPanel {
    /// The panel of `view` (none when there is nothing to show: no rejection, no request).
    pub fn of(tr: Tr, view: &RedressView, id: ProposalId, csrf: String, team_proposer: bool) -> Option<Self> {
        if view.deadline.is_none() && view.request.is_none() {
            return None;
        }
        let request = view.request.as_ref();
        Some(Self {
            id: id.to_string(),
            csrf,
            deadline: view.deadline.filter(|_| view.open).map(|d| tr.datetime(&d)),
            request: request.map(|r| {
                let who = view.filed_by.clone().unwrap_or_default();
                (
                    r.state.as_str(),
                    tr.t(&format!("redress-state-{}", r.state.as_str())),
                    r.statement.clone(),
                    tr.with("redress-filed", &[("who", who), ("when", tr.datetime(&r.filed_at))]),
                )
            }),
            outcome: request.and_then(|r| {
                let at = r.handled_at?;
                let who = view.handled_by.clone().unwrap_or_default();
                Some((tr.with("redress-handled", &[("who", who), ("when", tr.datetime(&at))]), r.reason.clone()?))
            }),
            may_file: team_proposer && view.open,
            may_handle: view.may_handle,
            typed: String::new(),
            error: None,
        })
    }
}

/// The team's request as the form sends it.
#[derive(Debug, Deserialize)]
pub struct StatementForm {
    #[serde(default)]
    statement: String,
}

/// Files the team's request: back to the proposal's page, or the page again with why not.
#[post("/proposals/{id}/redress")]
pub async fn file(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<StatementForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let typed = form.0.statement;
    let tr = Tr(visitor.locale);
    let (status, why) = match file_request(&state, actor, id, Some(typed.clone())).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/proposals/{id}?done=redress"))),
        Err(error) => crate::web::manage::refusal_in("redress", tr, error, "statement")?,
    };
    let message = why.message;
    let refusal = Refusal { message: message.clone(), missing: Vec::new() };
    let mut page = proposal_page(&state, &req, &mut visitor, id, None, Some(refusal)).await?;
    if let Some(panel) = page.redress.as_mut() {
        panel.typed = typed;
        panel.error = Some(message);
    }
    render(&state, &visitor, status, &page)
}
