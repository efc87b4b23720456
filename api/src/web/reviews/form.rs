//! The review form: per pillar its level definitions beside a half-point score control and a comment,
//! the overall comment to the team, the confidential one to the hub, the recommendation. One POST saves
//! the draft (`intent=save`), saves then submits (`intent=submit`, listing what is missing), or — from
//! the page's script, every few seconds — saves and answers in JSON (`intent=autosave`). The form carries
//! the revision it was read at: a second window's older copy overwrites nothing (`PUT /reviews/{id}`
//! with `If-Match`).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use askama::Template;
use domain::review::{AssignmentId, ReviewAction};
use domain::{DomainError, FieldError, Pillar, Proposal, Rubric};
use persistence::ReviewView;

use crate::error::ApiError;
use crate::routes::reviews::{ReviewRequest, perform, save_draft};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::proposals::ContentView;
use crate::web::rubric::{PillarView, pillars};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// The scores a pillar may get, as the control offers them.
const SCORES: [&str; 11] = ["0", "0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5"];

/// What the form holds (as saved, or as typed when it comes back).
#[derive(Debug, Default, Clone)]
pub struct Typed {
    revision: String,
    scores: BTreeMap<String, String>,
    comments: BTreeMap<String, String>,
    overall: String,
    confidential: String,
    recommendation: String,
}

impl Typed {
    fn saved(review: &ReviewView) -> Self {
        let c = &review.assignment.content;
        Self {
            revision: review.assignment.revision.to_string(),
            scores: Pillar::ALL
                .iter()
                .filter_map(|p| c.scores[p.index()].map(|s| (p.key().to_owned(), score_value(s.value()))))
                .collect(),
            comments: c.comments.iter().map(|(p, t)| (p.key().to_owned(), t.clone())).collect(),
            overall: c.overall_comment.clone().unwrap_or_default(),
            confidential: c.confidential_comment.clone().unwrap_or_default(),
            recommendation: c.recommendation.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        }
    }

    fn posted(pairs: &[(String, String)]) -> Self {
        let one = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
        let per = |prefix: &str| {
            Pillar::ALL
                .iter()
                .map(|p| (p.key().to_owned(), one(&format!("{prefix}-{}", p.key()))))
                .filter(|(_, v)| !v.is_empty())
                .collect()
        };
        Self {
            revision: one("revision"),
            scores: per("score"),
            comments: per("comment"),
            overall: one("overall_comment"),
            confidential: one("confidential_comment"),
            recommendation: one("recommendation"),
        }
    }

    /// The draft the fields ask for (what is not a number is the form's own error).
    fn request(&self) -> (ReviewRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let scores = self
            .scores
            .iter()
            .map(|(k, v)| match v.replace(',', ".").parse::<f64>() {
                Ok(n) => (k.clone(), Some(n)),
                Err(_) => {
                    errors.push(FieldError::new(format!("scores.{k}"), "not_half_points", "is not a score"));
                    (k.clone(), None)
                }
            })
            .collect();
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.trim().is_empty());
        let request = ReviewRequest {
            scores,
            comments: self.comments.clone(),
            overall_comment: text(&self.overall),
            confidential_comment: text(&self.confidential),
            recommendation: text(&self.recommendation),
        };
        (request, errors)
    }
}

