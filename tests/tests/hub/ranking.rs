//! A challenge's ranking: raw and calibrated totals and ranks, as JSON and CSV, for hub managers.

use chrono::{Duration, SubsecRound, Utc};
use domain::Role;
use hub_tests::funnel::verified_proposer;
use hub_tests::{TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

/// The proposer of "Aurora Labs"; returns the token.
async fn proposer(app: &TestApp) -> String {
    verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await.0
}

/// A proposal to the open call, submitted and screened eligible.
async fn under_review(app: &TestApp, proposer: &str, manager: &str, title: &str) -> String {
    under_review_in(app, proposer, manager, title, "open-call").await
}

/// A proposal to `challenge`, submitted and screened eligible.
async fn under_review_in(app: &TestApp, proposer: &str, manager: &str, title: &str, challenge: &str) -> String {
    let body = json!({
        "challenge_id": challenge, "title": title, "summary": "S.", "description": "D.", "trl": 5,
        "self_assessment": {"security_sovereignty": "a", "growth_development": "b", "talent_skills": "c", "effectiveness_sustainability": "d"}
    });
    let created = app.post("/api/v1/proposals", Some(proposer), body).await;
    let id = created.body["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&format!("/api/v1/proposals/{id}/submit"), Some(proposer), Value::Null).await.status, 200);
    let screened = app.post(&format!("/api/v1/proposals/{id}/screen"), Some(manager), json!({"eligible": true})).await;
    assert_eq!(screened.body["state"], "under_review");
    id
}

/// Assigns, confirms and submits a review with the same score on every pillar.
async fn review(app: &TestApp, manager: &str, evaluator: &str, proposal: &str, score: f64) {
    review_scores(app, manager, evaluator, proposal, [score; 4]).await;
}

/// Assigns, confirms and submits a review with `scores` in pillar order.
async fn review_scores(app: &TestApp, manager: &str, evaluator: &str, proposal: &str, scores: [f64; 4]) {
    let evaluator_id = app.get("/api/v1/me", Some(evaluator)).await.body["id"].clone();
    let due = (Utc::now() + Duration::days(10)).trunc_subsecs(0).to_rfc3339();
    let assigned = app
        .post(
            &format!("/api/v1/proposals/{proposal}/assignments"),
            Some(manager),
            json!({"evaluator_id": evaluator_id, "due_at": due}),
        )
        .await;
    assert_eq!(assigned.status, 201, "{}", assigned.text);
    let id = assigned.body["id"].as_str().expect("id").to_owned();
    assert_eq!(
        app.post(&format!("/api/v1/reviews/{id}/confirm-no-conflict"), Some(evaluator), Value::Null).await.status,
        200
    );
    let pillars = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    let body = json!({
        "scores": pillars.iter().zip(scores).map(|(p, s)| (p.to_string(), json!(s))).collect::<serde_json::Map<_, _>>(),
        "comments": pillars.iter().map(|p| (p.to_string(), json!("Comment."))).collect::<serde_json::Map<_, _>>(),
        "overall_comment": "Overall.", "recommendation": "accept"
    });
    assert_eq!(app.request(Method::PUT, &format!("/api/v1/reviews/{id}"), Some(evaluator), body).await.status, 200);
    assert_eq!(app.post(&format!("/api/v1/reviews/{id}/submit"), Some(evaluator), Value::Null).await.status, 200);
}

hub_test!(the_ranking_shows_raw_and_calibrated_ranks_as_json_and_csv, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let proposer = proposer(&app).await;
    let kind = app.user_with_roles("kind@hub.example", &[Role::Evaluator], None).await;
    let strict = app.user_with_roles("strict@hub.example", &[Role::Evaluator], None).await;
    let other = app.user_with_roles("other@hub.example", &[Role::Evaluator], None).await;
    let a = under_review(&app, &proposer, &manager, "Proposta A").await;
    let b = under_review(&app, &proposer, &manager, "Proposta B").await;
    let c = under_review(&app, &proposer, &manager, "Proposta C").await;
    let unreviewed = under_review(&app, &proposer, &manager, "Proposta D").await;
    // `kind` gives 1.5 points more than everyone else; A is reviewed by `kind`, B by `strict`.
    review(&app, &manager, &kind, &a, 4.5).await;
    review(&app, &manager, &other, &a, 3.0).await;
    review(&app, &manager, &strict, &b, 3.5).await;
    review(&app, &manager, &other, &b, 3.5).await;
    review(&app, &manager, &kind, &c, 3.5).await;
    review(&app, &manager, &strict, &c, 2.5).await;
    review(&app, &manager, &other, &c, 2.5).await;

    let ranking = app.get("/api/v1/challenges/open-call/ranking", Some(&manager)).await;
    assert_eq!(ranking.status, 200, "{}", ranking.text);
    let rows = ranking.body["rows"].as_array().expect("rows");
    let order: Vec<&str> = rows.iter().filter_map(|r| r["proposal_id"].as_str()).collect();
    assert_eq!(order, [a.as_str(), b.as_str(), c.as_str(), unreviewed.as_str()], "raw order by weighted total");
    assert_eq!(rows[0]["weighted_total"].as_f64(), Some(3.75));
    assert_eq!(rows[0]["reviews"], 2);
    assert_eq!(rows[3]["weighted_total"], Value::Null, "no reviews: last, without a total");
    let b_row = rows.iter().find(|r| r["proposal_id"] == b.as_str()).expect("b");
    assert_eq!(b_row["calibrated_rank"], 1, "without the lenient evaluator's bonus B leads: {}", ranking.text);
    assert_eq!(b_row["rank"], 2);
    let c_row = rows.iter().find(|r| r["proposal_id"] == c.as_str()).expect("c");
    assert_eq!(c_row["needs_consensus"], false, "1.5 points apart is below the consensus gap");
    assert_eq!(c_row["passes"], false, "3.5, 2.5 and 2.5 pull the means under 3.0");
    assert!(ranking.body["leniency"].as_object().expect("leniency").len() >= 3);

    let csv = app
        .client
        .get(format!("{}/api/v1/challenges/open-call/ranking", app.base))
        .bearer_auth(&manager)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("answer");
    assert_eq!(csv.status().as_u16(), 200);
    assert!(csv.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/csv")));
    let text = csv.text().await.expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("rank,calibrated_rank,proposal_id,title,"), "{text}");
    assert_eq!(lines.len(), 5, "a header and four proposals: {text}");
    assert!(lines[1].contains(&a) && lines[1].contains("Proposta A") && lines[1].contains("3.750"), "{text}");

    // Hub managers only.
    app.get("/api/v1/challenges/open-call/ranking", None).await.assert_problem(401, "unauthenticated");
    app.get("/api/v1/challenges/open-call/ranking", Some(&proposer)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/challenges/open-call/ranking", Some(&kind)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/challenges/no-such-challenge/ranking", Some(&manager)).await.assert_problem(404, "not_found");
});

hub_test!(titles_with_commas_and_quotes_are_quoted_in_csv, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let proposer = proposer(&app).await;
    under_review(&app, &proposer, &manager, "Dati, \"aperti\" e sicuri").await;
    let csv = app
        .client
        .get(format!("{}/api/v1/challenges/open-call/ranking", app.base))
        .bearer_auth(&manager)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("answer")
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("\"Dati, \"\"aperti\"\" e sicuri\""), "{csv}");
});

