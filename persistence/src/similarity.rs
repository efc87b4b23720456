//! Similarity for the hub's two checks: the catalogue services most like a proposal (the reuse check
//! its team sees while drafting, CAD art. 68) and the earlier and concurrent proposals of other
//! organisations most like it (what a hub manager sees at screening). Each engine's full-text index
//! finds the candidates; [`domain::similarity`] scores them alike on both.

mod frequencies;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::similarity::{MANY_CANDIDATES, distinctive_words, rank, rarity, terms};
use domain::{Actor, ProposalContent, ProposalId, ProposalState, Role, Scope};

pub(crate) use self::frequencies::Frequencies;
use crate::Store;
use crate::backend::{TextIndex, search_weighted};
use crate::catalogue::{SimilarService, similar_services};
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::proposals::{load_proposal, load_visible, search_document};
use crate::rows::{parse_stored, utc};
use crate::schema::{challenges, organizations, proposals};
use crate::stored::Named;

/// At most this many similar items are listed.
pub const SIMILAR_MAX: usize = 5;

/// Another organisation's proposal like the one screened.
#[derive(Debug, Clone)]
pub struct SimilarProposal {
    /// Its id.
    pub id: ProposalId,
    /// Its title.
    pub title: String,
    /// Its organisation's name.
    pub organization_name: String,
    /// Its challenge's Italian title.
    pub challenge_title: String,
    /// Where it is.
    pub state: ProposalState,
    /// When it was (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// How alike (0 to 1).
    pub similarity: f64,
}

/// A candidate as loaded: id, title, summary, description, state, its organisation's name, its
/// challenge's title, submitted at.
type CandidateRow =
    (String, String, Option<String>, Option<String>, ProposalState, String, String, Option<NaiveDateTime>);

/// The published catalogue services most similar to a proposal's content: the reuse check, asked while
/// drafting and again at submission.
pub(crate) fn services_like(
    conn: &mut DbConnection,
    content: &ProposalContent,
) -> Result<Vec<SimilarService>, StoreError> {
    similar_services(conn, &terms(&search_document(content)), SIMILAR_MAX)
}

impl Store {
    /// The published catalogue services most similar to proposal `id`, for whoever may read it (its team
    /// sees them while drafting, and is asked how the proposal differs).
    ///
    /// # Errors
    /// `NotFound` for a proposal the actor may not read.
    pub fn proposal_similar_services(&self, actor: &Actor, id: ProposalId) -> Result<Vec<SimilarService>, StoreError> {
        self.db.read(|conn| {
            let proposal = load_visible(conn, actor, id)?;
            services_like(conn, &proposal.content)
        })
    }

    /// The proposals of other organisations most similar to proposal `id`, submitted before it or
    /// alongside (never a draft or one withdrawn before submission), in any challenge: for hub managers
    /// (a token needs `proposals:read`).
    ///
    /// # Errors
    /// `Forbidden` for anyone else; `NotFound` for an unknown proposal.
    pub fn proposal_similar_proposals(
        &self,
        actor: &Actor,
        id: ProposalId,
    ) -> Result<Vec<SimilarProposal>, StoreError> {
        actor.require(Role::HubManager, Scope::ProposalsRead)?;
        self.db.read(|conn| {
            let proposal = load_proposal(conn, &id.to_string())?;
            let reference = terms(&search_document(&proposal.content));
            let counts = self.frequencies.proposals(conn, &reference)?;
            let words: Vec<(String, f64)> = distinctive_words(&reference, |w| counts.of(w))
                .into_iter()
                .map(|w| {
                    let weight = rarity(counts.documents, counts.of(&w));
                    (w, weight)
                })
                .collect();
            let ids = search_weighted(conn, TextIndex::Proposals, &words, MANY_CANDIDATES + 1)?;
            let rows: Vec<CandidateRow> = proposals::table
                .inner_join(organizations::table.on(organizations::id.eq(proposals::organization_id)))
                .inner_join(challenges::table.on(challenges::id.eq(proposals::challenge_id)))
                .filter(proposals::id.eq_any(&ids))
                .filter(proposals::organization_id.ne(proposal.organization_id.to_string()))
                .filter(proposals::submitted_at.is_not_null())
                .filter(proposals::state.ne(Named(ProposalState::Draft)))
                .select((
                    proposals::id,
                    proposals::title,
                    proposals::summary,
                    proposals::description,
                    proposals::state,
                    organizations::name,
                    challenges::title_it,
                    proposals::submitted_at,
                ))
                .load(conn)?;
            let candidates = rows
                .into_iter()
                .map(|(id, title, summary, description, state, organization_name, challenge_title, submitted)| {
                    let words = terms(&candidate_text(&title, summary.as_deref(), description.as_deref()));
                    let found = SimilarProposal {
                        id: parse_stored("proposals.id", &id)?,
                        title,
                        organization_name,
                        challenge_title,
                        state,
                        submitted_at: submitted.map(utc),
                        similarity: 0.0,
                    };
                    Ok((found, words))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let counts = self
                .frequencies
                .proposals(conn, reference.iter().chain(candidates.iter().flat_map(|(_, words)| words)))?;
            let weight = |w: &str| rarity(counts.documents, counts.of(w));
            Ok(rank(&reference, candidates, |p: &SimilarProposal| p.id.to_string(), SIMILAR_MAX, &weight)
                .into_iter()
                .map(|(found, similarity)| SimilarProposal { similarity, ..found })
                .collect())
        })
    }
}

/// What a candidate proposal is compared by: its title, summary and description.
pub(crate) fn candidate_text(title: &str, summary: Option<&str>, description: Option<&str>) -> String {
    [Some(title), summary, description].into_iter().flatten().collect::<Vec<_>>().join(" ")
}
