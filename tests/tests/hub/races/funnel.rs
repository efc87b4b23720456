//! Fifty racers on one funnel step: submitting a draft, deciding a proposal, submitting a review.

use super::*;

hub_test!(fifty_submits_of_one_draft_submit_it_once, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let admin = admin(&app).await;
    let title = "Submitted once under fire";
    let id = draft(&app, &anna, title, "open-call").await;

    let answers = app
        .concurrently(RACERS, |_, client, base| {
            client.post(format!("{base}/api/v1/proposals/{id}/submit")).bearer_auth(&anna)
        })
        .await;
    let winner = one_winner(&answers, 200, 409, &["invalid_transition", "concurrent_change"]);
    assert_eq!(winner.body["id"], id.as_str());
    assert_eq!(winner.body["state"], "submitted");
    assert_eq!(winner.body["version"], 1);
    assert!(winner.body["submitted_at"].is_string(), "{}", winner.text);

    // The proposal: submitted once, at version 1, as the winner answered.
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!((read.body["state"].as_str(), read.body["version"].as_i64()), (Some("submitted"), Some(1)));
    assert_eq!(read.body["submitted_at"], winner.body["submitted_at"]);
    assert_eq!(read.header("etag"), winner.header("etag"), "no change after the winner's");
    let steps = history(&app, &anna, &id).await;
    assert_eq!(actions(&steps), ["create", "submit"], "{steps:?}");
    assert_eq!((steps[1]["from_state"].as_str(), steps[1]["to_state"].as_str()), (Some("draft"), Some("submitted")));
    assert_eq!(steps[1]["version"], 1);
    let snapshot = app.get(&format!("/api/v1/proposals/{id}/versions/1"), Some(&anna)).await;
    assert_eq!((snapshot.status, snapshot.body["title"].as_str()), (200, Some(title)), "{}", snapshot.text);
    app.get(&format!("/api/v1/proposals/{id}/versions/2"), Some(&anna)).await.assert_problem(404, "not_found");

    // One audit entry for the move, one email to the team.
    let entries = audited(&app, &admin, "proposal", &id).await;
    let moves: Vec<&Value> = entries.iter().filter(|e| e["action"] == "proposal.moved").collect();
    assert_eq!(moves.len(), 1, "{entries:?}");
    assert_eq!(moves[0]["details"], json!({"action": "submit", "from": "draft", "to": "submitted"}));
    chain_intact(&app);
    let rows = outbox(&app).into_iter().filter(|m| m.mail.template == MailTemplate::ProposalSubmitted).count();
    assert_eq!(rows, 1, "one outbox row for the submission");
    let (_, mails) = mailed_once(&app, MailTemplate::ProposalSubmitted, ANNA).await;
    assert_eq!(mails.len(), 1, "the submission email delivered once: {mails:?}");
    // (The subject is checked by its last word: the harness splits RFC 2047 words of long subjects.)
    assert!(mails[0].subject.ends_with("inviata") && mails[0].body.contains(title), "{:?}", mails[0]);

    eprintln!(
        "race submit/{}: {RACERS} requests, {}, {} history row, {} audit row, {} email",
        engine(app.backend),
        tally(&answers),
        steps.iter().filter(|s| s["action"] == "submit").count(),
        moves.len(),
        mails.len()
    );
});

