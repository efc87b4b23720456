//! The facts funnel analytics are computed from ([`domain::analytics`]): each proposal's path through
//! the funnel (its history's changes of state) with its organisation's kind, and the reviews' dates, of
//! one challenge or all, read in one snapshot.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::analytics::{Funnel, Path, ReviewDates, funnel};
use domain::review::ReviewState;
use domain::{Actor, ProposalState, Role, Scope};

use crate::Store;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::{assignments, organizations, proposal_history, proposals};

impl Store {
    /// The funnel's figures for hub managers: of challenge `challenge` (its id), or of every challenge.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn funnel_analytics(&self, actor: &Actor, challenge: Option<&str>) -> Result<Funnel, StoreError> {
        actor.require(Role::HubManager, Scope::ReviewsRead)?;
        let now = self.now();
        self.db.snapshot(|conn| {
            let mut listed = proposals::table
                .inner_join(organizations::table.on(organizations::id.eq(proposals::organization_id)))
                .select((proposals::id, proposals::state, organizations::kind))
                .into_boxed();
            if let Some(challenge) = challenge {
                listed = listed.filter(proposals::challenge_id.eq(challenge.to_owned()));
            }
            let listed: Vec<(String, ProposalState, String)> = listed.load(conn)?;
            let mut paths: BTreeMap<String, Path> =
                listed.into_iter().map(|(id, state, kind)| (id, Path { kind, state, entered: Vec::new() })).collect();
            // The history's changes of state (its creation, and every move that changed the state).
            let mut steps = proposal_history::table
                .filter(
                    proposal_history::from_state
                        .is_null()
                        .or(proposal_history::from_state.ne(proposal_history::to_state.nullable())),
                )
                .select((proposal_history::proposal_id, proposal_history::to_state, proposal_history::occurred_at))
                .order(proposal_history::id.asc())
                .into_boxed();
            let mut reviews = assignments::table
                .select((assignments::due_at, assignments::submitted_at, assignments::state))
                .into_boxed();
            if let Some(challenge) = challenge {
                let of_challenge =
                    proposals::table.filter(proposals::challenge_id.eq(challenge.to_owned())).select(proposals::id);
                steps = steps.filter(proposal_history::proposal_id.eq_any(of_challenge));
                let of_challenge =
                    proposals::table.filter(proposals::challenge_id.eq(challenge.to_owned())).select(proposals::id);
                reviews = reviews.filter(assignments::proposal_id.eq_any(of_challenge));
            }
            for (proposal, state, at) in steps.load::<(String, ProposalState, NaiveDateTime)>(conn)? {
                if let Some(path) = paths.get_mut(&proposal) {
                    path.entered.push((state, utc(at)));
                }
            }
            let reviews: Vec<ReviewDates> = reviews
                .load::<(NaiveDateTime, Option<NaiveDateTime>, ReviewState)>(conn)?
                .into_iter()
                .map(|(due, submitted, state)| ReviewDates {
                    due_at: utc(due),
                    submitted_at: submitted.map(utc),
                    open: state.is_open(),
                })
                .collect();
            let paths: Vec<Path> = paths.into_values().collect();
            Ok(funnel(&paths, &reviews, now))
        })
    }
}
