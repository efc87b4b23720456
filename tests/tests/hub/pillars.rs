//! The four pillars: public, versioned, in Italian and English, stored on every hub at start-up.

use hub_tests::hub_test;

hub_test!(anyone_reads_the_versioned_rubric, |app| {
    let rubric = app.get("/api/v1/pillars", None).await;
    assert_eq!(rubric.status, 200, "{}", rubric.text);
    assert_eq!(rubric.body["version"], "2026.1");
    assert_eq!(
        (rubric.body["min_score"].as_f64(), rubric.body["max_score"].as_f64(), rubric.body["step"].as_f64()),
        (Some(0.0), Some(5.0), Some(0.5))
    );
    let pillars = rubric.body["pillars"].as_array().expect("pillars");
    let keys: Vec<&str> = pillars.iter().filter_map(|p| p["key"].as_str()).collect();
    assert_eq!(keys, ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"]);
    let names: Vec<(&str, &str)> =
        pillars.iter().map(|p| (p["name_it"].as_str().unwrap_or(""), p["name_en"].as_str().unwrap_or(""))).collect();
    assert_eq!(
        names,
        [
            ("Sicurezza e sovranità", "Security and sovereignty"),
            ("Crescita e sviluppo", "Growth and development"),
            ("Talento e competenze", "Talent and skills"),
            ("Efficacia e sostenibilità", "Effectiveness and sustainability"),
        ]
    );
    for pillar in pillars {
        let levels = pillar["levels"].as_array().expect("levels");
        let scores: Vec<u64> = levels.iter().filter_map(|l| l["score"].as_u64()).collect();
        assert_eq!(scores, [0, 1, 2, 3, 4, 5], "{}", pillar["key"]);
        assert!(
            levels
                .iter()
                .all(|l| l["it"].as_str().is_some_and(|t| t.len() > 40)
                    && l["en"].as_str().is_some_and(|t| t.len() > 40))
        );
        assert!(pillar["description_it"].as_str().is_some_and(|d| !d.is_empty()));
    }
    // Stored once per version: a second start does not duplicate it.
    let rubric_again = app.store.rubric_current().expect("rubric");
    assert_eq!(rubric_again.pillars.len(), 4);
    assert!(!app.store.rubric_ensure(&rubric_again).expect("idempotent"), "the version is already stored");
});
