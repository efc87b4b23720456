//! `/reviews/{id}`: one review, as its state asks — first the conflict-of-interest step (confirm none,
//! or decline with a reason; the proposal stays hidden until then), then the form, and once submitted
//! the review as sent with the other reviews of that version the blind rule lets its evaluator read.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::review::{AssignmentId, ReviewAction, ReviewState};
use domain::{DomainError, Pillar, Proposal, Rubric};
use persistence::ReviewView;
use serde::Deserialize;

use super::form::form_page;
use super::state_name;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::reviews::perform;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::rubric::{name_of, pillars};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// The review `id` as `actor` may read it, its proposal once the evaluator may read it, and the rubric.
pub async fn load(
    state: &AppState,
    actor: domain::Actor,
    id: AssignmentId,
) -> Result<(ReviewView, Option<Proposal>, Rubric), ApiError> {
    let store = state.store.clone();
    blocking(move || {
        let review = store.review_get(&actor, id)?;
        let cleared = review.assignment.conflict_confirmed_at.is_some() || !review.assignment.state.is_open();
        let proposal = if cleared { store.proposal_get(&actor, review.assignment.proposal_id).ok() } else { None };
        Ok::<_, persistence::StoreError>((review, proposal, store.rubric_current()?))
    })
    .await
}

/// The annexes of the version `review` is about, once its evaluator confirmed having no conflict of
/// interest (none before: the store refuses them too).
///
/// # Errors
/// As the store's read.
pub async fn annex_files(
    state: &AppState,
    actor: domain::Actor,
    review: &ReviewView,
    tr: Tr,
) -> Result<Vec<crate::web::proposals::annexes::AnnexFile>, ApiError> {
    let a = &review.assignment;
    if a.conflict_confirmed_at.is_none() {
        return Ok(Vec::new());
    }
    let (store, proposal, version) = (state.store.clone(), a.proposal_id, a.proposal_version);
    let (_, rules, annexes) = blocking(move || store.annexes_list(&actor, proposal)).await?;
    Ok(crate::web::proposals::annexes::files_of(tr, &rules, &annexes, version))
}

#[derive(Template)]
#[template(path = "web/reviews/conflict.html")]
struct ConflictPage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    version: i32,
    due: String,
    reason: String,
    errors: FieldErrors,
}

impl ConflictPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// A submitted review as its page shows it (the evaluator's own, or another's as the blind rule allows).
pub struct SentReview {
    /// Whose it is, as the reader may know it.
    pub label: String,
    /// Per pillar: name, score, comment.
    pub scores: Vec<(String, String, Option<String>)>,
    /// The overall comment.
    pub overall: Option<String>,
    /// The comment to the hub, where the reader may read it.
    pub confidential: Option<String>,
    /// The recommendation, in words.
    pub recommendation: Option<String>,
    /// Its ratings and the rating form, where the reader rates it (the version's rapporteur).
    pub rating: Option<crate::web::manage::RatingPanel>,
}

impl SentReview {
    /// The view of review `r` under `label`.
    pub fn new(
        tr: Tr,
        views: &[crate::web::rubric::PillarView],
        label: String,
        r: &domain::review::ReviewContent,
    ) -> Self {
        Self {
            label,
            scores: Pillar::ALL
                .iter()
                .map(|p| {
                    let score = r.scores[p.index()].map_or_else(|| "—".to_owned(), |s| tr.number(s.value(), 1));
                    (name_of(views, *p), score, r.comments.get(p).cloned())
                })
                .collect(),
            overall: r.overall_comment.clone(),
            confidential: r.confidential_comment.clone(),
            recommendation: r.recommendation.map(|x| tr.t(&format!("review-recommendation-{}", x.as_str()))),
            rating: None,
        }
    }
}

#[derive(Template)]
#[template(path = "web/reviews/sent.html")]
pub struct SentPage {
    l: Layout,
    csrf: String,
    /// A rating was just saved.
    rated: bool,
    title: String,
    proposal_id: String,
    version: i32,
    state: String,
    /// Why it closed without a review (declined, cancelled), in words.
    closed: Option<String>,
    mine: Option<SentReview>,
    /// The ratings of the reader's own submitted review, unsigned.
    ratings: Option<crate::web::manage::RatingPanel>,
    others: Vec<SentReview>,
    done: bool,
}

impl SentPage {
    /// The rating panel of the other review `id`, to show the refused form again.
    pub fn rating_of(&mut self, id: &str) -> Option<&mut crate::web::manage::RatingPanel> {
        self.others.iter_mut().filter_map(|r| r.rating.as_mut()).find(|p| p.id == id)
    }
}

/// The page of the reader's own submitted review `id` (after a rating refused on it).
///
/// # Errors
/// As the page.
pub async fn own_review_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    actor: domain::Actor,
    id: AssignmentId,
) -> Result<SentPage, ApiError> {
    let (review, _, rubric) = load(state, actor.clone(), id).await?;
    sent_page(state, req, visitor, actor, review, &rubric, false).await
}

/// `?done=submitted` after submitting, `?saved=1` after saving.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
    saved: Option<String>,
    rated: Option<String>,
}