hub_test!(synthetic_proposals_are_ranked_with_their_three_reviews, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    proposer(&app).await;
    for email in ["e1@hub.example", "e2@hub.example", "e3@hub.example"] {
        app.user_with_roles(email, &[Role::Evaluator], None).await;
    }
    let store = app.store.clone();
    let report = tokio::task::spawn_blocking(move || {
        let plan = persistence::SyntheticPlan {
            proposals: 250,
            challenge: Some("open-call".to_owned()),
            batch: 100,
            all_under_review: true,
        };
        let mut seen = Vec::new();
        let report = store.synthetic_generate(&plan, |done| seen.push(done)).expect("synthetic data");
        (report, seen)
    })
    .await
    .expect("join");
    assert_eq!(report.1, [100, 200, 250], "progress after each batch");
    assert_eq!((report.0.proposals, report.0.reviews, report.0.services), (250, 750, 2));

    let ranking = app.get("/api/v1/challenges/open-call/ranking", Some(&manager)).await;
    assert_eq!(ranking.status, 200, "{}", ranking.text);
    let rows = ranking.body["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 250);
    assert!(rows.iter().all(|r| r["reviews"] == 3 && r["weighted_total"].is_f64()), "{}", ranking.text);
    let ranks: Vec<u64> = rows.iter().filter_map(|r| r["rank"].as_u64()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]) && ranks[0] == 1, "rows in rank order");
    assert_eq!(ranking.body["leniency"].as_object().expect("leniency").len(), 3);

    // Mixed states: drafts, submissions, decisions and withdrawals beside the proposals under review, and
    // seven in ten reviewed (under review, accepted or rejected).
    let store = app.store.clone();
    let mixed = tokio::task::spawn_blocking(move || {
        let plan = persistence::SyntheticPlan { proposals: 100, challenge: None, batch: 1000, all_under_review: false };
        store.synthetic_generate(&plan, |_| {}).expect("synthetic data")
    })
    .await
    .expect("join");
    assert_eq!((mixed.proposals, mixed.reviews, mixed.services), (100, 210, 1));
    // One service per hundred proposals, public, each with its page and its two tags.
    let catalogue = app.get("/api/v1/catalogue/services?limit=100&tag=sintetico", None).await;
    assert_eq!(catalogue.status, 200, "{}", catalogue.text);
    let slugs: Vec<&str> =
        catalogue.body["items"].as_array().expect("items").iter().filter_map(|s| s["slug"].as_str()).collect();
    assert_eq!(slugs.len(), 3, "{}", catalogue.text);
    for slug in slugs {
        let page = app.get(&format!("/api/v1/catalogue/services/{slug}"), None).await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert_eq!(page.body["state"], "published", "{}", page.text);
        assert_eq!(page.body["tags"], serde_json::json!(["cloud", "sintetico"]), "{}", page.text);
        assert_eq!(page.body["platforms"], serde_json::json!(["web"]), "{}", page.text);
    }
    for (state, count) in [("withdrawn", 10), ("accepted", 10), ("under_review", 250 + 50)] {
        let page = app.get(&format!("/api/v1/proposals?limit=100&state={state}"), Some(&manager)).await;
        assert_eq!(page.status, 200, "{}", page.text);
        let mut seen = page.body["items"].as_array().expect("items").len();
        let mut cursor = page.body["next_cursor"].as_str().map(str::to_owned);
        while let Some(c) = cursor {
            let next = app.get(&format!("/api/v1/proposals?limit=100&state={state}&cursor={c}"), Some(&manager)).await;
            seen += next.body["items"].as_array().expect("items").len();
            cursor = next.body["next_cursor"].as_str().map(str::to_owned);
        }
        assert_eq!(seen, count, "{state}");
    }
});

