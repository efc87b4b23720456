//! `/proposals/{id}/summary`, the evaluation summary (access to the records, L. 241/1990 art. 22): the
//! decision, its rules, the scores it rested on, the final consensus report, the anonymised reviews and
//! the procedure's timeline, laid out to be printed; `/proposals/{id}/summary.json` downloads the same
//! record as `GET /api/v1/proposals/{id}/evaluation-summary` answers it. Both through that endpoint's
//! store method, as the person signed in.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{DomainError, Pillar, ProposalId};
use persistence::EvaluationSummary;

use super::feedback::{ReviewView, evaluator, review_views};
use super::{pillars, state_name};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::summary::EvaluationSummaryDto;
use crate::state::AppState;
use crate::web::{Layout, Tr, Visitor, render};

/// One pillar's row: the score the decision rested on beside the reviews' mean and the rules.
pub struct PillarRow {
    /// Its name.
    pub name: String,
    /// The score the decision rested on.
    pub score: String,
    /// The reviews' mean.
    pub reviews_mean: String,
    /// The threshold.
    pub threshold: String,
    /// The weight, in percent.
    pub weight: u8,
    /// Reached or not, in words.
    pub passes: String,
}

/// The final consensus report as printed.
pub struct ConsensusView {
    /// Per pillar: name, agreed score, justification.
    pub pillars: Vec<(String, String, String)>,
    /// The comment to the team.
    pub comment: Option<String>,
    /// When it was finalised.
    pub finalised_at: String,
    /// The panel's positions: "Valutatore 2", its stance in words, when.
    pub positions: Vec<(String, String, String)>,
}

/// One step of the timeline as printed.
pub struct StepView {
    /// When.
    pub at: String,
    /// What, in words.
    pub what: String,
    /// The version.
    pub version: i32,
    /// Who.
    pub by: Option<String>,
    /// The note.
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "web/proposals/summary.html")]
struct SummaryPage {
    l: Layout,
    id: String,
    title: String,
    organization: String,
    challenge: String,
    challenge_slug: String,
    version: i32,
    submitted_at: Option<String>,
    accepted: bool,
    decided_at: String,
    decided_by: Option<String>,
    rationale: Option<String>,
    override_reason: Option<String>,
    responsible: Option<String>,
    min_reviews: u8,
    consensus_rule: String,
    agreed: bool,
    rows: Vec<PillarRow>,
    weighted_total: Option<String>,
    reviews_total: Option<String>,
    overall_threshold: String,
    overall_passes: Option<String>,
    consensus: Option<ConsensusView>,
    reviews: Vec<ReviewView>,
    timeline: Vec<StepView>,
    generated_at: String,
    /// The notice of the grounds on the decided version, the observations and the reply.
    grounds_notice: Option<super::NoticePanel>,
    /// The panel's form (the team's, while the term runs): none in the record.
    notice_form: Option<(String, String)>,
    /// The decided version's annexes.
    files: Vec<super::annexes::AnnexFile>,
}

/// The summary of decided proposal `id` as the person signed in may read it.
async fn load(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: ProposalId,
) -> Result<EvaluationSummary, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    actor.require_scope(domain::Scope::ProposalsRead)?;
    let store = state.store.clone();
    blocking(move || store.evaluation_summary(&actor, id)).await
}

