//! The evaluation summary (issue 19, access to the records): after the decision the team reads and
//! downloads the record of its evaluation — the decision and who took it, the rules, the scores it rested
//! on beside the reviews' means, the final consensus report, the anonymised reviews and the timeline — as
//! JSON and as a printable page; nobody else does, and nobody before the decision.

use super::consensus::{designate, draft_body, finalise, position, save_draft};
use super::*;

async fn summary(app: &TestApp, token: Option<&str>, id: &str) -> Answer {
    app.get(&format!("/api/v1/proposals/{id}/evaluation-summary"), token).await
}

/// The events of the summary's timeline, in order.
fn events(body: &Value) -> Vec<String> {
    body["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .map(|s| s["event"].as_str().expect("an event").to_owned())
        .collect()
}

hub_test!(the_team_reads_the_evaluation_summary_with_the_consensus_report_after_the_decision, |app| {
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let title = "Registro federato delle chiavi";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    // Two evaluators give 4.5 everywhere, the third 2 on security: the split needs a consensus.
    let panel = reviewed(&app, &hub, &id, &org, 3, 2, [4.5; 4]).await;
    let (eva1, eva1_id, _) = &panel[0];
    let (eva2, _, _) = &panel[1];
    let (eva3, _, review3) = &panel[2];
    review(&app, eva3, review3, review_body([2.0, 4.5, 4.5, 4.5], "reviewer 3", "Chiavi non gestite.")).await;

    // Before the decision there is no record to read, for the team and the hub alike.
    summary(&app, Some(&anna), &id).await.assert_problem(409, "not_decided");
    summary(&app, Some(&hub), &id).await.assert_problem(409, "not_decided");
    let early = app.signed_in(ANNA, "it").await;
    let page = early.get(&format!("/proposals/{id}/summary")).await;
    assert_eq!(page.status, 409, "{}", page.text);
    assert!(page.header("content-type").is_some_and(|t| t.starts_with("text/html")), "an error page");

    // The rapporteur agrees 2.5 on security and 4.5 elsewhere; one concurs, one dissents with a note.
    assert_eq!(designate(&app, &hub, &id, eva1_id).await.status, 200);
    assert_eq!(save_draft(&app, eva1, &id, draft_body(2.5, 4.5), None).await.status, 200);
    assert_eq!(position(&app, eva2, &id, "concur", None).await.status, 200);
    let dissent_note = "DISSENT-NOTE-5e1: la sicurezza merita di più.";
    assert_eq!(position(&app, eva3, &id, "dissent", Some(dissent_note)).await.status, 200);
    assert_eq!(finalise(&app, eva1, &id).await.status, 200);
    let rationale = "La sicurezza resta sotto la soglia anche nella relazione di consenso.";
    hub_tests::funnel::notice_answered(&app, &hub, &anna, &id).await;
    let body = json!({"decision": "reject", "rationale": rationale, "observations_reply": hub_tests::funnel::REPLY});
    decided(&decide(&app, Some(&hub), &id, body).await, "rejected");

    let read = summary(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let s = &read.body;
    assert_eq!(s["proposal"]["id"], id.as_str());
    assert_eq!(s["proposal"]["title"], title);
    assert_eq!(s["proposal"]["organization"], "Aurora Labs S.r.l.");
    assert_eq!(s["proposal"]["version"], 1);
    assert!(s["proposal"]["submitted_at"].is_string(), "{}", read.text);
    assert_eq!(s["challenge"]["slug"], "open-call");
    assert_eq!(s["decision"]["outcome"], "reject");
    assert_eq!(s["decision"]["rationale"], rationale);
    assert_eq!(s["decision"]["decided_by"], "Staff Member", "the deciding officer is named");
    assert_eq!(s["decision"]["override_reason"], Value::Null);
    assert_eq!(s["rules"]["min_reviews"], 3, "{}", read.text);
    assert_eq!(s["rules"]["consensus"], "when_needed");
    close(&s["rules"]["thresholds"]["security_sovereignty"], 3.0);
    assert_eq!(s["rules"]["weights"]["talent_skills"], 25);
    // The decision rested on the agreed scores; the reviews' means stand beside them.
    assert_eq!(s["scores"]["basis"], "consensus");
    let security = &s["scores"]["pillars"]["security_sovereignty"];
    close(&security["score"], 2.5);
    close(&security["reviews_mean"], 11.0 / 3.0);
    assert_eq!(security["passes"], false, "{security}");
    close(&s["scores"]["pillars"]["growth_development"]["score"], 4.5);
    close(&s["scores"]["weighted_total"], (2.5 + 3.0 * 4.5) / 4.0);
    close(&s["scores"]["reviews_weighted_total"], (11.0 / 3.0 + 3.0 * 4.5) / 4.0);
    // The report: justifications and comment, the positions anonymised and without the dissent's note.
    let report = &s["consensus"];
    let why = report["justifications"]["security_sovereignty"].as_str().expect("a justification");
    assert!(why.contains("le chiavi restano da chiarire"), "{why}");
    assert_eq!(report["comment"], "Proposta solida; chiarire la gestione delle chiavi.");
    close(&report["scores"]["security_sovereignty"], 2.5);
    let positions: Vec<(&str, &str)> = report["positions"]
        .as_array()
        .expect("positions")
        .iter()
        .map(|p| (p["evaluator"].as_str().unwrap_or(""), p["stance"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(positions, [("Evaluator 2", "concur"), ("Evaluator 3", "dissent")], "{}", read.text);
    // The reviews, in submission order, with when each was submitted.
    let reviews = s["reviews"].as_array().expect("reviews");
    assert_eq!(reviews.len(), 3);
    assert_eq!(reviews[2]["evaluator"], "Evaluator 3");
    close(&reviews[2]["scores"]["security_sovereignty"], 2.0);
    assert!(reviews.iter().all(|r| r["submitted_at"].is_string()), "{}", read.text);
    // The timeline: the funnel, the three reviews, the report, the decision last.
    let steps = events(s);
    assert_eq!(steps.first().map(String::as_str), Some("create"), "{steps:?}");
    assert_eq!(steps.last().map(String::as_str), Some("decide_reject"), "{steps:?}");
    assert_eq!(steps.iter().filter(|e| *e == "review_submitted").count(), 3, "{steps:?}");
    let at = |e: &str| steps.iter().position(|s| s == e).unwrap_or_else(|| panic!("{e} in {steps:?}"));
    assert!(at("submit") < at("screen_eligible") && at("screen_eligible") < at("review_submitted"), "{steps:?}");
    assert!(at("consensus_finalised") < at("decide_reject"), "{steps:?}");
    assert!(!steps.contains(&"edit".to_owned()), "drafting is not the procedure: {steps:?}");
    let by: Vec<&str> = s["timeline"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["event"] == "review_submitted")
        .map(|s| s["by"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(by, ["Evaluator 1", "Evaluator 2", "Evaluator 3"]);
    // Nothing that names an evaluator, nor what the panel kept for itself.
    let secrets =
        [eva1_id.as_str(), review3.as_str(), "uni.example", "Confidential note", "Chiavi non gestite", dissent_note];
    for secret in secrets {
        assert!(!read.text.contains(secret), "{secret} leaked: {}", read.text);
    }

    // The hub reads the same record; nobody else has one.
    let by_hub = summary(&app, Some(&hub), &id).await;
    assert_eq!(by_hub.status, 200, "{}", by_hub.text);
    let strip = |mut v: Value| {
        v["generated_at"] = Value::Null;
        v
    };
    assert_eq!(strip(by_hub.body.clone()), strip(read.body.clone()));
    summary(&app, Some(&nico), &id).await.assert_problem(404, "not_found");
    summary(&app, Some(eva1), &id).await.assert_problem(404, "not_found");
    summary(&app, None, &id).await.assert_problem(401, "unauthenticated");
    summary(&app, Some(&anna), &uuid::Uuid::now_v7().to_string()).await.assert_problem(404, "not_found");

    // The printable page, in Italian, and the same record downloaded as JSON.
    let visitor = app.signed_in(ANNA, "it").await;
    let feedback = visitor.get(&format!("/proposals/{id}/feedback")).await;
    assert!(feedback.text.contains(&format!("href=\"/proposals/{id}/summary\"")), "{}", feedback.text);
    let page = visitor.get(&format!("/proposals/{id}/summary")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    for text in [
        "<h1>Relazione di sintesi della valutazione</h1>",
        "Aurora Labs S.r.l.",
        rationale,
        "le chiavi restano da chiarire",
        "Valutatore 3: dissente",
        "Valutatore 2: concorda",
        "Relazione di consenso approvata",
        "<td class=\"score\">2,50</td>",
        "Per accettare una proposta la sfida richiede almeno 3 valutazioni.",
        &format!("href=\"/proposals/{id}/summary.json\""),
    ] {
        assert!(page.text.contains(text), "{text} missing: {}", page.text);
    }
    for secret in secrets {
        assert!(!page.text.contains(secret), "{secret} leaked on the page");
    }
    let download = visitor.get(&format!("/proposals/{id}/summary.json")).await;
    assert_eq!(download.status, 200, "{}", download.text);
    let disposition = download.header("content-disposition").unwrap_or_default().to_owned();
    assert!(disposition.starts_with("attachment;") && disposition.contains(&id), "{disposition}");
    let kept: Value = serde_json::from_str(&download.text).expect("JSON");
    assert_eq!(strip(kept), strip(read.body.clone()), "the download is the API's record");
    // Another organisation's proposer and an evaluator find no page.
    let other = app.signed_in("nico@nuvola.example", "it").await;
    assert_eq!(other.get(&format!("/proposals/{id}/summary")).await.status, 404);
    assert_eq!(other.get(&format!("/proposals/{id}/summary.json")).await.status, 404);
    let evaluator_page = app.signed_in("eva1@uni.example", "it").await;
    assert_eq!(evaluator_page.get(&format!("/proposals/{id}/summary")).await.status, 404);
});

hub_test!(a_summary_of_a_decision_without_scores_says_so_and_keeps_the_override_for_the_hub, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let id = under_review(&app, &anna, &hub, "Accettata senza valutazioni", "open-call").await;
    let body =
        json!({"decision": "accept", "rationale": "Progetto pilota.", "override_reason": "OVERRIDE-7a: pilota."});
    decided(&decide(&app, Some(&hub), &id, body).await, "accepted");

    let team = summary(&app, Some(&anna), &id).await;
    assert_eq!(team.status, 200, "{}", team.text);
    assert_eq!(team.body["decision"]["outcome"], "accept");
    assert_eq!(team.body["scores"], Value::Null, "no scored review: {}", team.text);
    assert_eq!(team.body["consensus"], Value::Null);
    assert_eq!(team.body["reviews"], json!([]));
    assert_eq!(events(&team.body).last().map(String::as_str), Some("decide_accept"));
    // The override's reason is the hub's record.
    assert!(!team.text.contains("OVERRIDE-7a"), "{}", team.text);
    let hub_read = summary(&app, Some(&hub), &id).await;
    assert_eq!(hub_read.body["decision"]["override_reason"], "OVERRIDE-7a: pilota.");

    // In English, the account's language.
    let english = app.request(Method::PATCH, "/api/v1/me", Some(&anna), json!({"locale": "en"})).await;
    assert_eq!(english.status, 200, "{}", english.text);
    let visitor = app.signed_in(ANNA, "en").await;
    let page = visitor.get(&format!("/proposals/{id}/summary")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("<h1>Evaluation summary report</h1>"), "{}", page.text);
    assert!(page.text.contains("No review scored every pillar"), "{}", page.text);
    assert!(!page.text.contains("OVERRIDE-7a"), "{}", page.text);
});
