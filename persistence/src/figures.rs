//! A few live numbers of the hub for its home page: open challenges, public services, proposals
//! submitted, organisations taking part.

use diesel::prelude::*;
use domain::ChallengeState;
use domain::catalogue::ServiceState;

use crate::Store;
use crate::error::StoreError;
use crate::schema::{challenges, organizations, proposals, services};
use crate::stored::named;

/// The hub's live numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// Challenges open now.
    pub open_challenges: i64,
    /// Services the public can see in the catalogue.
    pub public_services: i64,
    /// Proposals ever submitted (not drafts).
    pub submitted_proposals: i64,
    /// Organisations registered.
    pub organizations: i64,
}

impl Store {
    /// The hub's live numbers: four counts in one read transaction.
    ///
    /// # Errors
    /// Only the database's.
    pub fn figures(&self) -> Result<Figures, StoreError> {
        self.db.read(|conn| {
            let open = named([ChallengeState::Open]);
            let public = named(ServiceState::ALL.iter().copied().filter(|s| s.is_public()));
            Ok(Figures {
                open_challenges: challenges::table.filter(challenges::state.eq_any(open)).count().get_result(conn)?,
                public_services: services::table.filter(services::state.eq_any(public)).count().get_result(conn)?,
                submitted_proposals: proposals::table
                    .filter(proposals::submitted_at.is_not_null())
                    .count()
                    .get_result(conn)?,
                organizations: organizations::table.count().get_result(conn)?,
            })
        })
    }
}
