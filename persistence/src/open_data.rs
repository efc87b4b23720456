//! Open data (issue 19): what anyone may download — the public catalogue's services with their adopters'
//! counts, the administrations that list their adoption, and the funnel's figures per public challenge,
//! suppressed by [`domain::open_data::suppress`] in the API before they are published.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use domain::catalogue::ServiceState;
use domain::{AdoptionState, Challenge, PageRequest, ProposalState};

use crate::Store;
use crate::challenges::ChallengeFilter;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::{adoptions, organizations, proposals, services};
use crate::stored::named;

/// A public service.
#[derive(Debug, Clone)]
pub struct OpenService {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Its provider.
    pub provider: String,
    /// `published` or `deprecated`.
    pub state: ServiceState,
    /// Published.
    pub published_at: Option<DateTime<Utc>>,
    /// Whether it came from a proposal of the hub.
    pub from_proposal: bool,
    /// Administrations using it, planning to, having stopped (listed or not).
    pub adopters: BTreeMap<AdoptionState, usize>,
}

/// An adoption an administration lists publicly.
#[derive(Debug, Clone)]
pub struct OpenAdoption {
    /// The service's slug.
    pub service: String,
    /// The administration.
    pub administration: String,
    /// Its IPA code.
    pub ipa_code: Option<String>,
    /// Planned, in use, discontinued.
    pub state: AdoptionState,
    /// Since when (as declared).
    pub started_on: Option<String>,
}

/// A public challenge's proposals ever submitted, by where they stand: in evaluation, accepted (or
/// promoted), rejected, withdrawn.
pub type FunnelCounts = [usize; 4];

/// A service row: id, slug, name, provider, state, published, origin.
type ServiceRow = (String, String, String, String, ServiceState, Option<NaiveDateTime>, Option<String>);

/// An adoption row: service, administration, IPA code, state, start.
type AdoptionRow = (String, String, Option<String>, AdoptionState, Option<String>);

impl Store {
    /// The public catalogue's services, by slug, with their adopters' counts.
    ///
    /// # Errors
    /// When the database fails.
    pub fn open_services(&self) -> Result<Vec<OpenService>, StoreError> {
        let public = || named([ServiceState::Published, ServiceState::Deprecated]);
        self.db.snapshot(|conn| {
            let rows: Vec<ServiceRow> = services::table
                .inner_join(organizations::table.on(organizations::id.eq(services::provider_id)))
                .filter(services::state.eq_any(public()))
                .order(services::slug.asc())
                .select((
                    services::id,
                    services::slug,
                    services::name,
                    organizations::name,
                    services::state,
                    services::published_at,
                    services::origin_proposal_id,
                ))
                .load(conn)?;
            let public_ids = services::table.filter(services::state.eq_any(public())).select(services::id);
            let counted: Vec<(String, AdoptionState, i64)> = adoptions::table
                .filter(adoptions::service_id.eq_any(public_ids))
                .group_by((adoptions::service_id, adoptions::state))
                .select((adoptions::service_id, adoptions::state, count_star()))
                .load(conn)?;
            let mut adopters: BTreeMap<String, BTreeMap<AdoptionState, usize>> = BTreeMap::new();
            for (service, state, n) in counted {
                adopters.entry(service).or_default().insert(state, usize::try_from(n).unwrap_or(0));
            }
            Ok(rows
                .into_iter()
                .map(|(id, slug, name, provider, state, published, origin)| OpenService {
                    adopters: adopters.remove(&id).unwrap_or_default(),
                    slug,
                    name,
                    provider,
                    state,
                    published_at: published.map(utc),
                    from_proposal: origin.is_some(),
                })
                .collect())
        })
    }

    /// The adoptions of public services their administrations list, by service and administration.
    ///
    /// # Errors
    /// When the database fails.
    pub fn open_adoptions(&self) -> Result<Vec<OpenAdoption>, StoreError> {
        let public = || named([ServiceState::Published, ServiceState::Deprecated]);
        self.db.read(|conn| {
            let rows: Vec<AdoptionRow> = adoptions::table
                .inner_join(services::table)
                .inner_join(organizations::table)
                .filter(services::state.eq_any(public()))
                .filter(adoptions::listed.eq(true))
                .order((services::slug.asc(), organizations::name.asc()))
                .select((
                    services::slug,
                    organizations::name,
                    organizations::ipa_code,
                    adoptions::state,
                    adoptions::started_on,
                ))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(service, administration, ipa_code, state, started_on)| OpenAdoption {
                    service,
                    administration,
                    ipa_code,
                    state,
                    started_on,
                })
                .collect())
        })
    }

    /// Each public challenge (as anyone sees them) with its proposals ever submitted, by where they stand;
    /// not yet suppressed.
    ///
    /// # Errors
    /// When the database fails.
    pub fn open_funnel(&self) -> Result<Vec<(Challenge, FunnelCounts)>, StoreError> {
        let mut public = Vec::new();
        let mut after = None;
        loop {
            let page = self.challenges_list(None, &ChallengeFilter::default(), &PageRequest { after, limit: 100 })?;
            public.extend(page.items);
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let ids: Vec<String> = public.iter().map(|c| c.id.to_string()).collect();
        let counted: Vec<(String, ProposalState, i64)> = self.db.read(|conn| {
            Ok(proposals::table
                .filter(proposals::challenge_id.eq_any(&ids))
                .filter(proposals::submitted_at.is_not_null())
                .group_by((proposals::challenge_id, proposals::state))
                .select((proposals::challenge_id, proposals::state, count_star()))
                .load(conn)?)
        })?;
        let mut by_challenge: BTreeMap<String, FunnelCounts> = BTreeMap::new();
        for (challenge, state, n) in counted {
            let column = match state {
                ProposalState::Accepted | ProposalState::Promoted => 1,
                ProposalState::Rejected => 2,
                ProposalState::Withdrawn => 3,
                _ => 0,
            };
            by_challenge.entry(challenge).or_default()[column] += usize::try_from(n).unwrap_or(0);
        }
        Ok(public
            .into_iter()
            .map(|c| {
                let counts = by_challenge.remove(&c.id.to_string()).unwrap_or_default();
                (c, counts)
            })
            .collect())
    }
}
