//! The team's response to the reviews on the pages (issue 19): one panel, shown to the team on its
//! proposal's page with the anonymised reviews and the form while the term runs, and to the panel and the
//! hub managers (the consensus page, the manager's proposal page) with the response; and the team's
//! form's handler, the same function as `POST /api/v1/proposals/{id}/response`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, Utc};
use domain::ProposalId;
use domain::term::TermStage;
use persistence::ResponseView;
use serde::Deserialize;

use super::feedback::{ReviewView, review_views};
use super::page::{Refusal, proposal_page};
use crate::error::ApiError;
use crate::routes::responses::send_response;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::rubric::PillarView;
use crate::web::{Tr, Visitor, render, see_other};

/// The team's response as the pages show it.
pub struct ResponsePanel {
    /// The proposal's id (the form's action).
    pub id: String,
    /// `running`, `answered` or `lapsed`.
    pub stage: &'static str,
    /// Where it stands, in words.
    pub stage_name: String,
    /// When the reviews came in.
    pub opened: String,
    /// The end of the term.
    pub due: String,
    /// Whether the team reads the reviews' scores.
    pub with_scores: bool,
    /// The reviews it answers, anonymised (for the team; the panel and the managers read them elsewhere).
    pub reviews: Vec<ReviewView>,
    /// The team's response, with who sent it and when.
    pub answer: Option<(String, String)>,
    /// Whether the reader may answer now (the form).
    pub may_answer: bool,
    /// What the reader had typed, when the form was refused.
    pub typed: String,
    /// Why the form was refused.
    pub error: Option<String>,
}

impl ResponsePanel {
    /// The panel of `view`'s window at `now` (none before the reviews are in); the reviews listed for the
    /// team only.
    pub fn of(tr: Tr, pillars: &[PillarView], view: &ResponseView, now: DateTime<Utc>) -> Option<Self> {
        let w = view.window.as_ref()?;
        let stage = w.stage(now);
        let shown = crate::routes::responses::stage_name(stage, view.open);
        let reviews = if view.team { review_views(tr, pillars, &view.reviews) } else { Vec::new() };
        Some(Self {
            id: view.proposal_id.to_string(),
            stage: shown,
            stage_name: tr.t(&format!("response-stage-{shown}")),
            opened: tr.datetime(&w.opened_at),
            due: tr.datetime(&w.due_at),
            with_scores: w.scores,
            reviews,
            answer: w.answer.as_ref().map(|a| {
                let who = view.answered_by.clone().unwrap_or_default();
                (a.text.clone(), tr.with("response-answered", &[("who", who), ("when", tr.datetime(&a.at))]))
            }),
            may_answer: view.team && view.open && stage == TermStage::Running,
            typed: String::new(),
            error: None,
        })
    }
}

/// The team's response as the form sends it.
#[derive(Debug, Deserialize)]
pub struct ResponseForm {
    #[serde(default)]
    response: String,
}

/// Sends the team's response: back to the proposal's page, or the page again with why not.
#[post("/proposals/{id}/response")]
pub async fn answer(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<ResponseForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let typed = form.0.response;
    let tr = Tr(visitor.locale);
    let (status, why) = match send_response(&state, actor, id, Some(typed.clone())).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/proposals/{id}?done=responded"))),
        Err(error) => crate::web::manage::refusal_in("response", tr, error, "response")?,
    };
    let message = why.message;
    let refusal = Refusal { message: message.clone(), missing: Vec::new() };
    let mut page = proposal_page(&state, &req, &mut visitor, id, None, Some(refusal)).await?;
    if let Some(panel) = page.response.as_mut() {
        panel.typed = typed;
        panel.error = Some(message);
    }
    render(&state, &visitor, status, &page)
}
