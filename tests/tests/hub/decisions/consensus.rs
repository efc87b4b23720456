//! Consensus (issue 19): a rapporteur a hub manager designates reconciles a split proposal's reviews into
//! agreed scores; the other evaluators concur or dissent; the final report is frozen, ranks and decides;
//! a decision the challenge wants reconciled first needs an override without it.

use super::*;

/// The consensus of proposal `id` as `token` reads it.
async fn consensus(app: &TestApp, token: Option<&str>, id: &str) -> Answer {
    app.get(&format!("/api/v1/proposals/{id}/consensus"), token).await
}

pub(super) async fn designate(app: &TestApp, token: &str, id: &str, rapporteur: &str) -> Answer {
    let path = format!("/api/v1/proposals/{id}/consensus/rapporteur");
    app.request(Method::PUT, &path, Some(token), json!({"rapporteur_id": rapporteur})).await
}

/// A complete draft agreeing `score` on every pillar but the first, which gets `first`.
pub(super) fn draft_body(first: f64, score: f64) -> Value {
    json!({
        "scores": {
            "security_sovereignty": first, "growth_development": score,
            "talent_skills": score, "effectiveness_sustainability": score
        },
        "justifications": {
            "security_sovereignty": "Le valutazioni divergevano (2 e 4,5): la cifratura c'è, le chiavi restano da chiarire.",
            "growth_development": "Valutazioni concordi.",
            "talent_skills": "Valutazioni concordi.",
            "effectiveness_sustainability": "Valutazioni concordi."
        },
        "comment": "Proposta solida; chiarire la gestione delle chiavi."
    })
}

pub(super) async fn save_draft(app: &TestApp, token: &str, id: &str, body: Value, if_match: Option<&str>) -> Answer {
    let url = format!("{}/api/v1/proposals/{id}/consensus", app.base);
    let mut request = app.client.request(Method::PUT, url).bearer_auth(token).json(&body);
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    TestApp::answer(request.send().await.expect("answer")).await
}

pub(super) async fn position(app: &TestApp, token: &str, id: &str, stance: &str, note: Option<&str>) -> Answer {
    let path = format!("/api/v1/proposals/{id}/consensus/position");
    app.request(Method::PUT, &path, Some(token), json!({"stance": stance, "note": note})).await
}

pub(super) async fn finalise(app: &TestApp, token: &str, id: &str) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/consensus/finalise"), Some(token), Value::Null).await
}

/// The audit actions recorded on proposal `id`.
async fn audited(app: &TestApp, admin: &str, id: &str) -> Vec<String> {
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&limit=100"), Some(admin)).await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or("").to_owned())
        .collect()
}

