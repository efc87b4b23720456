//! How many documents of a full-text index hold each word, for the similarity weights
//! ([`domain::similarity::rarity`]) and for choosing the words to ask the index for. Counting a common
//! word costs a scan of its postings, so the counts are kept by each instance for an hour, at most
//! [`WORDS_KEPT`] of them: a corpus's frequencies move slowly, and a count an hour old weighs a word
//! as well as a fresh one. On PostgreSQL the planner's estimates stand in for the most common words,
//! which no count need scan.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

use crate::backend::{TextIndex, common_word_estimates, documents_with, index_size};
use crate::db::DbConnection;
use crate::error::StoreError;

/// How long a count is trusted.
const FRESH: Duration = Duration::from_secs(3_600);
/// At most this many words' counts are kept, per index.
const WORDS_KEPT: usize = 200_000;

/// A corpus's size and the counts of the words asked for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    /// Documents in the index.
    pub documents: i64,
    /// Documents holding each word.
    pub with: HashMap<String, i64>,
}

impl Counts {
    /// How many documents hold `word` (0 for a word not asked for).
    pub fn of(&self, word: &str) -> i64 {
        self.with.get(word).copied().unwrap_or(0)
    }
}

/// An index's size and PostgreSQL's estimates for its common words, with when they were read.
type Corpus = (i64, Arc<HashMap<String, i64>>, Instant);

/// One index's kept counts.
struct Kept {
    words: Cache<String, (i64, Instant)>,
    corpus: Mutex<Option<Corpus>>,
}

impl Kept {
    fn new() -> Self {
        Self { words: Cache::new(WORDS_KEPT), corpus: Mutex::new(None) }
    }
}

/// The counts kept by this instance, for the proposals' index.
pub(crate) struct Frequencies {
    proposals: Kept,
}

impl std::fmt::Debug for Frequencies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frequencies").field("proposal_words", &self.proposals.words.len()).finish()
    }
}

impl Frequencies {
    pub(crate) fn new() -> Self {
        Self { proposals: Kept::new() }
    }

    /// The proposals' index size and how many of its documents hold each of `words`: kept counts while
    /// fresh, else estimated (PostgreSQL's common words) or counted.
    pub(crate) fn proposals<'w>(
        &self,
        conn: &mut DbConnection,
        words: impl IntoIterator<Item = &'w String>,
    ) -> Result<Counts, StoreError> {
        let kept = &self.proposals;
        let now = Instant::now();
        let (documents, estimates) = {
            let mut corpus = kept.corpus.lock().unwrap_or_else(PoisonError::into_inner);
            match &*corpus {
                Some((documents, estimates, at)) if now.duration_since(*at) < FRESH => (*documents, estimates.clone()),
                _ => {
                    let documents = index_size(conn, TextIndex::Proposals)?;
                    let estimates: Arc<HashMap<String, i64>> =
                        Arc::new(common_word_estimates(conn, TextIndex::Proposals)?.into_iter().collect());
                    *corpus = Some((documents, estimates.clone(), now));
                    (documents, estimates)
                }
            }
        };
        let mut with = HashMap::new();
        for word in words {
            if with.contains_key(word) {
                continue;
            }
            let count = match kept.words.get(word) {
                Some((count, at)) if now.duration_since(at) < FRESH => count,
                _ => {
                    let count = match estimates.get(word) {
                        Some(estimate) => *estimate,
                        None => documents_with(conn, TextIndex::Proposals, word)?,
                    };
                    kept.words.insert(word.clone(), (count, now));
                    count
                }
            };
            with.insert(word.clone(), count);
        }
        Ok(Counts { documents, with })
    }
}
