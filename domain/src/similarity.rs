//! How alike two texts are, for the reuse check at intake (the catalogue services most similar to a
//! proposal, CAD art. 68) and for screening (the earlier and concurrent proposals most similar to one).
//! Each engine's full-text index finds the candidates; this module scores them the same way on both:
//! the cosine of their sets of significant words, each word weighted by how rare it is in the corpus
//! (its inverse document frequency), so that two proposals sharing their subject count as alike and two
//! sharing only the vocabulary every proposal uses do not.

use std::collections::BTreeSet;

use crate::catalogue::fold_for_search;

/// The least similarity worth showing (0 to 1).
pub const THRESHOLD: f64 = 0.12;
/// How many words of a text query the index: its longest significant ones.
pub const QUERY_WORDS: usize = 12;
/// How many candidates the index hands over for scoring.
pub const CANDIDATES: i64 = 40;
/// How many candidates a large index (the proposals') hands over for scoring: more than
/// [`CANDIDATES`], as its query asks only for its rarest words.
pub const MANY_CANDIDATES: i64 = 100;
/// The most words a query of a large index asks for.
pub const QUERY_WORDS_MAX: usize = 24;
/// The most documents a query of a large index may find, summed over its words: the index ranks every
/// document it finds, so this bounds a query's cost whatever the corpus's size (at 100,000 proposals the
/// longest words of one are found in 86–95% of the others). Measured at 100,000 proposals (BENCHMARKS.md,
/// P10), 2,000 found the exact five most similar better than 5,000 or more, as well as 1,000, and
/// quicker: the rarer the words, the closer the index's ranking is to the weighted cosine.
pub const QUERY_POSTINGS: i64 = 2_000;

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
/// shortest of a length first alphabetically. For an index small enough to rank every document it finds.
pub fn query_words(terms: &BTreeSet<String>) -> Vec<String> {
    let mut words: Vec<&String> = terms.iter().collect();
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then_with(|| a.cmp(b)));
    words.into_iter().take(QUERY_WORDS).cloned().collect()
}

/// The words to ask a large index for, given each word's document frequency `documents_with` (the
/// reference's own document counted): the rarest that another document holds too (the strongest
/// evidence of a shared subject, and the cheapest to find), while the documents they find add up to no
/// more than [`QUERY_POSTINGS`] — but always the rarest one — and at most [`QUERY_WORDS_MAX`].
pub fn distinctive_words(terms: &BTreeSet<String>, documents_with: impl Fn(&str) -> i64) -> Vec<String> {
    let mut shared: Vec<(i64, &String)> =
        terms.iter().map(|w| (documents_with(w), w)).filter(|(df, _)| *df >= 2).collect();
    shared.sort();
    let mut found = 0;
    let mut words = Vec::new();
    for (df, word) in shared.into_iter().take(QUERY_WORDS_MAX) {
        if !words.is_empty() && found + df > QUERY_POSTINGS {
            break;
        }
        found += df;
        words.push(word.clone());
    }
    words
}

/// How much a word found in `documents_with` of a corpus's `documents` tells texts apart: its inverse
/// document frequency, `ln((1 + documents) / documents_with)` — near 0 for a word in almost every
/// document, so that the vocabulary every proposal uses counts for next to nothing, yet more than 0 in
/// a small corpus (in a corpus of two, the words both hold weigh ln 1.5); about 11.5 for a word in one
/// of 100,000. (The smoothed `1 + ln(…)` of some libraries weighs common words at least 1: over the
/// synthetic corpus the exact five most similar were then again those sharing the most boilerplate.)
pub fn rarity(documents: i64, documents_with: i64) -> f64 {
    let documents = documents.max(1);
    #[allow(clippy::cast_precision_loss)] // document counts are far below 2^52
    let ratio = (1 + documents) as f64 / documents_with.clamp(1, documents) as f64;
    ratio.ln()
}

/// The cosine of two sets of words, each word weighing `weight(word)`: the squared weights of the words
/// they share over the product of each set's norm, from 0 (nothing in common) to 1 (the same words).
/// With every weight 1 it is the words they share over the geometric mean of their sizes.
pub fn cosine(a: &BTreeSet<String>, b: &BTreeSet<String>, weight: &impl Fn(&str) -> f64) -> f64 {
    let norm = |set: &BTreeSet<String>| set.iter().map(|w| weight(w).powi(2)).sum::<f64>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    if na <= f64::EPSILON || nb <= f64::EPSILON {
        return 0.0;
    }
    a.intersection(b).map(|w| weight(w).powi(2)).sum::<f64>() / (na * nb)
}

/// Every word weighing the same: the plain cosine of two sets of words.
pub fn unweighted(_: &str) -> f64 {
    1.0
}

/// Candidates (with their significant words) scored against `reference` with `weight`, the most
/// similar first (ties by key), those below [`THRESHOLD`] dropped, at most `limit`.
pub fn rank<T, K: Ord>(
    reference: &BTreeSet<String>,
    candidates: Vec<(T, BTreeSet<String>)>,
    key: impl Fn(&T) -> K,
    limit: usize,
    weight: &impl Fn(&str) -> f64,
) -> Vec<(T, f64)> {
    let mut scored: Vec<(T, f64)> = candidates
        .into_iter()
        .map(|(item, words)| {
            let score = cosine(reference, &words, weight);
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
