//! `/manage/proposals/{id}`: a proposal as a hub manager works on it — every field, its organisation
//! and team, the moves its state allows (screening, revision request, assignment, decision), its
//! assignments of every version with the reviews the blind rule lets the reader read, and its history.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::review::ReviewState;
use domain::{DomainError, ProposalId, ProposalState};
use serde::Deserialize;

use super::manager;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::proposals::{ContentView, pillars, state_name, team_names};
use crate::web::public::localized;
use crate::web::reviews::SentReview;
use crate::web::{Layout, Tr, Visitor, render};

/// An assignment as the page lists it.
pub struct AssignmentRow {
    id: String,
    evaluator: String,
    version: i32,
    state: String,
    due: String,
    /// `overdue` when open past its due date.
    overdue: bool,
    /// Whether it may be removed (no review submitted, still open).
    removable: bool,
    /// The review, once submitted and readable.
    review: Option<SentReview>,
    /// Its ratings and the hub's flags, with the rating form.
    rating: Option<super::quality::RatingPanel>,
}

/// Why the last form was refused: the message, and the field it is about.
pub struct Refusal {
    /// What happened, in the visitor's language.
    pub message: String,
    /// The form field it is about (its id), for the link and the message beside it.
    pub field: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "web/manage/proposal.html")]
pub struct ManagePage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    state: (&'static str, String),
    version: i32,
    organization: (String, String),
    challenge: Option<(String, String)>,
    team: Vec<String>,
    submitted: Option<String>,
    c: ContentView,
    assignments: Vec<AssignmentRow>,
    screen: bool,
    revise: bool,
    review_moves: bool,
    decided: bool,
    notice: Option<String>,
    refusal: Option<Refusal>,
    /// What the visitor had typed in the refused form: (field, text).
    typed: (String, String),
    /// Other organisations' proposals like it: (page, title, organisation, challenge, state, similarity).
    similar: Vec<SimilarRow>,
    /// The reuse check: the catalogue services like it, beside the team's answer.
    services: Vec<crate::web::proposals::SimilarView>,
    /// The team's request for review of a rejection, with the form to handle it.
    pub redress: Option<crate::web::proposals::RedressPanel>,
    /// The team's response to the reviews, once they are in (for a manager who reads them).
    pub response: Option<crate::web::proposals::ResponsePanel>,
}

/// A similar proposal as the screening page lists it.
pub struct SimilarRow {
    href: String,
    title: String,
    organization: String,
    challenge: String,
    state: String,
    figure: String,
}

impl ManagePage {
    /// The rating panel of review `id`, to show the refused form again.
    pub fn rating_of(&mut self, id: &str) -> Option<&mut super::quality::RatingPanel> {
        self.assignments.iter_mut().find(|a| a.id == id).and_then(|a| a.rating.as_mut())
    }

    /// The refusal's message beside `field`, if it is about it.
    pub fn error_of(&self, field: &str) -> Option<&str> {
        self.refusal.as_ref().filter(|r| r.field == Some(field)).map(|r| r.message.as_str())
    }

    /// What the visitor had typed into `field`.
    pub fn typed_in(&self, field: &str) -> &str {
        if self.typed.0 == field { &self.typed.1 } else { "" }
    }
}

