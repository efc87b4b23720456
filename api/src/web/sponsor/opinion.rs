//! `/administration/challenges/{slug}/proposals/{id}`: a proposal admitted to one of the administration's
//! challenges, as its officers read it — its summary, and its description and the opinions given on it
//! when the challenge asks its administrations for opinions — with the form that gives (or updates) the
//! administration's opinion (`PUT /api/v1/proposals/{id}/opinions/{organization_id}`). The opinions as
//! hub managers read them before deciding are [`OpinionView`]s too.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::challenge::{OpinionVerdict, SponsorOpinion};
use domain::{DomainError, ProposalId, ProposalState};
use persistence::FollowedProposal;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::challenges::follow_one;
use crate::routes::opinions::{OpinionRequest, give_one};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::manage::challenge_page::Desk;
use crate::web::manage::{Refusal, refusal_in};
use crate::web::public::localized;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// An opinion as a page shows it.
#[derive(Debug, Clone)]
pub struct OpinionView {
    /// The administration.
    pub administration: String,
    /// Its verdict, in words.
    pub verdict: String,
    /// `favourable`, …: the style of its badge.
    pub verdict_key: &'static str,
    /// Its reasons.
    pub text: String,
    /// When it was last given, in words.
    pub given: String,
}

impl OpinionView {
    /// The view of `opinion`.
    pub fn of(tr: Tr, opinion: &SponsorOpinion) -> Self {
        let key = opinion.content.verdict.as_str();
        Self {
            administration: opinion.organization_name.clone(),
            verdict: tr.t(&format!("opinion-verdict-{}", key.replace('_', "-"))),
            verdict_key: key,
            text: opinion.content.text.as_str().to_owned(),
            given: tr.date(&opinion.updated_at),
        }
    }
}

/// Why the administration may not give an opinion on a proposal now, in words (none: it may).
pub fn closed_because(
    tr: Tr,
    asked: bool,
    proposal: &FollowedProposal,
    administration: domain::OrganizationId,
) -> Option<String> {
    if !asked {
        Some(tr.t("opinion-closed-not-asked"))
    } else if proposal.organization_id == administration {
        Some(tr.t("opinion-closed-own"))
    } else if proposal.state != ProposalState::UnderReview {
        Some(tr.t("opinion-closed-decided"))
    } else {
        None
    }
}

/// The form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct Fields {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    text: String,
}

#[derive(Template)]
#[template(path = "web/sponsor/opinion.html")]
struct OpinionPage {
    l: Layout,
    csrf: String,
    slug: String,
    challenge: String,
    id: String,
    title: String,
    organization: String,
    state: String,
    summary: String,
    /// Rendered Markdown (only when the challenge asks for opinions).
    description: Option<String>,
    opinions: Vec<OpinionView>,
    /// Why no opinion may be given now (none: the form is shown).
    closed: Option<String>,
    /// Whether the administration gave one before (the form updates it).
    given: bool,
    f: Fields,
    /// (value, label) of each verdict.
    verdicts: Vec<(&'static str, String)>,
    errors: FieldErrors,
    refusal: Option<Refusal>,
}

impl OpinionPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

async fn opinion_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    (slug, id): (String, ProposalId),
    answered: Option<(Fields, FieldErrors, Option<Refusal>)>,
) -> Result<OpinionPage, ApiError> {
    let actor = Desk::Administration.actor(visitor, req)?;
    let followed = follow_one(state, actor.clone(), slug).await?;
    let tr = Tr(visitor.locale);
    let c = &followed.challenge;
    let proposal =
        followed.admitted.iter().find(|p| p.id == id).ok_or(ApiError::Domain(DomainError::NotFound("proposal")))?;
    let own = proposal.opinions.iter().find(|o| o.organization_id == actor.organization_id);
    let (typed, errors, refusal) = match answered {
        Some((f, errors, refusal)) => (Some(f), errors, refusal),
        None => (None, FieldErrors::default(), None),
    };
    let f = typed.unwrap_or_else(|| Fields {
        verdict: own.map(|o| o.content.verdict.as_str().to_owned()).unwrap_or_default(),
        text: own.map(|o| o.content.text.as_str().to_owned()).unwrap_or_default(),
    });
    Ok(OpinionPage {
        csrf: visitor.csrf(state),
        slug: c.content.slug.clone(),
        challenge: localized(tr.0, &c.content.title_it, c.content.title_en.as_deref()),
        id: id.to_string(),
        title: proposal.title.clone(),
        organization: proposal.organization_name.clone(),
        state: crate::web::proposals::state_name(tr, proposal.state),
        summary: proposal.summary.clone().unwrap_or_default(),
        description: proposal.description.as_deref().map(|d| crate::web::markdown::render(d, 2)),
        opinions: proposal.opinions.iter().map(|o| OpinionView::of(tr, o)).collect(),
        closed: closed_because(tr, c.content.sponsor_opinions, proposal, actor.organization_id),
        given: own.is_some(),
        f,
        verdicts: OpinionVerdict::ALL
            .iter()
            .map(|v| (v.as_str(), tr.t(&format!("opinion-verdict-{}", v.as_str().replace('_', "-")))))
            .collect(),
        errors,
        refusal,
        l: Layout::new(state, req, visitor, "administration"),
    })
}

/// The proposal, its opinions and the form.
#[get("/administration/challenges/{slug}/proposals/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(String, ProposalId)>,
) -> Result<HttpResponse, ApiError> {
    let page = opinion_page(&state, &req, &mut visitor, path.into_inner(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Gives the opinion; the challenge's page follows.
#[post("/administration/challenges/{slug}/proposals/{id}")]
pub async fn give(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(String, ProposalId)>,
    form: Form<Fields>,
) -> Result<HttpResponse, ApiError> {
    let actor = Desk::Administration.actor(&visitor, &req)?;
    let (slug, id) = path.into_inner();
    let f = form.0;
    let text = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
    let body = OpinionRequest { verdict: text(&f.verdict), text: text(&f.text) };
    let tr = Tr(visitor.locale);
    let (status, errors, refusal) = match give_one(&state, actor, id, body).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/administration/challenges/{slug}?done=opinion"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            (StatusCode::UNPROCESSABLE_ENTITY, FieldErrors::from_domain(tr, &fields, str::to_owned), None)
        }
        Err(error) => {
            let (status, why) = refusal_in("opinion", tr, error, "verdict")?;
            (status, FieldErrors::default(), Some(why))
        }
    };
    let page = opinion_page(&state, &req, &mut visitor, (slug, id), Some((f, errors, refusal))).await?;
    render(&state, &visitor, status, &page)
}