hub_test!(a_rapporteur_reconciles_a_split_proposal_and_the_decision_rests_on_the_agreed_scores, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let root = admin(&app).await;
    let org = organization(&app, &root, "Università di Prova", "university", UNIVERSITY_TAX).await;
    let title = "Registro federato delle chiavi";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    // Two evaluators give 4.5 everywhere, the third 2 on security: a spread of 2.5 needs consensus.
    let panel = reviewed(&app, &hub, &id, &org, 3, 2, [4.5; 4]).await;
    let (eva1, eva1_id, _) = &panel[0];
    let (eva2, _, _) = &panel[1];
    let (eva3, _, review3) = &panel[2];
    review(&app, eva3, review3, review_body([2.0, 4.5, 4.5, 4.5], "reviewer 3", "Chiavi non gestite.")).await;

    // Who reads it: the panel and hub managers; never the team; nobody signed out.
    let read = consensus(&app, Some(eva1), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["policy"], "when_needed");
    assert_eq!(read.body["required"], true, "{}", read.text);
    assert_eq!(read.body["state"], Value::Null);
    assert_eq!(read.body["panel"], 3);
    close(&read.body["reviews"]["disagreement"]["security_sovereignty"], 2.5);
    consensus(&app, Some(&anna), &id).await.assert_problem(404, "not_found");
    assert_eq!(consensus(&app, None, &id).await.status, 401);

    // Without a final report the decision needs an override either way.
    for verdict in ["accept", "reject"] {
        let refused = decide(&app, Some(&hub), &id, json!({"decision": verdict, "rationale": "Decisione."})).await;
        let problem = refused.assert_problem(409, "override_required");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("consensus")), "{problem}");
    }

    // Only a hub manager designates, and only a reviewer of the version or a hub manager free of it.
    designate(&app, eva1, &id, eva1_id).await.assert_problem(403, "forbidden");
    let anna_id = user_id(&app, &anna).await;
    let wrong = designate(&app, &hub, &id, &anna_id).await;
    let wrong = wrong.assert_problem(422, "validation_failed");
    assert_eq!(wrong["errors"][0]["code"], "not_a_rapporteur", "{wrong}");
    let designated = designate(&app, &hub, &id, eva1_id).await;
    assert_eq!(designated.status, 200, "{}", designated.text);
    assert_eq!(designated.body["state"], "draft");
    assert_eq!(designated.body["rapporteur_name"], "Staff Member", "the manager knows who: {}", designated.text);
    let mails = wait_mails(&app, "eva1@uni.example", title, "rapporteur", 1, StdDuration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "the rapporteur is emailed");
    assert!(link_in(&mails[0].body).ends_with(&format!("/consensus/{id}")), "{}", mails[0].body);

    // Nothing to concur on before the draft; only the rapporteur drafts, completely.
    position(&app, eva2, &id, "concur", None).await.assert_problem(409, "nothing_to_concur");
    save_draft(&app, eva2, &id, draft_body(3.5, 4.5), None).await.assert_problem(403, "forbidden");
    let mut partial = draft_body(3.5, 4.5);
    partial["justifications"].as_object_mut().expect("justifications").remove("talent_skills");
    partial["scores"]["growth_development"] = json!(5.5);
    let problem = save_draft(&app, eva1, &id, partial, None).await;
    let problem = problem.assert_problem(422, "validation_failed");
    let wrong: Vec<&str> =
        problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(
        wrong.contains(&"justifications.talent_skills") && wrong.contains(&"scores.growth_development"),
        "{wrong:?}"
    );
    let saved = save_draft(&app, eva1, &id, draft_body(3.5, 4.5), Some("\"r1\"")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert_eq!(saved.header("etag"), Some("\"r2\""));
    assert_eq!(saved.body["scores"]["security_sovereignty"], 3.5);
    assert_eq!(saved.body["pending"], 2);
    save_draft(&app, eva1, &id, draft_body(3.0, 4.5), Some("\"r1\"")).await.assert_problem(412, "precondition_failed");
    for other in ["eva2@uni.example", "eva3@uni.example"] {
        let mails = wait_mails(&app, other, title, "draft", 1, StdDuration::from_secs(15)).await;
        assert_eq!(mails.len(), 1, "the first draft is emailed to {other}");
    }

    // The rapporteur waits for every position; a dissent needs a note and does not block.
    finalise(&app, eva1, &id).await.assert_problem(409, "positions_pending");
    position(&app, eva1, &id, "concur", None).await.assert_problem(403, "forbidden");
    assert_eq!(position(&app, eva2, &id, "concur", None).await.status, 200);
    position(&app, eva3, &id, "dissent", Some("  ")).await.assert_problem(422, "validation_failed");
    position(&app, eva3, &id, "maybe", None).await.assert_problem(422, "validation_failed");
    let dissent = position(&app, eva3, &id, "dissent", Some("La sicurezza merita meno di 3,5.")).await;
    assert_eq!(dissent.status, 200, "{}", dissent.text);
    assert_eq!(dissent.body["pending"], 0);

    // Evaluators read each other anonymised; the manager reads names.
    let seen = consensus(&app, Some(eva2), &id).await;
    let positions = seen.body["positions"].as_array().expect("positions").clone();
    assert_eq!(positions.len(), 2, "{}", seen.text);
    let theirs = positions.iter().find(|p| p["stance"] == "dissent").expect("the dissent");
    assert_eq!(theirs["evaluator_name"], Value::Null, "{theirs}");
    assert_eq!(theirs["evaluator"], 3, "numbered in submission order: {theirs}");
    assert_eq!(theirs["yours"], false);
    assert!(positions.iter().any(|p| p["yours"] == true && p["evaluator_name"] == "Staff Member"), "{}", seen.text);
    assert_eq!(seen.body["rapporteur_name"], Value::Null, "{}", seen.text);
    let managed = consensus(&app, Some(&hub), &id).await;
    let named = managed.body["positions"].as_array().expect("positions");
    assert!(named.iter().all(|p| p["evaluator_name"] == "Staff Member"), "{}", managed.text);

    // Final and frozen.
    let done = finalise(&app, eva1, &id).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["state"], "final");
    assert!(done.body["finalised_at"].is_string());
    save_draft(&app, eva1, &id, draft_body(3.0, 4.5), None).await.assert_problem(409, "consensus_final");
    position(&app, eva2, &id, "dissent", Some("Ci ripenso.")).await.assert_problem(409, "consensus_final");
    designate(&app, &hub, &id, &user_id(&app, eva2).await).await.assert_problem(409, "consensus_final");
    let mails = wait_mails(&app, MANAGER, title, "now final", 1, StdDuration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "the manager who designated is told");

    // The ranking shows both; the decision rests on the agreed scores (3.5 + 3 × 4.5) / 4 = 4.25.
    let ranking = app.get("/api/v1/challenges/open-call/ranking", Some(&hub)).await;
    let row = ranking.body["rows"].as_array().expect("rows").iter().find(|r| r["proposal_id"] == id.as_str()).cloned();
    let row = row.unwrap_or_else(|| panic!("ranked: {}", ranking.text));
    close(&row["consensus_total"], 4.25);
    close(&row["weighted_total"], (11.0 / 3.0 + 3.0 * 4.5) / 4.0);
    assert_eq!(row["passes"], true);
    let url = format!("{}/api/v1/challenges/open-call/ranking", app.base);
    let csv = app.client.get(url).bearer_auth(&hub).header("accept", "text/csv").send().await.expect("answer");
    let csv = TestApp::answer(csv).await;
    assert!(csv.text.lines().next().is_some_and(|h| h.contains("consensus_total")), "{}", csv.text);
    let accepted =
        decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": "Consenso raggiunto."})).await;
    decided(&accepted, "accepted");

    // The team's feedback reads the agreed scores and the comment, beside the reviews as written.
    let read = feedback(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["scores_agreed"], true);
    assert_eq!(read.body["consensus_comment"], "Proposta solida; chiarire la gestione delle chiavi.");
    close(&read.body["pillars"]["security_sovereignty"]["mean"], 3.5);
    close(&read.body["weighted_total"], 4.25);
    assert_eq!(read.body["reviews"].as_array().map(Vec::len), Some(3));
    assert!(!read.text.contains("Le valutazioni divergevano"), "the justifications are the panel's: {}", read.text);

    // Each one's personal data export holds what they wrote.
    let export = app.get("/api/v1/me/export", Some(eva1)).await;
    let drafted = export.body["consensus"].as_array().expect("consensus").clone();
    assert!(drafted.iter().any(|a| a["kind"] == "rapporteur" && a["comment"].as_str().is_some()), "{}", export.text);
    let export = app.get("/api/v1/me/export", Some(eva3)).await;
    let taken = export.body["consensus"].as_array().expect("consensus").clone();
    assert!(
        taken.iter().any(|a| a["kind"] == "position" && a["note"] == "La sicurezza merita meno di 3,5."),
        "{}",
        export.text
    );

    let actions = audited(&app, &root, &id).await;
    for action in ["consensus.rapporteur", "consensus.drafted", "consensus.position", "consensus.finalised"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
});

