//! `/proposals/{id}`: the proposal with every field, its state and version, the moves the state allows
//! its reader, the revision request's note; its history and its submitted versions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{Challenge, Proposal, ProposalAction, ProposalContent, ProposalId, ProposalState, UserId};
use serde::Deserialize;

use super::{FieldMessage, PillarView, assessments, decided, euro, may, pillars, revision_note, state_name};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::public::localized;
use crate::web::{Layout, Tr, Visitor, render};

/// What a proposal says, as the pages show it.
pub struct ContentView {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: Option<String>,
    /// The description as safe HTML.
    pub description: Option<String>,
    /// TRL.
    pub trl: Option<u8>,
    /// Requested budget, in euro.
    pub budget: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Each pillar's name and self-assessment.
    pub assessments: Vec<(String, Option<String>)>,
    /// How it differs from the catalogue's similar services (the reuse check).
    pub reuse_assessment: Option<String>,
}

impl ContentView {
    /// The view of `content`.
    pub fn new(tr: Tr, pillars: &[PillarView], content: &ProposalContent) -> Self {
        Self {
            title: content.title.clone(),
            summary: content.summary.clone(),
            description: content.description.as_deref().map(|d| crate::web::markdown::render(d, 2)),
            trl: content.trl,
            budget: content.budget_cents.map(|c| euro(tr, c)),
            tags: content.tags.iter().cloned().collect(),
            assessments: assessments(pillars, content),
            reuse_assessment: content.reuse_assessment.clone(),
        }
    }
}

