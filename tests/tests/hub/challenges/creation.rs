//! Creating a challenge: an administration as sponsor, unique slugs, validation with field paths.

use super::*;

hub_test!(the_sponsor_must_be_an_administration_and_slugs_are_unique, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;

    // The operator organisation is a company.
    let company = create(&app, &hm, body("aziendale", api::cli::OPERATOR_ORGANIZATION)).await;
    assert_eq!(fields(&company), vec!["sponsor_id".to_owned()]);
    assert_eq!(company.body["errors"][0]["code"], "not_an_administration");
    // A startup registered by its founder is not one either.
    let founder = app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let startup = founder["organization_id"].as_str().expect("organization_id").to_owned();
    let refused = create(&app, &hm, body("startup", &startup)).await;
    assert_eq!(fields(&refused), vec!["sponsor_id".to_owned()]);
    assert_eq!(refused.body["errors"][0]["code"], "not_an_administration");
    // Unknown ids and non-ids.
    let unknown = create(&app, &hm, body("ignota", &uuid::Uuid::now_v7().to_string())).await;
    assert_eq!(fields(&unknown), vec!["sponsor_id".to_owned()]);
    assert_eq!(unknown.body["errors"][0]["code"], "unknown_organization");
    let garbage = create(&app, &hm, body("ignota", "not-a-uuid")).await;
    assert_eq!(fields(&garbage), vec!["sponsor_id".to_owned()]);
    // Nothing was created by the refusals.
    assert_eq!(slugs(&app, Some(&hm), "").await, vec!["open-call".to_owned()]);

    // Slugs are unique, the open call's too.
    create_ok(&app, &hm, body("unica", &sponsor)).await;
    create(&app, &hm, body("unica", &sponsor)).await.assert_problem(409, "slug_taken");
    create(&app, &hm, body("open-call", &sponsor)).await.assert_problem(409, "slug_taken");
    // Renaming onto a taken slug is refused too.
    let other = create_ok(&app, &hm, body("altra", &sponsor)).await;
    let id = other["id"].as_str().expect("id");
    patch(&app, id, Some(&hm), Some("\"r1\""), json!({"slug": "unica"})).await.assert_problem(409, "slug_taken");
    // An edit may not move the sponsor to a company.
    let moved =
        patch(&app, id, Some(&hm), Some("\"r1\""), json!({"sponsor_id": api::cli::OPERATOR_ORGANIZATION})).await;
    assert_eq!(fields(&moved), vec!["sponsor_id".to_owned()]);
});

hub_test!(creation_is_validated_with_field_paths, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;

    let missing = create(&app, &hm, json!({})).await;
    let mut got = fields(&missing);
    got.sort();
    let mut expected: Vec<String> =
        ["slug", "title_it", "description_it", "sponsor_id", "opens_at"].iter().map(|f| (*f).to_owned()).collect();
    expected.sort();
    assert_eq!(got, expected, "{}", missing.text);
    for error in missing.body["errors"].as_array().expect("errors") {
        assert_eq!(error["code"], "required", "{error}");
    }

    for bad in ["ab", "Maiuscole", "doppio--trattino", "-inizio", "fine-", "con spazio", "àccento"] {
        let answer = create(&app, &hm, body(bad, &sponsor)).await;
        assert_eq!(fields(&answer), vec!["slug".to_owned()], "slug {bad:?}: {}", answer.text);
    }

    let cases = [
        (json!({"evaluation": {"weights": {"talent_skills": 40}}}), "evaluation.weights"),
        (json!({"evaluation": {"thresholds": {"talent_skills": 3.2}}}), "evaluation.thresholds.talent_skills"),
        (
            json!({"evaluation": {"thresholds": {"security_sovereignty": 5.5}}}),
            "evaluation.thresholds.security_sovereignty",
        ),
        (json!({"evaluation": {"weights": {"luck": 0}}}), "evaluation.weights.luck"),
        (json!({"evaluation": {"thresholds": {"luck": 3.0}}}), "evaluation.thresholds.luck"),
        (json!({"evaluation": {"overall_threshold": 6}}), "evaluation.overall_threshold"),
        (json!({"evaluation": {"min_reviews": 0}}), "evaluation.min_reviews"),
        (json!({"evaluation": {"min_reviews": 21}}), "evaluation.min_reviews"),
        (json!({"closes_at": (Utc::now() - Duration::days(2)).to_rfc3339()}), "closes_at"),
        (json!({"tags": ["ok", "non va"]}), "tags[1]"),
        (json!({"title_it": "ab"}), "title_it"),
    ];
    for (extra, field) in cases {
        let answer = create(&app, &hm, with(body("valida", &sponsor), extra.clone())).await;
        assert_eq!(fields(&answer), vec![field.to_owned()], "{extra}: {}", answer.text);
    }
    // closes_at equal to opens_at is not after it.
    let instant = (Utc::now() + Duration::days(1)).to_rfc3339();
    let same =
        create(&app, &hm, with(body("valida", &sponsor), json!({"opens_at": instant, "closes_at": instant}))).await;
    assert_eq!(fields(&same), vec!["closes_at".to_owned()]);

    // Several evaluation mistakes are reported together.
    let many = create(
        &app,
        &hm,
        with(
            body("valida", &sponsor),
            json!({"evaluation": {"weights": {"luck": 10}, "thresholds": {"talent_skills": 3.2}, "overall_threshold": 6, "min_reviews": 0}}),
        ),
    )
    .await;
    let got = fields(&many);
    for field in [
        "evaluation.weights.luck",
        "evaluation.thresholds.talent_skills",
        "evaluation.overall_threshold",
        "evaluation.min_reviews",
    ] {
        assert!(got.contains(&field.to_owned()), "{field} in {got:?}");
    }

    // Unknown JSON fields, at the top and inside the evaluation.
    let unknown = create(&app, &hm, with(body("valida", &sponsor), json!({"colour": "blue"}))).await;
    unknown.assert_problem(422, "validation_failed");
    assert_eq!(unknown.body["errors"][0]["field"], "colour", "{}", unknown.text);
    let nested = create(&app, &hm, with(body("valida", &sponsor), json!({"evaluation": {"weight": {}}}))).await;
    nested.assert_problem(422, "validation_failed");

    // None of the refusals created anything; the valid body does.
    assert_eq!(slugs(&app, Some(&hm), "").await, vec!["open-call".to_owned()]);
    let valid = create_ok(
        &app,
        &hm,
        with(
            body("valida", &sponsor),
            json!({"evaluation": {
                "weights": {"security_sovereignty": 40, "growth_development": 10},
                "thresholds": {"talent_skills": 3.5},
                "overall_threshold": 2.5,
                "min_reviews": 2
            }}),
        ),
    )
    .await;
    let evaluation = &valid["evaluation"];
    assert_eq!(
        evaluation["weights"],
        json!({"security_sovereignty": 40, "growth_development": 10, "talent_skills": 25, "effectiveness_sustainability": 25})
    );
    assert_eq!(evaluation["thresholds"]["talent_skills"].as_f64(), Some(3.5));
    assert_eq!(evaluation["thresholds"]["security_sovereignty"].as_f64(), Some(3.0));
    assert_eq!(evaluation["overall_threshold"].as_f64(), Some(2.5));
    assert_eq!(evaluation["min_reviews"], 2);
});
