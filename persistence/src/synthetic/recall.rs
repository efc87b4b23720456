//! How good the screening's similar proposals are on a large dataset: for a sample of proposals, the
//! store's answer ([`Store::proposal_similar_proposals`], which asks the full-text index for candidates)
//! against the exact answer, found by scoring every other eligible proposal with the same
//! [`domain::similarity`] rules. For `bench/run`'s P10; it reads every proposal's text, so it is for
//! measurements, never for a hub in use.

use std::collections::BTreeSet;

use diesel::prelude::*;
use domain::ProposalState;
use domain::similarity::{THRESHOLD, cosine, rarity, terms};

use crate::Store;
use crate::error::StoreError;
use crate::rows::parse_stored;
use crate::schema::proposals;
use crate::similarity::{SIMILAR_MAX, candidate_text};
use crate::stored::Named;

/// The store's answers against the exact ones, over a sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimilarityRecall {
    /// Proposals compared.
    pub sample: usize,
    /// Of those, how many have any similar proposal at all (exactly).
    pub with_similar: usize,
    /// Of the places in the exact lists, the share the store filled with a proposal as similar as the
    /// exact list's last (ties at the last place count as equally right): 1 is exact.
    pub recall: f64,
    /// The share of the sample whose most similar proposal the store found (or one as similar).
    pub top_found: f64,
}

/// An eligible proposal as loaded: id, organisation, title, summary, description.
type EligibleRow = (String, String, String, Option<String>, Option<String>);

/// One eligible proposal: id, organisation, its significant words.
struct Eligible {
    id: String,
    organization: String,
    terms: BTreeSet<String>,
}

impl Store {
    /// Compares the screening's similar proposals with the exact ones for `sample` proposals spread
    /// evenly over the submitted ones.
    ///
    /// # Errors
    /// Database errors.
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    pub fn similarity_recall(&self, sample: usize) -> Result<SimilarityRecall, StoreError> {
        let rows: Vec<EligibleRow> = self.db.read(|conn| {
            Ok(proposals::table
                .filter(proposals::submitted_at.is_not_null())
                .filter(proposals::state.ne(Named(ProposalState::Draft)))
                .order(proposals::id)
                .select((
                    proposals::id,
                    proposals::organization_id,
                    proposals::title,
                    proposals::summary,
                    proposals::description,
                ))
                .load(conn)?)
        })?;
        let all: Vec<Eligible> = rows
            .into_iter()
            .map(|(id, organization, title, summary, description)| {
                let text = candidate_text(&title, summary.as_deref(), description.as_deref());
                Eligible { id, organization, terms: terms(&text) }
            })
            .collect();
        // The weights the store uses: its counts of every word (counted here once, and kept).
        let counts = self.db.read(|conn| self.frequencies.proposals(conn, all.iter().flat_map(|e| &e.terms)))?;
        let weight = |w: &str| rarity(counts.documents, counts.of(w));
        let step = (all.len() / sample.max(1)).max(1);
        let manager = super::measuring_manager();
        let (mut compared, mut with_similar, mut places, mut filled, mut tops) = (0, 0, 0, 0, 0);
        for reference in all.iter().step_by(step).take(sample) {
            compared += 1;
            let exact = exact_scores(reference, &all, &weight);
            if exact.is_empty() {
                continue;
            }
            with_similar += 1;
            let last = exact[exact.len() - 1];
            let found = self.proposal_similar_proposals(&manager, parse_stored("proposals.id", &reference.id)?)?;
            places += exact.len();
            filled += found.iter().filter(|p| p.similarity >= last - 1e-9).count().min(exact.len());
            tops += usize::from(found.first().is_some_and(|p| p.similarity >= exact[0] - 1e-9));
        }
        Ok(SimilarityRecall {
            sample: compared,
            with_similar,
            recall: if places == 0 { 1.0 } else { filled as f64 / places as f64 },
            top_found: if with_similar == 0 { 1.0 } else { tops as f64 / with_similar as f64 },
        })
    }
}

/// The exact similarity scores of the [`SIMILAR_MAX`] proposals most like `reference`, of other
/// organisations, at or above the threshold, the highest first.
fn exact_scores(reference: &Eligible, all: &[Eligible], weight: &impl Fn(&str) -> f64) -> Vec<f64> {
    let mut scores: Vec<f64> = all
        .iter()
        .filter(|other| other.organization != reference.organization)
        .map(|other| cosine(&reference.terms, &other.terms, weight))
        .filter(|score| *score >= THRESHOLD)
        .collect();
    scores.sort_by(|a, b| b.total_cmp(a));
    scores.truncate(SIMILAR_MAX);
    scores
}
