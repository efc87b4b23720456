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
    assert!((cosine(&a, &a) - 1.0).abs() < 1e-9);
    assert!(cosine(&a, &terms("telemedicina territoriale")).abs() < 1e-9);
    let half = cosine(&a, &terms("prenotazione sportelli tributi ufficio"));
    assert!((half - 2.0 / (12.0_f64).sqrt()).abs() < 1e-9, "{half}");
    assert!(cosine(&a, &BTreeSet::new()).abs() < 1e-9);
}

#[test]
fn ranking_keeps_the_similar_ones_most_similar_first() {
    let reference = terms("prenotazione online degli sportelli anagrafici con promemoria");
    let candidates = vec![
        ("b", "Prenotazione degli sportelli anagrafici".to_owned()),
        ("a", "Prenotazione online degli sportelli anagrafici con promemoria via SMS".to_owned()),
        ("c", "Telemedicina per le aree interne".to_owned()),
        ("d", "Prenotazione degli sportelli anagrafici".to_owned()),
    ];
    let ranked: Vec<&str> = rank(&reference, candidates, |k| *k, 10).into_iter().map(|(k, _)| k).collect();
    assert_eq!(ranked, ["a", "b", "d"], "ties by key; the unrelated one dropped");
}
