//! The notice of the grounds on the pages (issue 19; L. 241/1990 art. 10-bis): one panel, shown to the
//! team on the proposal's page (with the form for its observations while the term runs), to the hub
//! manager on the decision's page, and in the evaluation summary; and the team's form's handler, the
//! same function as `POST /api/v1/proposals/{id}/notice/observations`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, Utc};
use domain::ProposalId;
use domain::term::TermStage;
use persistence::NoticeView;
use serde::Deserialize;

use super::page::{Refusal, proposal_page};
use crate::error::ApiError;
use crate::routes::notices::send_observations;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Tr, Visitor, render, see_other};

/// A notice as the pages show it.
pub struct NoticePanel {
    /// `running`, `answered` or `lapsed`.
    pub stage: &'static str,
    /// Where it stands, in words.
    pub stage_name: String,
    /// The grounds.
    pub grounds: String,
    /// Who gave notice, and when.
    pub notified: String,
    /// The end of the term.
    pub due: String,
    /// The team's observations, with who sent them and when.
    pub observations: Option<(String, String)>,
    /// The rejection's reply to them.
    pub reply: Option<String>,
    /// Whether the reader may send observations now (the form).
    pub may_observe: bool,
    /// What the reader had typed, when the form was refused.
    pub typed: String,
    /// Why the form was refused.
    pub error: Option<String>,
}

impl NoticePanel {
    /// The panel of `view`'s notice at `now` (none before notice is given); `may_observe` when the
    /// reader is a proposer of the team.
    pub fn of(tr: Tr, view: &NoticeView, now: DateTime<Utc>, team_proposer: bool) -> Option<Self> {
        let n = view.notice.as_ref()?;
        let stage = n.stage(now);
        let who = view.notified_by.clone().unwrap_or_default();
        Some(Self {
            stage: stage.as_str(),
            stage_name: tr.t(&format!("notice-stage-{}", stage.as_str())),
            grounds: n.grounds.clone(),
            notified: tr.with("notice-notified", &[("who", who), ("when", tr.datetime(&n.notified_at))]),
            due: tr.datetime(&n.due_at),
            observations: n.observations.as_ref().map(|o| {
                let who = view.observed_by.clone().unwrap_or_default();
                (o.text.clone(), tr.with("notice-observed", &[("who", who), ("when", tr.datetime(&o.at))]))
            }),
            reply: n.reply.clone(),
            may_observe: team_proposer && stage == TermStage::Running,
            typed: String::new(),
            error: None,
        })
    }
}

/// The team's observations as the form sends them.
#[derive(Debug, Deserialize)]
pub struct ObservationsForm {
    #[serde(default)]
    observations: String,
}

/// Sends the team's observations: back to the proposal's page, or the page again with why not.
#[post("/proposals/{id}/observations")]
pub async fn observe(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<ObservationsForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let typed = form.0.observations;
    let tr = Tr(visitor.locale);
    let (status, why) = match send_observations(&state, actor, id, Some(typed.clone())).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/proposals/{id}?done=observed"))),
        Err(error) => crate::web::manage::refusal_in("notice", tr, error, "observations")?,
    };
    let message = why.message;
    let refusal = Refusal { message: message.clone(), missing: Vec::new() };
    let mut page = proposal_page(&state, &req, &mut visitor, id, None, Some(refusal)).await?;
    if let Some(panel) = page.grounds_notice.as_mut() {
        panel.typed = typed;
        panel.error = Some(message);
    }
    render(&state, &visitor, status, &page)
}