hub_test!(a_challenge_always_asking_for_consensus_and_a_manager_who_closes_the_report, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let root = admin(&app).await;
    let org = organization(&app, &root, "Università di Prova", "university", UNIVERSITY_TAX).await;
    let sponsor = organization(&app, &root, "Comune di Valdora", "public_administration", "80004739258").await;
    let body = json!({
        "slug": "sempre-consenso", "title_it": "Sempre il consenso", "description_it": "Ogni proposta si concilia.",
        "sponsor_id": sponsor, "opens_at": in_days(-1), "closes_at": in_days(30),
        "evaluation": {"min_reviews": 2, "consensus": "sometimes"}
    });
    app.post("/api/v1/challenges", Some(&hub), body.clone()).await.assert_problem(422, "validation_failed");
    let mut body = body;
    body["evaluation"]["consensus"] = json!("always");
    let created = app.post("/api/v1/challenges", Some(&hub), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["evaluation"]["consensus"], "always");
    assert_eq!(app.post("/api/v1/challenges/sempre-consenso/open", Some(&hub), Value::Null).await.status, 200);

    let title = "Sportello unico concorde";
    let id = under_review(&app, &anna, &hub, title, "sempre-consenso").await;
    let panel = reviewed(&app, &hub, &id, &org, 2, 2, [4.0; 4]).await;
    let read = consensus(&app, Some(&hub), &id).await;
    assert_eq!(read.body["required"], true, "agreeing reviews, but the challenge always asks: {}", read.text);
    assert_eq!(read.body["reviews"]["needs_consensus"], false);

    // A hub manager may be the rapporteur, and closes the report without waiting for positions.
    let hub_id = user_id(&app, &hub).await;
    assert_eq!(designate(&app, &hub, &id, &hub_id).await.status, 200);
    finalise(&app, &hub, &id).await.assert_problem(409, "nothing_to_concur");
    let saved = save_draft(&app, &hub, &id, draft_body(2.0, 2.5), None).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert_eq!(saved.body["you_are_rapporteur"], true);
    assert_eq!(saved.body["pending"], 2, "both evaluators: {}", saved.text);
    let done = finalise(&app, &hub, &id).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["pending"], 2, "closed without them");

    // The agreed scores fail the thresholds where the reviews passed: accepting needs an override,
    // rejecting none.
    let refused = decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": "Bene."})).await;
    let problem = refused.assert_problem(409, "override_required");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("thresholds")), "{problem}");
    decided(
        &decide(&app, Some(&hub), &id, json!({"decision": "reject", "rationale": "Sotto le soglie."})).await,
        "rejected",
    );

    // A decided proposal takes no new rapporteur.
    designate(&app, &hub, &id, &panel[0].1).await.assert_problem(409, "consensus_closed");
});