/// The printable page.
#[get("/proposals/{id}/summary")]
pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let s = load(&state, &req, &mut visitor, id).await?;
    let store = state.store.clone();
    let actor = visitor.person(&req)?.actor.clone();
    let (rubric, annexes) = blocking(move || {
        // A reader of the record who may not read the files (none today) gets the record without them.
        let annexes = match store.annexes_list(&actor, id) {
            Ok((_, rules, annexes)) => Some((rules, annexes)),
            Err(persistence::StoreError::Domain(DomainError::Forbidden(_) | DomainError::NotFound(_))) => None,
            Err(other) => return Err(other),
        };
        Ok((store.rubric_current()?, annexes))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let files = annexes
        .map(|(rules, annexes)| super::annexes::files_of(tr, &rules, &annexes, s.feedback.version))
        .unwrap_or_default();
    let views = pillars(&rubric, tr.0);
    let name = |p: Pillar| crate::web::rubric::name_of(&views, p);
    let f = &s.feedback;
    let settings = &f.settings;
    let passes = |yes: bool| tr.t(if yes { "proposal-feedback-passes" } else { "proposal-feedback-fails" });
    let rows = f.aggregate.as_ref().map_or_else(Vec::new, |a| {
        Pillar::ALL
            .iter()
            .map(|p| {
                let i = p.index();
                PillarRow {
                    name: name(*p),
                    score: tr.number(a.means[i], 2),
                    reviews_mean: tr.number(s.raw.as_ref().map_or(a.means[i], |r| r.means[i]), 2),
                    threshold: tr.number(settings.thresholds[i].value(), 1),
                    weight: settings.weights[i],
                    passes: passes(a.passes[i]),
                }
            })
            .collect()
    });
    let consensus = s.consensus.as_ref().map(|c| ConsensusView {
        pillars: Pillar::ALL
            .iter()
            .map(|p| (name(*p), tr.number(c.scores[p.index()], 1), c.justifications[p.index()].clone()))
            .collect(),
        comment: c.comment.clone(),
        finalised_at: tr.datetime(&c.finalised_at),
        positions: c
            .positions
            .iter()
            .map(|(label, stance, at)| {
                (evaluator(tr, label), tr.t(&format!("summary-stance-{}", stance.as_str())), tr.datetime(at))
            })
            .collect(),
    });
    let reviews = review_views(tr, &views, &f.reviews);
    let timeline = s
        .timeline
        .iter()
        .map(|step| {
            let what = tr.t(&format!("proposal-action-{}", step.event.replace('_', "-")));
            StepView {
                at: tr.datetime(&step.at),
                what: step.state.map_or_else(|| what.clone(), |st| format!("{what} ({})", state_name(tr, st))),
                version: step.version,
                by: step.by.as_deref().map(|by| evaluator(tr, by)),
                note: step.note.clone(),
            }
        })
        .collect();
    let page = SummaryPage {
        id: id.to_string(),
        title: s.proposal.content.title.clone(),
        organization: s.organization.clone(),
        challenge: crate::web::public::localized(
            tr.0,
            &s.challenge.content.title_it,
            s.challenge.content.title_en.as_deref(),
        ),
        challenge_slug: s.challenge.content.slug.clone(),
        version: f.version,
        submitted_at: s.submitted_at.as_ref().map(|at| tr.datetime(at)),
        accepted: f.decision == "decide_accept",
        decided_at: tr.datetime(&f.decided_at),
        decided_by: s.decided_by.clone(),
        rationale: f.rationale.clone(),
        override_reason: f.override_reason.clone(),
        responsible: f.responsible.clone(),
        min_reviews: settings.min_reviews,
        consensus_rule: tr.t(&format!("summary-consensus-{}", settings.consensus.as_str().replace('_', "-"))),
        agreed: f.consensus.is_some(),
        weighted_total: f.aggregate.as_ref().map(|a| tr.number(a.weighted_total, 2)),
        reviews_total: s.raw.as_ref().map(|r| tr.number(r.weighted_total, 2)),
        overall_threshold: tr.number(settings.overall_threshold.value(), 1),
        overall_passes: f.aggregate.as_ref().map(|a| passes(a.passes_overall)),
        rows,
        consensus,
        reviews,
        timeline,
        grounds_notice: super::NoticePanel::of(tr, &s.notice, s.generated_at, false),
        notice_form: None,
        files,
        generated_at: tr.datetime(&s.generated_at),
        l: Layout::new(&state, &req, &mut visitor, "proposals"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The same record as JSON, to keep.
#[get("/proposals/{id}/summary.json")]
pub async fn json(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let s = load(&state, &req, &mut visitor, id).await?;
    let body = serde_json::to_vec_pretty(&EvaluationSummaryDto::from(s))
        .map_err(|e| ApiError::internal("evaluation summary", e))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"evaluation-summary-{id}.json\"")))
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}