hub_test!(fifty_decisions_on_one_proposal_decide_once, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let title = "Decided once under fire";
    let id = reviewed(&app, &anna, &hub, &admin, title, 3).await;

    let answers = app
        .concurrently(RACERS, |i, client, base| {
            client
                .post(format!("{base}/api/v1/proposals/{id}/decide"))
                .bearer_auth(&hub)
                .json(&json!({"decision": "accept", "rationale": format!("Rationale number {i:02}.")}))
        })
        .await;
    let winner = one_winner(&answers, 200, 409, &["invalid_transition", "concurrent_change"]);
    assert_eq!(winner.body["state"], "accepted", "{}", winner.text);
    let index = answers.iter().position(|a| a.status == 200).expect("a winner");
    let rationale = format!("Rationale number {index:02}.");

    // One decision, the winner's: in the history, the audit log, the feedback and one email.
    let steps = history(&app, &hub, &id).await;
    let decisions: Vec<&Value> =
        steps.iter().filter(|s| s["action"].as_str().is_some_and(|a| a.starts_with("decide_"))).collect();
    assert_eq!(decisions.len(), 1, "{steps:?}");
    assert_eq!(decisions[0]["action"], "decide_accept");
    assert_eq!(decisions[0]["note"], rationale.as_str());
    assert_eq!(steps.last(), Some(decisions[0]), "nothing after the decision");
    let entries = audited(&app, &admin, "proposal", &id).await;
    let audited_decisions: Vec<&Value> =
        entries.iter().filter(|e| e["details"]["action"].as_str().is_some_and(|a| a.starts_with("decide_"))).collect();
    assert_eq!(audited_decisions.len(), 1, "{entries:?}");
    assert_eq!(audited_decisions[0]["details"]["to"], "accepted");
    chain_intact(&app);
    let feedback = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&anna)).await;
    assert_eq!(feedback.status, 200, "{}", feedback.text);
    assert_eq!(
        (feedback.body["decision"].as_str(), feedback.body["rationale"].as_str()),
        (Some("accept"), Some(rationale.as_str()))
    );
    let rows = outbox(&app).into_iter().filter(|m| m.mail.template == MailTemplate::Decision).count();
    assert_eq!(rows, 1, "one decision email in the outbox");
    let (_, decision_mails) = mailed_once(&app, MailTemplate::Decision, ANNA).await;
    assert_eq!(decision_mails.len(), 1, "the decision email delivered once: {decision_mails:?}");
    assert!(decision_mails[0].body.contains(title), "{}", decision_mails[0].body);
    assert!(decision_mails[0].body.contains(&rationale), "the winner's rationale: {}", decision_mails[0].body);

    eprintln!(
        "race decide/{}: {RACERS} requests, {}, {} history row, {} audit row, {} email",
        engine(app.backend),
        tally(&answers),
        decisions.len(),
        audited_decisions.len(),
        decision_mails.len()
    );
});

hub_test!(fifty_submits_of_one_review_submit_it_once, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva@uni.example", None).await;
    let id = under_review(&app, &anna, &hub, "Reviewed once under fire", "open-call").await;
    let review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    confirm(&app, &eva, &review).await;
    let saved = save(&app, &eva, &review, review_body(3.5, "eva")).await;
    assert_eq!((saved.status, saved.body["state"].as_str()), (200, Some("in_progress")), "{}", saved.text);
    let mails_before = outbox(&app).len();

    let answers = app
        .concurrently(RACERS, |_, client, base| {
            client.post(format!("{base}/api/v1/reviews/{review}/submit")).bearer_auth(&eva)
        })
        .await;
    let winner = one_winner(&answers, 200, 409, &["invalid_transition"]);
    assert_eq!(winner.body["state"], "submitted", "{}", winner.text);
    assert!(winner.body["submitted_at"].is_string(), "{}", winner.text);

    // One submitted review, frozen with the saved content.
    let read = app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["state"], "submitted");
    assert_eq!(read.body["submitted_at"], winner.body["submitted_at"]);
    assert_eq!(read.body["overall_comment"], "Overall comment by eva.");
    let reviews = app.get(&format!("/api/v1/proposals/{id}/reviews"), Some(&hub)).await;
    assert_eq!(reviews.status, 200, "{}", reviews.text);
    let listed = reviews.body["items"].as_array().expect("reviews");
    let submitted: Vec<&Value> = listed.iter().filter(|r| r["state"] == "submitted").collect();
    assert_eq!(submitted.len(), 1, "{}", reviews.text);
    assert_eq!(submitted[0]["id"], review.as_str());
    let entries = audited(&app, &admin, "assignment", &review).await;
    let submits: Vec<&Value> = entries.iter().filter(|e| e["details"]["action"] == "submit").collect();
    assert_eq!(submits.len(), 1, "{entries:?}");
    assert_eq!(submits[0]["action"], "review.moved");
    chain_intact(&app);
    // A submitted review sends no email: the outbox did not grow.
    assert_eq!(outbox(&app).len(), mails_before, "{:?}", outbox(&app));
    // The proposal did not move.
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&hub)).await.body["state"], "under_review");

    eprintln!(
        "race review-submit/{}: {RACERS} requests, {}, 1 submitted review, {} audit row, 0 emails",
        engine(app.backend),
        tally(&answers),
        submits.len()
    );
});