/// An open challenge of a new administration with these evaluation settings; returns its id.
async fn challenge_with(app: &TestApp, manager: &str, evaluation: Value) -> String {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let body = json!({"name": "Comune di Prova", "kind": "public_administration", "tax_code": "80004739258", "ipa_code": "c_prova"});
    let sponsor = app.post("/api/v1/organizations", Some(&admin), body).await;
    assert_eq!(sponsor.status, 201, "{}", sponsor.text);
    let body = json!({
        "slug": "soglie", "title_it": "Sfida con soglie", "description_it": "Una descrizione della sfida.",
        "sponsor_id": sponsor.body["id"], "opens_at": (Utc::now() - Duration::days(1)).to_rfc3339(),
        "closes_at": (Utc::now() + Duration::days(30)).to_rfc3339(), "evaluation": evaluation,
    });
    let created = app.post("/api/v1/challenges", Some(manager), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let opened = app.post(&format!("/api/v1/challenges/{id}/open"), Some(manager), Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    id
}

hub_test!(a_weighted_total_below_the_overall_threshold_fails_though_every_pillar_passes, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let proposer = proposer(&app).await;
    let eva = app.user_with_roles("eva@hub.example", &[Role::Evaluator], None).await;
    let thresholds = json!({"security_sovereignty": 2, "growth_development": 2, "talent_skills": 2, "effectiveness_sustainability": 2});
    let challenge =
        challenge_with(&app, &manager, json!({"thresholds": thresholds, "overall_threshold": 3.5, "min_reviews": 1}))
            .await;
    let p = under_review_in(&app, &proposer, &manager, "Proposta sotto la soglia complessiva", &challenge).await;
    review_scores(&app, &manager, &eva, &p, [4.0, 3.0, 3.0, 2.0]).await;

    let ranking = app.get(&format!("/api/v1/challenges/{challenge}/ranking"), Some(&manager)).await;
    assert_eq!(ranking.status, 200, "{}", ranking.text);
    let row = ranking.body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["proposal_id"] == p.as_str())
        .unwrap_or_else(|| panic!("p in {}", ranking.text));
    assert_eq!(row["weighted_total"].as_f64(), Some(3.0), "{row}");
    for (pillar, mean) in [
        ("security_sovereignty", 4.0),
        ("growth_development", 3.0),
        ("talent_skills", 3.0),
        ("effectiveness_sustainability", 2.0),
    ] {
        assert_eq!(row["means"][pillar].as_f64(), Some(mean), "every pillar reaches its threshold of 2: {row}");
    }
    assert_eq!(row["passes"], false, "3.0 is under the overall threshold of 3.5: {row}");
    // One review is enough here, so accepting needs an override for the total alone.
    let decided = app
        .post(
            &format!("/api/v1/proposals/{p}/decide"),
            Some(&manager),
            json!({"decision": "accept", "rationale": "Buona."}),
        )
        .await;
    let problem = decided.assert_problem(409, "override_required");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("thresholds")), "{problem}");
});