/// A score as the control's value names it: "3", "3.5".
fn score_value(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// One pillar's part of the form.
pub struct PillarPart {
    key: &'static str,
    score_id: String,
    comment_id: String,
    name: String,
    about: String,
    levels: Vec<(u8, String)>,
    /// (value, words, checked).
    scores: Vec<(&'static str, String, bool)>,
    /// No score chosen yet.
    unscored: bool,
    comment: String,
}

#[derive(Template)]
#[template(path = "web/reviews/form.html")]
pub struct FormPage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    version: i32,
    due: String,
    saved_at: String,
    c: ContentView,
    parts: Vec<PillarPart>,
    /// (value, words) of each recommendation.
    recommendations: Vec<(&'static str, String)>,
    t: Typed,
    errors: FieldErrors,
    /// A save refused because the draft changed elsewhere.
    stale: bool,
    /// Just saved with the button.
    pub saved: bool,
    /// The annexes of the version reviewed (the evaluator confirmed having no conflict).
    pub annexes: Vec<crate::web::proposals::annexes::AnnexFile>,
}

impl FormPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// The input id of a field the domain names.
fn input_id(field: &str) -> String {
    match field.split_once('.') {
        Some(("scores", key)) => format!("score-{key}"),
        Some(("comments", key)) => format!("comment-{key}"),
        _ => field.to_owned(),
    }
}

/// The form for `review` (typed: what came back; else the saved draft).
#[expect(clippy::too_many_arguments, reason = "the page's parts, each needed")]
pub fn form_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    review: &ReviewView,
    proposal: &Proposal,
    rubric: &Rubric,
    typed: Option<Typed>,
    errors: FieldErrors,
) -> FormPage {
    let tr = Tr(visitor.locale);
    let views: Vec<PillarView> = pillars(rubric, tr.0);
    let t = typed.unwrap_or_else(|| Typed::saved(review));
    let parts = views
        .iter()
        .map(|v| {
            let chosen = t.scores.get(v.key).cloned().unwrap_or_default();
            PillarPart {
                key: v.key,
                score_id: format!("score-{}", v.key),
                comment_id: format!("comment-{}", v.key),
                name: v.name.clone(),
                about: v.about.clone(),
                levels: v.levels.clone(),
                scores: SCORES
                    .iter()
                    .map(|s| (*s, s.replace('.', if tr.0 == domain::Locale::It { "," } else { "." }), chosen == *s))
                    .collect(),
                unscored: chosen.is_empty(),
                comment: t.comments.get(v.key).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let a = &review.assignment;
    let csrf = visitor.csrf(state);
    FormPage {
        csrf,
        id: a.id.to_string(),
        title: review.proposal_title.clone(),
        version: a.proposal_version,
        due: tr.datetime(&a.due_at),
        saved_at: tr.datetime(&a.updated_at),
        c: ContentView::new(tr, &views, &proposal.content),
        parts,
        recommendations: ["accept", "revise", "reject"]
            .into_iter()
            .map(|r| (r, tr.t(&format!("review-recommendation-{r}"))))
            .collect(),
        t,
        stale: false,
        saved: false,
        annexes: Vec::new(),
        errors,
        l: Layout::new(state, req, visitor, "reviews"),
    }
}

/// Saves, submits or autosaves.
#[post("/reviews/{id}")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<AssignmentId>,
    form: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let intent = form.0.iter().find(|(n, _)| n == "intent").map_or("save", |(_, v)| v.as_str()).to_owned();
    let typed = Typed::posted(&form.0);
    let tr = Tr(visitor.locale);
    let (request, own_errors) = typed.request();
    let expected = typed.revision.parse::<i32>().ok();
    let saved = if own_errors.is_empty() {
        save_draft(&state, actor.clone(), id, request, expected).await
    } else {
        Err(ApiError::Domain(DomainError::Invalid(own_errors)))
    };
    if intent == "autosave" {
        return autosaved(tr, saved);
    }
    let refused = match saved {
        Ok(view) if intent == "submit" => match perform(&state, actor.clone(), id, ReviewAction::Submit, None).await {
            Ok(_) => return Ok(see_other(&state, &visitor, &format!("/reviews/{id}?done=submitted"))),
            Err(ApiError::Domain(DomainError::Invalid(fields))) => {
                let typed = Typed::saved(&view);
                (Some(typed), FieldErrors::from_domain(tr, &fields, input_id), false)
            }
            Err(other) => return Err(other),
        },
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/reviews/{id}?saved=1"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            (Some(typed), FieldErrors::from_domain(tr, &fields, input_id), false)
        }
        Err(ApiError::Domain(DomainError::PreconditionFailed(_))) => (Some(typed), FieldErrors::default(), true),
        Err(other) => return Err(other),
    };
    let (typed, errors, stale) = refused;
    let (review, proposal, rubric) = super::review::load(&state, actor.clone(), id).await?;
    let proposal = proposal.ok_or(ApiError::NoRoute)?;
    let annexes = super::review::annex_files(&state, actor, &review, tr).await?;
    let mut page = form_page(&state, &req, &mut visitor, &review, &proposal, &rubric, typed, errors);
    page.annexes = annexes;
    page.stale = stale;
    // A stale form keeps what was typed, at the revision now saved: sending it again overwrites knowingly.
    page.t.revision = review.assignment.revision.to_string();
    let status = if stale { StatusCode::PRECONDITION_FAILED } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(&state, &visitor, status, &page)
}

/// The script's answer to an autosave: the new revision and when, or why not.
fn autosaved(tr: Tr, saved: Result<ReviewView, ApiError>) -> Result<HttpResponse, ApiError> {
    Ok(match saved {
        Ok(view) => HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(serde_json::json!({
            "revision": view.assignment.revision,
            "message": tr.t1("review-saved-at", "time", tr.datetime(&view.assignment.updated_at)),
        })),
        Err(ApiError::Domain(DomainError::PreconditionFailed(_))) => {
            HttpResponse::PreconditionFailed().json(serde_json::json!({"message": tr.t("review-stale")}))
        }
        Err(ApiError::Domain(DomainError::Invalid(_))) => {
            HttpResponse::UnprocessableEntity().json(serde_json::json!({"message": tr.t("review-autosave-invalid")}))
        }
        Err(ApiError::Domain(DomainError::Conflict { .. })) => {
            HttpResponse::Conflict().json(serde_json::json!({"message": tr.t("review-autosave-closed")}))
        }
        Err(other) => return Err(other),
    })
}