/// The review's page.
#[get("/reviews/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<AssignmentId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require_scope(domain::Scope::ReviewsRead)?;
    let id = path.into_inner();
    let (review, proposal, rubric) = load(&state, actor.clone(), id).await?;
    let a = &review.assignment;
    let own = a.evaluator_id == actor.user_id;
    if own && a.state.is_open() && a.conflict_confirmed_at.is_none() {
        let page = conflict_page(&state, &req, &mut visitor, &review, String::new(), FieldErrors::default());
        return render(&state, &visitor, StatusCode::OK, &page);
    }
    if own && a.state.is_open() {
        let proposal = proposal.ok_or(ApiError::NoRoute)?;
        let annexes = annex_files(&state, actor, &review, Tr(visitor.locale)).await?;
        let mut page = form_page(&state, &req, &mut visitor, &review, &proposal, &rubric, None, FieldErrors::default());
        page.saved = query.saved.is_some();
        page.annexes = annexes;
        return render(&state, &visitor, StatusCode::OK, &page);
    }
    let mut page = sent_page(&state, &req, &mut visitor, actor, review, &rubric, query.done.is_some()).await?;
    page.rated = query.rated.is_some();
    render(&state, &visitor, StatusCode::OK, &page)
}

fn conflict_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    review: &ReviewView,
    reason: String,
    errors: FieldErrors,
) -> ConflictPage {
    let tr = Tr(visitor.locale);
    let csrf = visitor.csrf(state);
    ConflictPage {
        l: Layout::new(state, req, visitor, "reviews"),
        csrf,
        id: review.assignment.id.to_string(),
        title: review.proposal_title.clone(),
        version: review.assignment.proposal_version,
        due: tr.datetime(&review.assignment.due_at),
        reason,
        errors,
    }
}

async fn sent_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    actor: domain::Actor,
    review: ReviewView,
    rubric: &Rubric,
    done: bool,
) -> Result<SentPage, ApiError> {
    let tr = Tr(visitor.locale);
    let views = pillars(rubric, tr.0);
    let a = &review.assignment;
    let closed = match a.state {
        ReviewState::Declined => Some(tr.t("review-closed-declined")),
        ReviewState::Cancelled => Some(tr.t("review-closed-cancelled")),
        _ => None,
    };
    let mine =
        (a.state == ReviewState::Submitted).then(|| SentReview::new(tr, &views, tr.t("review-yours"), &a.content));
    let ratings = if a.state == ReviewState::Submitted && a.evaluator_id == actor.user_id {
        let (store, reader, id) = (state.store.clone(), actor.clone(), a.id);
        let view = blocking(move || store.review_ratings(&reader, id)).await?;
        Some(crate::web::manage::RatingPanel::of(tr, &view, actor.user_id)).filter(|p| !p.ratings.is_empty())
    } else {
        None
    };
    // The others of this version, as `GET /proposals/{id}/reviews` lets this reader see them.
    let others = if a.state == ReviewState::Submitted {
        let (store, proposal, me, reader) = (state.store.clone(), a.proposal_id, a.id, actor.clone());
        let version = a.proposal_version;
        let all = blocking(move || store.proposal_reviews(&reader, proposal)).await.unwrap_or_default();
        all.iter()
            .filter(|r| r.assignment.id != me && r.assignment.proposal_version == version)
            .filter(|r| r.assignment.state == ReviewState::Submitted)
            .enumerate()
            .map(|(i, r)| {
                let label = r.evaluator_name.clone().unwrap_or_else(|| tr.t1("review-other", "n", i + 1));
                (r.assignment.id, SentReview::new(tr, &views, label, &r.assignment.content))
            })
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    // The version's rapporteur rates the others' reviews here.
    let mut others = others;
    for (other, sent) in &mut others {
        let (store, reader, other) = (state.store.clone(), actor.clone(), *other);
        let found = blocking(move || match store.review_ratings(&reader, other) {
            Ok(view) => Ok(Some(view)),
            Err(persistence::StoreError::Domain(domain::DomainError::NotFound(_))) => Ok(None),
            Err(other) => Err(other),
        })
        .await?;
        sent.rating = found.filter(|v| v.may_rate).map(|v| {
            let mut panel = crate::web::manage::RatingPanel::of(tr, &v, actor.user_id);
            (panel.action, panel.from) = (format!("/reviews/{other}/rating"), Some(a.id.to_string()));
            panel
        });
    }
    let others = others.into_iter().map(|(_, sent)| sent).collect();
    Ok(SentPage {
        csrf: visitor.csrf(state),
        rated: false,
        title: review.proposal_title.clone(),
        proposal_id: a.proposal_id.to_string(),
        version: a.proposal_version,
        state: state_name(tr, a.state),
        closed,
        mine,
        ratings,
        others,
        done,
        l: Layout::new(state, req, visitor, "reviews"),
    })
}

/// Confirms having no conflict of interest: the proposal and the form open.
#[post("/reviews/{id}/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<AssignmentId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    perform(&state, actor, id, ReviewAction::ConfirmNoConflict, None).await?;
    Ok(see_other(&state, &visitor, &format!("/reviews/{id}")))
}

/// The decline form's reason.
#[derive(Debug, Deserialize)]
pub struct Reason {
    #[serde(default)]
    reason: String,
}

/// Declines the assignment, saying why (required).
#[post("/reviews/{id}/decline")]
pub async fn decline(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<AssignmentId>,
    form: Form<Reason>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let reason = form.0.reason;
    let given = Some(reason.clone()).filter(|r| !r.trim().is_empty());
    match perform(&state, actor.clone(), id, ReviewAction::Decline, given).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/reviews/{id}"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, |_| "reason".to_owned());
            let (review, _, _) = load(&state, actor, id).await?;
            let page = conflict_page(&state, &req, &mut visitor, &review, reason, errors);
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}