/// A proposal as its page shows it.
pub struct ProposalView {
    /// Id.
    pub id: String,
    /// Content.
    pub c: ContentView,
    /// The challenge's page and title.
    pub challenge: Option<(String, String)>,
    /// State's key and name.
    pub state: (&'static str, String),
    /// Version.
    pub version: i32,
    /// Co-authors' names.
    pub team: Vec<String>,
    /// Created, last changed, last submitted.
    pub created: String,
    /// Last changed.
    pub updated: String,
    /// Last submitted.
    pub submitted: Option<String>,
}

impl ProposalView {
    /// The view of `p`.
    pub fn new(
        tr: Tr,
        pillars: &[PillarView],
        p: &Proposal,
        members: &[(UserId, String)],
        challenge: Option<&Challenge>,
    ) -> Self {
        Self {
            id: p.id.to_string(),
            c: ContentView::new(tr, pillars, &p.content),
            challenge: challenge.map(|c| {
                (
                    format!("/challenges/{}", c.content.slug),
                    localized(tr.0, &c.content.title_it, c.content.title_en.as_deref()),
                )
            }),
            state: (p.state.as_str(), state_name(tr, p.state)),
            version: p.version,
            team: super::team_names(&p.team, members),
            created: tr.datetime(&p.created_at),
            updated: tr.datetime(&p.updated_at),
            submitted: p.submitted_at.map(|at| tr.datetime(&at)),
        }
    }
}

/// Why a move was refused, shown above the proposal.
pub struct Refusal {
    /// What happened.
    pub message: String,
    /// The fields still missing, each linking to its input on the edit page.
    pub missing: Vec<FieldMessage>,
}

/// The moves the reader may make now.
#[derive(Default)]
pub struct Moves {
    /// Edit.
    pub edit: bool,
    /// Submit.
    pub submit: bool,
    /// Resubmit.
    pub resubmit: bool,
    /// Withdraw.
    pub withdraw: bool,
    /// Read the feedback.
    pub feedback: bool,
}

#[derive(Template)]
#[template(path = "web/proposals/show.html")]
pub struct ProposalPage {
    l: Layout,
    csrf: String,
    p: ProposalView,
    moves: Moves,
    revision_note: Option<String>,
    notice: Option<String>,
    refusal: Option<Refusal>,
    /// While the team may edit it: the catalogue services like it.
    similar: Option<Vec<SimilarView>>,
    /// The notice of the grounds on the current version, for its team and hub managers.
    pub grounds_notice: Option<super::notice::NoticePanel>,
    /// The observations form's proposal id and CSRF token.
    notice_form: Option<(String, String)>,
    /// The request for review of a rejection, with the team's form while the term runs.
    pub redress: Option<super::RedressPanel>,
    /// The team's response to the reviews, with the reviews and its form while the term runs.
    pub response: Option<super::ResponsePanel>,
    /// The annexes: the working copy to its team, the current version's once submitted.
    annexes: Option<super::annexes::ReadPanel>,
}

/// A catalogue service like the proposal, as the reuse check lists it: its page, name, summary and
/// similarity figure.
pub type SimilarView = (String, String, String, String);

/// The reuse check's services as the pages list them, in the visitor's language.
pub fn similar_views(tr: Tr, found: Vec<persistence::SimilarService>) -> Vec<SimilarView> {
    found
        .into_iter()
        .map(|s| {
            let c = s.service.content;
            let summary = localized(tr.0, &c.short_description_it, c.short_description_en.as_deref());
            (format!("/catalogue/{}", c.slug), c.name, summary, crate::web::similarity_figure(tr, s.similarity))
        })
        .collect()
}

/// `?done=`: what was just done.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The page of proposal `id` for the visitor, with what was just done or refused.
///
/// # Errors
/// `not_found` for a proposal the visitor may not see.
pub async fn proposal_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: ProposalId,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Result<ProposalPage, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    let store = state.store.clone();
    let reader = actor.clone();
    let (p, steps, members, rubric, challenge, similar, (grounds, response, annexes)) = blocking(move || {
        let p = store.proposal_get(&reader, id)?;
        let steps = store.proposal_history(&reader, id)?;
        let challenge = store.challenge_get(Some(&reader), &p.challenge_id.to_string()).ok();
        let own = reader.organization_id == p.organization_id && p.state.is_editable();
        let similar = if own { Some(store.proposal_similar_services(&reader, id)?) } else { None };
        let grounds = if p.record_readable_by(&reader) {
            Some((store.notice_get(&reader, id)?, store.redress_get(&reader, id)?))
        } else {
            None
        };
        let response = if p.is_team(&reader) { Some(store.response_get(&reader, id)?) } else { None };
        let (_, rules, annexes) = store.annexes_list(&reader, id)?;
        let procedure = (grounds, response, (rules, annexes));
        Ok((p, steps, store.organization_members(&reader)?, store.rubric_current()?, challenge, similar, procedure))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let own = actor.organization_id == p.organization_id && actor.has_role(domain::Role::Proposer);
    let moves = Moves {
        edit: own && p.state.is_editable(),
        submit: may(&actor, &p, ProposalAction::Submit),
        resubmit: may(&actor, &p, ProposalAction::Resubmit),
        withdraw: may(&actor, &p, ProposalAction::Withdraw),
        feedback: decided(&steps),
    };
    let revision_note = (p.state == ProposalState::RevisionRequested).then(|| revision_note(&steps)).flatten();
    let pillar_views = pillars(&rubric, tr.0);
    let view = ProposalView::new(tr, &pillar_views, &p, &members, challenge.as_ref());
    let similar = similar.filter(|_| moves.edit).map(|found| similar_views(tr, found));
    let annexes = super::annexes::ReadPanel::of(tr, &p, moves.edit, &annexes.0, &annexes.1);
    let now = state.store.now();
    let grounds_notice = grounds.as_ref().and_then(|(g, _)| super::notice::NoticePanel::of(tr, g, now, own));
    let csrf = visitor.csrf(state);
    let redress = grounds.as_ref().and_then(|(_, r)| super::RedressPanel::of(tr, r, id, csrf.clone(), own));
    let response = response.as_ref().and_then(|r| super::ResponsePanel::of(tr, &pillar_views, r, now));
    Ok(ProposalPage {
        annexes,
        response,
        redress,
        grounds_notice,
        notice_form: Some((id.to_string(), csrf)),
        similar,
        csrf: visitor.csrf(state),
        l: Layout::new(state, req, visitor, "proposals"),
        p: view,
        moves,
        revision_note,
        notice,
        refusal,
    })
}

/// The proposal's page.
#[get("/proposals/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    const DONE: [&str; 8] =
        ["created", "saved", "submitted", "resubmitted", "withdrawn", "observed", "redress", "responded"];
    let tr = Tr(visitor.locale);
    let notice = query.done.as_deref().filter(|d| DONE.contains(d)).map(|d| tr.t(&format!("proposal-notice-{d}")));
    let page = proposal_page(&state, &req, &mut visitor, path.into_inner(), notice, None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// One step of the history as the page shows it.
pub struct Step {
    /// When.
    pub when: String,
    /// What.
    pub action: String,
    /// Who.
    pub who: String,
    /// The state after.
    pub to: String,
    /// Version after.
    pub version: i32,
    /// The note.
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "web/proposals/history.html")]
struct HistoryPage {
    l: Layout,
    id: String,
    title: String,
    steps: Vec<Step>,
    versions: Vec<i32>,
}

/// The proposal's history, oldest first, with links to its submitted versions.
#[get("/proposals/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let store = state.store.clone();
    let (p, entries) =
        blocking(move || Ok((store.proposal_get(&actor, id)?, store.proposal_history(&actor, id)?))).await?;
    let tr = Tr(visitor.locale);
    let steps = entries
        .iter()
        .map(|h| {
            let key = format!("proposal-action-{}", h.action.replace('_', "-"));
            let action = tr.t(&key);
            Step {
                when: tr.datetime(&h.occurred_at),
                action: if action == key { h.action.clone() } else { action },
                who: h.actor_name.clone().unwrap_or_else(|| tr.t("proposal-history-someone")),
                to: state_name(tr, h.to_state),
                version: h.version,
                note: h.note.clone(),
            }
        })
        .collect();
    let versions = if p.submitted_at.is_some() { (1..=p.version).collect() } else { Vec::new() };
    let page = HistoryPage {
        id: id.to_string(),
        title: p.content.title.clone(),
        steps,
        versions,
        l: Layout::new(&state, &req, &mut visitor, "proposals"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "web/proposals/version.html")]
struct VersionPage {
    l: Layout,
    id: String,
    version: i32,
    submitted: String,
    c: ContentView,
    /// The version's annexes.
    files: Vec<super::annexes::AnnexFile>,
}

/// A submitted version, as it was submitted.
#[get("/proposals/{id}/versions/{version}")]
pub async fn version(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(ProposalId, String)>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let (id, version) = path.into_inner();
    let version: i32 = version.parse().map_err(|_| ApiError::Domain(domain::DomainError::NotFound("version")))?;
    let store = state.store.clone();
    let ((content, submitted_at), rubric, (_, rules, annexes)) = blocking(move || {
        Ok((store.proposal_version(&actor, id, version)?, store.rubric_current()?, store.annexes_list(&actor, id)?))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let page = VersionPage {
        id: id.to_string(),
        version,
        submitted: tr.datetime(&submitted_at),
        files: super::annexes::files_of(tr, &rules, &annexes, version),
        c: ContentView::new(tr, &pillars(&rubric, tr.0), &content),
        l: Layout::new(&state, &req, &mut visitor, "proposals"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
