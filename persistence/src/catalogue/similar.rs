//! The reuse check at intake (CAD art. 68): the published services most similar to a text, found by
//! the catalogue's full-text index and scored by [`domain::similarity`], the same on both engines.

use std::collections::BTreeSet;

use diesel::prelude::*;
use domain::catalogue::{Service, ServiceState};
use domain::similarity::{CANDIDATES, query_words, rank, terms as words_of, unweighted};

use super::{ServiceRow, ServiceTags, assemble, search_document};
use crate::backend::{TextIndex, fixed, search_any};
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::services;
use crate::stored::Named;

/// A service like a text, with how alike (0 to 1).
#[derive(Debug, Clone)]
pub struct SimilarService {
    /// The service.
    pub service: Service,
    /// The cosine of their significant words, each weighing the same (the reuse check gates a
    /// submission, and keeps the plain measure its threshold was set with).
    pub similarity: f64,
}

/// The published services most similar to the text whose significant words are `terms`, the most
/// similar first, at most `limit`.
pub(crate) fn similar_services(
    conn: &mut DbConnection,
    terms: &BTreeSet<String>,
    limit: usize,
) -> Result<Vec<SimilarService>, StoreError> {
    let ids = search_any(conn, TextIndex::Services, &query_words(terms), CANDIDATES)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(ServiceRow, Option<String>)> = services::table
        .filter(services::id.eq_any(&ids))
        .filter(services::state.eq(Named(ServiceState::Published)))
        .select((ServiceRow::as_select(), fixed::<ServiceTags>()))
        .load(conn)?;
    let candidates = rows
        .into_iter()
        .map(|(row, tags)| {
            let service = assemble(row, tags.as_deref())?;
            let words = words_of(&search_document(&service.content));
            Ok((service, words))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(rank(terms, candidates, |s: &Service| s.content.slug.clone(), limit, &unweighted)
        .into_iter()
        .map(|(service, similarity)| SimilarService { service, similarity })
        .collect())
}