hub_test!(evaluators_two_points_apart_on_a_pillar_need_a_consensus, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let proposer = proposer(&app).await;
    let eva = app.user_with_roles("eva@hub.example", &[Role::Evaluator], None).await;
    let bruno = app.user_with_roles("bruno@hub.example", &[Role::Evaluator], None).await;
    let apart = under_review(&app, &proposer, &manager, "Proposta discussa").await;
    let close = under_review(&app, &proposer, &manager, "Proposta condivisa").await;
    // Two points apart on talent only; elsewhere the same.
    review_scores(&app, &manager, &eva, &apart, [4.0, 4.0, 4.5, 4.0]).await;
    review_scores(&app, &manager, &bruno, &apart, [4.0, 4.0, 2.5, 4.0]).await;
    // One and a half points apart at most.
    review_scores(&app, &manager, &eva, &close, [4.0, 4.0, 4.0, 4.0]).await;
    review_scores(&app, &manager, &bruno, &close, [2.5, 4.0, 4.0, 4.0]).await;

    let ranking = app.get("/api/v1/challenges/open-call/ranking", Some(&manager)).await;
    assert_eq!(ranking.status, 200, "{}", ranking.text);
    let rows = ranking.body["rows"].as_array().expect("rows");
    let row = |id: &str| rows.iter().find(|r| r["proposal_id"] == id).expect("a row").clone();
    assert_eq!(row(&apart)["needs_consensus"], true, "{}", ranking.text);
    assert_eq!(row(&close)["needs_consensus"], false, "{}", ranking.text);
});
