//! How alike two texts are, for the reuse check at intake (the catalogue services most similar to a
//! proposal, CAD art. 68) and for screening (the earlier and concurrent proposals most similar to one).
//! Each engine's full-text index finds the candidates; this module scores them the same way on both:
//! the cosine of their sets of significant words.

use std::collections::BTreeSet;

use crate::catalogue::fold_for_search;

/// The least similarity worth showing (0 to 1).
pub const THRESHOLD: f64 = 0.12;
/// How many words of a text query the index: its longest significant ones.
pub const QUERY_WORDS: usize = 12;
/// How many candidates the index hands over for scoring.
pub const CANDIDATES: i64 = 40;

/// Words too common in the hub's texts to tell two of them apart: Italian and English function words,
/// and the vocabulary every proposal and service shares.
const STOPWORDS: &[&str] = &[
    "about",
    "alla",
    "alle",
    "allo",
    "anche",
    "ancora",
    "aver",
    "avere",
    "come",
    "con",
    "dagli",
    "dai",
    "dal",
    "dall",
    "dalla",
    "dalle",
    "degli",
    "dei",
    "del",
    "dell",
    "della",
    "delle",
    "dello",
    "essere",
    "from",
    "have",
    "hanno",
    "into",
    "loro",
    "molto",
    "negli",
    "nei",
    "nel",
    "nell",
    "nella",
    "nelle",
    "nello",
    "ogni",
    "oltre",
    "only",
    "other",
    "over",
    "per",
    "perche",
    "piu",
    "piattaforma",
    "platform",
    "pubblica",
    "pubbliche",
    "pubblici",
    "pubblico",
    "quale",
    "quali",
    "quando",
    "quella",
    "quelle",
    "quelli",
    "quello",
    "questa",
    "queste",
    "questi",
    "questo",
    "sistema",
    "sono",
    "sugli",
    "sui",
    "sul",
    "sull",
    "sulla",
    "sulle",
    "sullo",
    "service",
    "services",
    "servizi",
    "servizio",
    "such",
    "system",
    "tale",
    "tali",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "tra",
    "tramite",
    "tutti",
    "tutte",
    "tutto",
    "una",
    "uno",
    "verso",
    "which",
    "will",
    "with",
    "your",
    "amministrazione",
    "amministrazioni",
    "public",
    "administration",
    "administrations",
];

/// The significant words of `text`: folded to lowercase without accents, at least four letters, not
/// a stop word.
pub fn terms(text: &str) -> BTreeSet<String> {
    fold_for_search(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOPWORDS.contains(w))
        .map(str::to_owned)
        .collect()
}

/// The words to ask the index for: the [`QUERY_WORDS`] longest (the most specific, as a rule), the
/// shortest of a length first alphabetically.
pub fn query_words(terms: &BTreeSet<String>) -> Vec<String> {
    let mut words: Vec<&String> = terms.iter().collect();
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then_with(|| a.cmp(b)));
    words.into_iter().take(QUERY_WORDS).cloned().collect()
}

/// The cosine of two sets of words: the words they share over the geometric mean of their sizes, from
/// 0 (nothing in common) to 1 (the same words).
pub fn cosine(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    #[allow(clippy::cast_precision_loss)] // word counts are far below 2^52
    let (shared, sizes) = (shared as f64, (a.len() as f64 * b.len() as f64).sqrt());
    shared / sizes
}

/// Candidates scored against `text`'s terms, the most similar first (ties by key), those below
/// [`THRESHOLD`] dropped, at most `limit`.
pub fn rank<T, K: Ord>(
    reference: &BTreeSet<String>,
    candidates: Vec<(T, String)>,
    key: impl Fn(&T) -> K,
    limit: usize,
) -> Vec<(T, f64)> {
    let mut scored: Vec<(T, f64)> = candidates
        .into_iter()
        .map(|(item, text)| {
            let score = cosine(reference, &terms(&text));
            (item, score)
        })
        .filter(|(_, score)| *score >= THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| key(&a.0).cmp(&key(&b.0))));
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests;
