//! The catalogue's search: filters, sorts and keyset pages over the services one may see.

use diesel::prelude::*;
use domain::catalogue::{Service, ServiceState};
use domain::{Actor, DomainError, HalfPoints, Page, PageRequest, Pillar, Role};

use super::*;
use crate::Store;
use crate::backend::fixed;
use crate::error::StoreError;
use crate::schema::{service_tags, services};
use crate::stored::{Named, named};

/// The order of the catalogue list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ServiceSort {
    /// By name, A to Z (the default).
    #[default]
    Name,
    /// Newest first.
    Newest,
    /// Highest pillar score at acceptance first; services without scores last.
    Score,
}

/// Filters of the catalogue list.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Words in the name, descriptions, features or tags (full text).
    pub q: Option<String>,
    /// Only this delivery model.
    pub service_model: Option<domain::catalogue::ServiceModel>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Only by this provider organisation.
    pub provider_id: Option<String>,
    /// Only in this state (editors may ask for any; the public only for published or deprecated).
    pub state: Option<ServiceState>,
    /// Only with at least this score at acceptance: the mean of the pillars, or of `pillar`.
    pub min_score: Option<HalfPoints>,
    /// The pillar `min_score` applies to.
    pub pillar: Option<Pillar>,
    /// The order.
    pub sort: ServiceSort,
}

fn invalid_cursor() -> StoreError {
    DomainError::invalid("cursor", "invalid_cursor", "is not a cursor of this list").into()
}

/// Splits a keyset cursor `key \u{1f} id`.
fn cursor(after: &str) -> Result<(&str, &str), StoreError> {
    after.split_once('\u{1f}').ok_or_else(invalid_cursor)
}

impl Store {
    pub fn services_list(
        &self,
        actor: Option<&Actor>,
        filter: &ServiceFilter,
        page: &PageRequest,
    ) -> Result<Page<Service>, StoreError> {
        self.db.read(|conn| {
            // Each row with its tags aggregated: one statement for the page, whatever its size.
            let mut query = services::table.select((ServiceRow::as_select(), fixed::<ServiceTags>())).into_boxed();
            if let Some(state) = filter.state {
                query = query.filter(services::state.eq(Named(state)));
            }
            // The same visibility as `may_see`: editors every service; others the public ones and a
            // proposer also those promoted from their organisation's proposals.
            if !is_editor(actor) {
                // The one rule: `ServiceState::is_public`.
                let public = services::state.eq_any(named(ServiceState::ALL.iter().copied().filter(|s| s.is_public())));
                query = match actor.filter(|a| a.has_role(Role::Proposer)) {
                    Some(a) => query.filter(
                        public.or(services::provider_id
                            .eq(a.organization_id.to_string())
                            .and(services::origin_proposal_id.is_not_null())),
                    ),
                    None => query.filter(public),
                };
            }
            if let Some(model) = filter.service_model {
                query = query.filter(services::service_model.eq(Named(model)));
            }
            if let Some(tag) = &filter.tag {
                let tagged =
                    service_tags::table.filter(service_tags::tag.eq(tag.clone())).select(service_tags::service_id);
                query = query.filter(services::id.eq_any(tagged));
            }
            if let Some(provider) = &filter.provider_id {
                query = query.filter(services::provider_id.eq(provider.clone()));
            }
            if let Some(min) = filter.min_score {
                let halves = min.halves();
                query = match filter.pillar {
                    None => query.filter(services::sort_score.ge(halves * 4)),
                    Some(Pillar::SecuritySovereignty) => query.filter(services::score_security_sovereignty.ge(halves)),
                    Some(Pillar::GrowthDevelopment) => query.filter(services::score_growth_development.ge(halves)),
                    Some(Pillar::TalentSkills) => query.filter(services::score_talent_skills.ge(halves)),
                    Some(Pillar::EffectivenessSustainability) => {
                        query.filter(services::score_effectiveness_sustainability.ge(halves))
                    }
                };
            }
            if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
                && let Some(matching) = crate::backend::search_ids(conn, q)?
            {
                query = query.filter(services::id.eq_any(matching));
            }
            query = match (filter.sort, page.after.as_deref()) {
                (ServiceSort::Name, after) => {
                    if let Some(after) = after {
                        let (name, id) = cursor(after)?;
                        query = query.filter(
                            services::name
                                .gt(name.to_owned())
                                .or(services::name.eq(name.to_owned()).and(services::id.gt(id.to_owned()))),
                        );
                    }
                    query.order((services::name.asc(), services::id.asc()))
                }
                (ServiceSort::Newest, after) => {
                    if let Some(after) = after {
                        query = query.filter(services::id.lt(after.to_owned()));
                    }
                    query.order(services::id.desc())
                }
                (ServiceSort::Score, after) => {
                    if let Some(after) = after {
                        let (score, id) = cursor(after)?;
                        let score: i32 = score.parse().map_err(|_| invalid_cursor())?;
                        query = query.filter(
                            services::sort_score
                                .lt(score)
                                .or(services::sort_score.eq(score).and(services::id.gt(id.to_owned()))),
                        );
                    }
                    query.order((services::sort_score.desc(), services::id.asc()))
                }
            };
            let rows: Vec<(ServiceRow, Option<String>)> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let items =
                rows.into_iter().map(|(row, tags)| assemble(row, tags.as_deref())).collect::<Result<Vec<_>, _>>()?;
            let sort = filter.sort;
            Ok(Page::from_overfetch(items, page.limit, move |s: &Service| match sort {
                ServiceSort::Name => format!("{}\u{1f}{}", s.content.name, s.id),
                ServiceSort::Newest => s.id.to_string(),
                ServiceSort::Score => {
                    format!("{}\u{1f}{}", s.scores.map_or(-1, |v| v.iter().map(|h| h.halves()).sum::<i32>()), s.id)
                }
            }))
        })
    }
}