/// The page of proposal `id` for the hub manager, with what was just done or refused.
///
/// # Errors
/// `forbidden` for anyone but hub managers; `not_found`.
pub async fn manage_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: ProposalId,
    notice: Option<String>,
    refusal: Option<Refusal>,
    typed: (String, String),
) -> Result<ManagePage, ApiError> {
    let actor = manager(visitor, req)?;
    let store = state.store.clone();
    let (p, assignments, rubric, challenge, organization, team, (similar, services), (redress, response, ratings)) =
        blocking(move || {
            let p = store.proposal_get(&actor, id)?;
            let similar = (store.proposal_similar_proposals(&actor, id)?, store.proposal_similar_services(&actor, id)?);
            let assignments = store.assignments_list(&actor, id)?;
            let challenge = store.challenge_get(Some(&actor), &p.challenge_id.to_string()).ok();
            let organization = p.organization_id.to_string();
            let names = store.organizations_named(&actor, std::slice::from_ref(&organization))?;
            let mut people: Vec<_> = p.team.iter().copied().collect();
            people.push(p.created_by);
            let team = store.people_named(&actor, &people)?;
            let organization = (names.get(&organization).cloned().unwrap_or_default(), organization);
            let mut ratings = std::collections::BTreeMap::new();
            for a in assignments.iter().filter(|r| r.assignment.state == ReviewState::Submitted) {
                match store.review_ratings(&actor, a.assignment.id) {
                    Ok(view) => {
                        ratings.insert(a.assignment.id, view);
                    }
                    Err(persistence::StoreError::Domain(DomainError::NotFound(_))) => {}
                    Err(other) => return Err(other),
                }
            }
            let procedure = (store.redress_get(&actor, id)?, store.response_seen(&actor, id)?, ratings);
            Ok((p, assignments, store.rubric_current()?, challenge, organization, team, similar, procedure))
        })
        .await?;
    let tr = Tr(visitor.locale);
    let views = pillars(&rubric, tr.0);
    let now = state.store.now();
    let me = visitor.person(req)?.actor.user_id;
    let mut authors = vec![p.created_by];
    authors.extend(p.team.iter().filter(|m| **m != p.created_by));
    let assignments = assignments
        .into_iter()
        .rev()
        .map(|r| {
            let a = &r.assignment;
            AssignmentRow {
                id: a.id.to_string(),
                evaluator: r.evaluator_name.clone().unwrap_or_else(|| a.evaluator_id.to_string()),
                version: a.proposal_version,
                state: crate::web::reviews::state_name(tr, a.state),
                due: tr.datetime(&a.due_at),
                overdue: a.state.is_open() && a.due_at < now,
                removable: a.state.is_open() && a.proposal_version == p.version,
                review: (a.state == ReviewState::Submitted)
                    .then(|| SentReview::new(tr, &views, r.evaluator_name.clone().unwrap_or_default(), &a.content)),
                rating: ratings.get(&a.id).map(|v| super::quality::RatingPanel::of(tr, v, me)),
            }
        })
        .collect();
    let similar = similar
        .into_iter()
        .map(|s| SimilarRow {
            href: format!("/manage/proposals/{}", s.id),
            title: s.title,
            organization: s.organization_name,
            challenge: s.challenge_title,
            state: state_name(tr, s.state),
            figure: crate::web::similarity_figure(tr, s.similarity),
        })
        .collect();
    let csrf = visitor.csrf(state);
    Ok(ManagePage {
        response: response.as_ref().and_then(|r| crate::web::proposals::ResponsePanel::of(tr, &views, r, now)),
        redress: crate::web::proposals::RedressPanel::of(tr, &redress, id, csrf, false),
        similar,
        services: crate::web::proposals::similar_views(tr, services),
        csrf: visitor.csrf(state),
        id: id.to_string(),
        title: p.content.title.clone(),
        state: (p.state.as_str(), state_name(tr, p.state)),
        version: p.version,
        organization,
        challenge: challenge.map(|c| {
            (
                format!("/manage/challenges/{}/ranking", c.content.slug),
                localized(tr.0, &c.content.title_it, c.content.title_en.as_deref()),
            )
        }),
        team: team_names(&authors.into_iter().collect(), &team),
        submitted: p.submitted_at.map(|at| tr.datetime(&at)),
        c: ContentView::new(tr, &views, &p.content),
        assignments,
        screen: p.state == ProposalState::Submitted,
        revise: matches!(p.state, ProposalState::Submitted | ProposalState::UnderReview),
        review_moves: p.state == ProposalState::UnderReview,
        decided: matches!(p.state, ProposalState::Accepted | ProposalState::Rejected | ProposalState::Promoted),
        notice,
        refusal,
        typed,
        l: Layout::new(state, req, visitor, "manage"),
    })
}

/// `?done=`: what was just done.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The page.
#[get("/manage/proposals/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    const DONE: [&str; 11] = [
        "eligible",
        "ineligible",
        "revision",
        "assigned",
        "removed",
        "accepted",
        "rejected",
        "notified",
        "redress-upheld",
        "redress-rejected",
        "rated",
    ];
    let tr = Tr(visitor.locale);
    let notice = query.done.as_deref().filter(|d| DONE.contains(d)).map(|d| tr.t(&format!("manage-done-{d}")));
    let page = manage_page(&state, &req, &mut visitor, path.into_inner(), notice, None, (String::new(), String::new()))
        .await?;
    render(&state, &visitor, StatusCode::OK, &page)
}
