use super::*;

#[test]
fn terms_are_the_significant_words_folded() {
    let found = terms("La Prenotazione degli sportelli anagrafici, con SPID e CIE: più qualità per il servizio 2026!");
    let expected: BTreeSet<String> =
        ["prenotazione", "sportelli", "anagrafici", "spid", "qualita"].iter().map(|w| (*w).to_owned()).collect();
    assert_eq!(found, expected);
}

#[test]
fn the_query_asks_for_the_longest_words_first() {
    let words = terms("agenda sportelli prenotazione anagrafe promemoria cittadini");
    assert_eq!(query_words(&words)[..3], ["prenotazione", "promemoria", "cittadini"]);
    let many = terms(&(0..40).map(|i| format!("parola{i:02}")).collect::<Vec<_>>().join(" "));
    assert_eq!(query_words(&many).len(), QUERY_WORDS);
}

#[test]
fn cosine_goes_from_nothing_shared_to_the_same_words() {
    let a = terms("prenotazione sportelli anagrafici");
    assert!((cosine(&a, &a, &unweighted) - 1.0).abs() < 1e-9);
    assert!(cosine(&a, &terms("telemedicina territoriale"), &unweighted).abs() < 1e-9);
    let half = cosine(&a, &terms("prenotazione sportelli tributi ufficio"), &unweighted);
    assert!((half - 2.0 / (12.0_f64).sqrt()).abs() < 1e-9, "{half}");
    assert!(cosine(&a, &BTreeSet::new(), &unweighted).abs() < 1e-9);
    let nothing_weighs = |_: &str| 0.0;
    assert!(cosine(&a, &a, &nothing_weighs).abs() < 1e-9, "no weight, no similarity (and no division by zero)");
}

#[test]
fn rare_shared_words_make_texts_more_alike_than_common_ones() {
    // Of 1,000 documents, "cloud" and "gestione" are in 900, "telemedicina" and "dialisi" in 10.
    let documents_with = |w: &str| if matches!(w, "cloud" | "gestione") { 900 } else { 10 };
    let weight = |w: &str| rarity(1_000, documents_with(w));
    let reference = terms("telemedicina dialisi cloud gestione");
    let subject = terms("telemedicina dialisi tributi sportelli");
    let vocabulary = terms("cloud gestione tributi sportelli");
    assert!((cosine(&reference, &subject, &unweighted) - cosine(&reference, &vocabulary, &unweighted)).abs() < 1e-9);
    let (same_subject, same_words) = (cosine(&reference, &subject, &weight), cosine(&reference, &vocabulary, &weight));
    assert!(same_subject > 0.6 && same_words < 0.01, "{same_subject} against {same_words}");
    let everywhere = rarity(1_000, 1_000);
    assert!(everywhere > 0.0 && everywhere < 0.001, "a word in every document weighs next to nothing: {everywhere}");
    assert!((rarity(1_000, 10) - (1_001f64 / 10.0).ln()).abs() < 1e-9);
    assert!((rarity(1_000, 0) - 1_001f64.ln()).abs() < 1e-9, "a word no document holds weighs as one in one");
    assert!((rarity(1_000, 5_000) - everywhere).abs() < 1e-9, "never less than in every document");
    let pair = |w: &str| rarity(2, if w == "agenda" { 1 } else { 2 });
    let (a, b) = (terms("agenda sportelli anagrafici"), terms("sportelli anagrafici"));
    assert!(cosine(&a, &b, &pair) > 0.4, "in a corpus of two, the words both hold still count");
}

#[test]
fn a_large_index_is_asked_for_the_rarest_shared_words_within_a_budget() {
    let words = terms("alfa bravo charlie delta echo foxtrot golf hotel");
    let df = |w: &str| match w {
        "alfa" => 1,  // only the reference: finds nothing else
        "bravo" => 3, // the rarest shared
        "charlie" => 40,
        "delta" => 1_900,
        "echo" => 9_000, // past the budget with the others
        _ => 50_000,
    };
    assert_eq!(distinctive_words(&words, df), ["bravo", "charlie", "delta"]);
    let common = |_: &str| 60_000;
    assert_eq!(distinctive_words(&words, common).len(), 1, "the rarest word, even past the budget");
    let many = terms(&(0..40).map(|i| format!("parola{i:02}")).collect::<Vec<_>>().join(" "));
    assert_eq!(distinctive_words(&many, |_| 2).len(), QUERY_WORDS_MAX);
    assert!(distinctive_words(&words, |_| 1).is_empty(), "no word another document holds");
}

#[test]
fn ranking_keeps_the_similar_ones_most_similar_first() {
    let reference = terms("prenotazione online degli sportelli anagrafici con promemoria");
    let candidates = vec![
        ("b", terms("Prenotazione degli sportelli anagrafici")),
        ("a", terms("Prenotazione online degli sportelli anagrafici con promemoria via SMS")),
        ("c", terms("Telemedicina per le aree interne")),
        ("d", terms("Prenotazione degli sportelli anagrafici")),
    ];
    let ranked: Vec<&str> = rank(&reference, candidates, |k| *k, 10, &unweighted).into_iter().map(|(k, _)| k).collect();
    assert_eq!(ranked, ["a", "b", "d"], "ties by key; the unrelated one dropped");
}
