//! Fifty racers creating one thing: a service promoted from a proposal, a proposal under one
//! idempotency key.

use super::*;

hub_test!(fifty_promotions_of_one_proposal_create_one_service, |app| {
    let (anna, user) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let editor = app.user_with_roles(EDITOR, &[Role::CatalogueEditor], None).await;
    let title = "Gateway promosso una volta";
    let id = reviewed(&app, &anna, &hub, &admin, title, 1).await;
    let decision = json!({"decision": "accept", "rationale": "Utile.", "override_reason": "One review suffices here."});
    moved(&app, &hub, &id, "decide", decision, "accepted").await;

    let answers = app
        .concurrently(RACERS, |_, client, base| {
            client.post(format!("{base}/api/v1/proposals/{id}/promote")).bearer_auth(&editor)
        })
        .await;
    let winner = one_winner(&answers, 201, 409, &["invalid_transition", "concurrent_change"]);
    assert_eq!(winner.body["slug"], "gateway-promosso-una-volta", "{}", winner.text);
    assert_eq!(winner.body["origin_proposal_id"], id.as_str());
    assert_eq!(winner.body["state"], "draft");
    assert_eq!(winner.body["provider_id"], user["organization_id"]);

    // Exactly one service (no `-2` slug), the proposal promoted once.
    let list = app.get("/api/v1/catalogue/services?limit=100", Some(&editor)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let services = list.body["items"].as_array().expect("items");
    let slugs: Vec<&str> = services.iter().map(|s| s["slug"].as_str().expect("slug")).collect();
    assert_eq!(slugs, ["gateway-promosso-una-volta"], "{}", list.text);
    assert_eq!(services[0]["id"], winner.body["id"]);
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(read.body["state"], "promoted", "{}", read.text);
    let steps = history(&app, &anna, &id).await;
    let promotions = steps.iter().filter(|s| s["action"] == "promote").count();
    assert_eq!(promotions, 1, "{steps:?}");
    let service_steps = app.get("/api/v1/catalogue/services/gateway-promosso-una-volta/history", Some(&editor)).await;
    assert_eq!(service_steps.status, 200, "{}", service_steps.text);
    assert_eq!(service_steps.body["items"].as_array().map(Vec::len), Some(1), "{}", service_steps.text);
    let entries = audited(&app, &admin, "proposal", &id).await;
    let audited_moves = entries.iter().filter(|e| e["details"]["action"] == "promote").count();
    assert_eq!(audited_moves, 1, "{entries:?}");
    chain_intact(&app);
    let (_, mails) = mailed_once(&app, MailTemplate::ProposalPromoted, ANNA).await;
    assert_eq!(mails.len(), 1, "the promotion email delivered once: {mails:?}");
    assert!(mails[0].body.contains(title), "{}", mails[0].body);
    let promoted_mails = mails.len();

    eprintln!(
        "race promote/{}: {RACERS} requests, {}, {} service, {} history row, {} audit row, {} email",
        engine(app.backend),
        tally(&answers),
        slugs.len(),
        promotions,
        audited_moves,
        promoted_mails
    );
});

/// POSTs `body` to /proposals as `token` with `key`.
fn create_with_key(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    client.post(format!("{base}/api/v1/proposals")).bearer_auth(token).header("Idempotency-Key", key).json(body)
}

hub_test!(fifty_creations_with_one_idempotency_key_create_one_proposal, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let admin = admin(&app).await;
    let body = hub_tests::funnel::complete("Created once under fire", "open-call");

    let answers =
        app.concurrently(RACERS, |_, client, base| create_with_key(client, base, &anna, "race-key-1", &body)).await;
    assert!(answers.iter().all(|a| a.status == 200 || a.status == 201), "{}: {:?}", tally(&answers), answers);
    let created: Vec<&Answer> = answers.iter().filter(|a| a.status == 201).collect();
    assert_eq!(created.len(), 1, "one creation, the rest replays: {}", tally(&answers));
    let id = created[0].body["id"].as_str().expect("id").to_owned();
    for answer in &answers {
        assert_eq!(answer.body["id"], id.as_str(), "every answer names the one proposal: {}", answer.text);
        assert_eq!(answer.body["title"], "Created once under fire");
        assert_eq!(answer.body["state"], "draft");
        assert_eq!(answer.header("location"), Some(format!("/api/v1/proposals/{id}").as_str()));
        assert_eq!(answer.header("etag"), created[0].header("etag"));
    }
    let list = app.get("/api/v1/proposals?limit=100", Some(&anna)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let ids: Vec<&str> =
        list.body["items"].as_array().expect("items").iter().map(|p| p["id"].as_str().expect("id")).collect();
    assert_eq!(ids, [id.as_str()], "exactly one proposal exists");
    assert_eq!(actions(&history(&app, &anna, &id).await), ["create"]);
    let entries = audited(&app, &admin, "proposal", &id).await;
    assert_eq!(entries.iter().filter(|e| e["action"] == "proposal.created").count(), 1, "{entries:?}");
    // A later retry still answers the same proposal.
    let retry = TestApp::answer(
        create_with_key(&app.client, &app.base, &anna, "race-key-1", &body).send().await.expect("answer"),
    )
    .await;
    assert_eq!((retry.status, retry.body["id"].as_str()), (200, Some(id.as_str())), "{}", retry.text);
    let replays = answers.iter().filter(|a| a.status == 200).count();

    // The same key with another body is refused (422 on the key), sequentially and in a race.
    let other = hub_tests::funnel::complete("A different proposal", "open-call");
    let reused = TestApp::answer(
        create_with_key(&app.client, &app.base, &anna, "race-key-1", &other).send().await.expect("answer"),
    )
    .await;
    let problem = reused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key", "{}", reused.text);
    assert_eq!(problem["errors"][0]["code"], "idempotency_key_reused", "{}", reused.text);

    // Half the racers send one body, half another, with a fresh key: one proposal; the body that won
    // is answered 201/200, the other 422.
    let bodies = [body.clone(), other.clone()];
    let mixed = app
        .concurrently(RACERS, |i, client, base| create_with_key(client, base, &anna, "race-key-2", &bodies[i % 2]))
        .await;
    assert!(mixed.iter().all(|a| [200, 201, 422].contains(&a.status)), "{}: {mixed:?}", tally(&mixed));
    let made: Vec<&Answer> = mixed.iter().filter(|a| a.status == 201).collect();
    assert_eq!(made.len(), 1, "{}", tally(&mixed));
    let second = made[0].body["id"].as_str().expect("id").to_owned();
    let won_title = made[0].body["title"].as_str().expect("title").to_owned();
    for answer in &mixed {
        if answer.status == 422 {
            let problem = answer.assert_problem(422, "validation_failed");
            assert_eq!(problem["errors"][0]["code"], "idempotency_key_reused", "{}", answer.text);
        } else {
            assert_eq!(answer.body["id"], second.as_str(), "{}", answer.text);
            assert_eq!(answer.body["title"], won_title.as_str(), "{}", answer.text);
        }
    }
    let losers = mixed.iter().filter(|a| a.status == 422).count();
    assert_eq!(losers, RACERS / 2, "exactly the other body's racers are refused: {}", tally(&mixed));
    let list = app.get("/api/v1/proposals?limit=100", Some(&anna)).await;
    let count = list.body["items"].as_array().expect("items").len();
    assert_eq!(count, 2, "one proposal per key: {}", list.text);

    eprintln!(
        "race idempotent-create/{}: {RACERS} requests, {} ({replays} replays of one id), 1 proposal; \
         mixed bodies: {}, 1 proposal",
        engine(app.backend),
        tally(&answers),
        tally(&mixed)
    );
});
