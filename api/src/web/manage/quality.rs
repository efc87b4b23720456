//! Review quality on the pages (issue 19): the ratings and the hub's flags of a submitted review, with the
//! rating form for a hub manager on the proposal's page (`POST /manage/reviews/{id}/rating`, the same
//! function as `PUT /api/v1/reviews/{id}/rating`), the evaluator's own ratings on their review's page,
//! and an evaluator's quality record (`/manage/evaluators/{id}`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::quality::RatingLabel;
use domain::review::AssignmentId;
use domain::{ProposalId, UserId};
use persistence::{EvaluatorQuality, RatingsView};
use serde::Deserialize;

use super::manager;
use super::proposal::{Refusal, manage_page};
use super::refusal_in;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::quality::give_rating;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A review's ratings and flags as the pages show them, with the form where the reader may rate.
pub struct RatingPanel {
    /// The review's id (the fields' ids).
    pub id: String,
    /// Where the form posts: the manager's proposal page's handler, or the review pages' one.
    pub action: String,
    /// On the review pages, the reader's own review the form returns to.
    pub from: Option<String>,
    /// The hub's flags, in words.
    pub flags: Vec<String>,
    /// Each rating: its labels in words, the note, who and when (who: none for the evaluator).
    pub ratings: Vec<(Vec<String>, Option<String>, String)>,
    /// The form: every label with its name in words and whether it is ticked, where the reader may rate.
    pub form: Option<Vec<(&'static str, String, bool)>>,
    /// The note typed (or the reader's own, to change it).
    pub note: String,
    /// Why the form was refused.
    pub error: Option<String>,
}

impl RatingPanel {
    /// The panel of `view` for the reader `me`.
    pub fn of(tr: Tr, view: &RatingsView, me: UserId) -> Self {
        let label = |l: RatingLabel| tr.t(&format!("rating-label-{}", l.as_str().replace('_', "-")));
        let mine = view.ratings.iter().find(|(r, _)| r.rater == me).map(|(r, _)| &r.content);
        Self {
            id: view.review.to_string(),
            action: format!("/manage/proposals/{}/reviews/{}/rating", view.proposal, view.review),
            from: None,
            flags: view.flags.iter().map(|f| tr.t(&format!("rating-flag-{}", f.as_str().replace('_', "-")))).collect(),
            ratings: view
                .ratings
                .iter()
                .map(|(r, who)| {
                    let when = tr.datetime(&r.at);
                    let by = match who {
                        Some(name) => tr.with("rating-by", &[("who", name.clone()), ("when", when)]),
                        None => when,
                    };
                    (r.content.labels.iter().map(|l| label(*l)).collect(), r.content.note.clone(), by)
                })
                .collect(),
            form: view.may_rate.then(|| {
                RatingLabel::ALL
                    .iter()
                    .map(|l| (l.as_str(), label(*l), mine.is_some_and(|m| m.labels.contains(l))))
                    .collect()
            }),
            note: mine.and_then(|m| m.note.clone()).unwrap_or_default(),
            error: None,
        }
    }
}

/// The rating as the form sends it: a ticked box per label (`label-helpful=on`…), and the note.
#[derive(Debug, Deserialize)]
pub struct RatingForm {
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

impl RatingForm {
    fn typed(&self) -> (Vec<String>, String) {
        (self.labels(), self.fields.get("note").cloned().unwrap_or_default())
    }

    fn labels(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .filter_map(|(k, _)| k.strip_prefix("label-").map(str::to_owned))
            .collect()
    }
}

/// Rates a review from the manager's proposal page: back to it, or the page again with why not.
#[post("/manage/proposals/{proposal}/reviews/{id}/rating")]
pub async fn rate(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(ProposalId, AssignmentId)>,
    form: Form<RatingForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let (proposal, id) = path.into_inner();
    let (labels, note) = form.0.typed();
    let tr = Tr(visitor.locale);
    let (status, refusal) = match give_rating(&state, actor, id, &labels, Some(&note)).await {
        Ok(_) => {
            return Ok(see_other(&state, &visitor, &format!("/manage/proposals/{proposal}?done=rated#rating-{id}")));
        }
        Err(error) => refusal_in("rating", tr, error, "labels")?,
    };
    let message = refusal.message.clone();
    let refusal = Refusal { field: None, ..refusal };
    let mut page =
        manage_page(&state, &req, &mut visitor, proposal, None, Some(refusal), (String::new(), String::new())).await?;
    if let Some(panel) = page.rating_of(&id.to_string()) {
        panel.refused(message, labels, note);
    }
    render(&state, &visitor, status, &page)
}

impl RatingPanel {
    /// The form again, refused with `message`, as it was sent.
    pub fn refused(&mut self, message: String, labels: Vec<String>, note: String) {
        self.note = note;
        self.error = Some(message);
        if let Some(form) = self.form.as_mut() {
            form.iter_mut().for_each(|(key, _, ticked)| *ticked = labels.iter().any(|l| l == key));
        }
    }
}

/// Rates a review from the rater's own review page (the version's rapporteur, who reads the others'
/// reviews there): back to it, or the page again with why not.
#[post("/reviews/{id}/rating")]
pub async fn rate_from_review(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<AssignmentId>,
    form: Form<RatingForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let from: AssignmentId = form.0.fields.get("from").and_then(|f| f.parse().ok()).ok_or(ApiError::NoRoute)?;
    let (labels, note) = form.0.typed();
    let tr = Tr(visitor.locale);
    let (status, refusal) = match give_rating(&state, actor.clone(), id, &labels, Some(&note)).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/reviews/{from}?rated=1#rating-{id}"))),
        Err(error) => refusal_in("rating", tr, error, "labels")?,
    };
    let mut page = crate::web::reviews::own_review_page(&state, &req, &mut visitor, actor, from).await?;
    if let Some(panel) = page.rating_of(&id.to_string()) {
        panel.refused(refusal.message, labels, note);
    }
    render(&state, &visitor, status, &page)
}

#[derive(Template)]
#[template(path = "web/manage/evaluator.html")]
struct RecordPage {
    l: Layout,
    name: String,
    submitted: usize,
    on_time: usize,
    /// Label in words, count.
    labels: Vec<(String, usize)>,
    /// Flag in words, count.
    flags: Vec<(String, usize)>,
    leniency: Option<String>,
    distance: Option<String>,
    merit: String,
}

/// An evaluator's quality record.
#[get("/manage/evaluators/{id}")]
pub async fn record(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    let EvaluatorQuality { name, record, .. } = blocking(move || store.evaluator_quality(&actor, id)).await?;
    let tr = Tr(visitor.locale);
    let page = RecordPage {
        name,
        submitted: record.submitted,
        on_time: record.on_time,
        labels: RatingLabel::ALL
            .iter()
            .map(|l| {
                let name = tr.t(&format!("rating-label-{}", l.as_str().replace('_', "-")));
                (name, record.labels.get(l).copied().unwrap_or(0))
            })
            .collect(),
        flags: domain::quality::ReviewFlag::ALL
            .iter()
            .map(|f| {
                let name = tr.t(&format!("rating-flag-{}", f.as_str().replace('_', "-")));
                (name, record.flags.get(f).copied().unwrap_or(0))
            })
            .collect(),
        leniency: record.leniency.map(|x| tr.number(x, 2)),
        distance: record.consensus_distance.map(|x| tr.number(x, 2)),
        merit: tr.number(record.merit(), 2),
        l: Layout::new(&state, &req, &mut visitor, "manage"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
