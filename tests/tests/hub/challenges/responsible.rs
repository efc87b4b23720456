//! Every challenge names its responsible officer (*responsabile del procedimento*), a hub manager: named
//! by a hub manager, or whoever opens it; shown on the challenge, its public page, the submission
//! receipt and the decision.

use super::*;

/// The id of the account `token` signs in to.
async fn id_of(app: &TestApp, token: &str) -> String {
    app.get("/api/v1/me", Some(token)).await.body["id"].as_str().expect("id").to_owned()
}

hub_test!(a_hub_manager_names_the_responsible_officer_and_whoever_opens_a_challenge_without_one_is, |app| {
    let hub = manager(&app).await;
    let hub_id = id_of(&app, &hub).await;
    let marta = app.user_with_roles("marta@hub.example", &[Role::HubManager], None).await;
    let renamed = app.request(Method::PATCH, "/api/v1/me", Some(&marta), json!({"display_name": "Marta Galli"})).await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    let marta_id = id_of(&app, &marta).await;
    let evaluator = app.user_with_roles("eva@hub.example", &[Role::Evaluator], None).await;
    let evaluator_id = id_of(&app, &evaluator).await;
    let sponsor = administration(&app).await;

    // Only an open hub manager's account: anyone else, an unknown id or none is refused on the field.
    for who in [evaluator_id.as_str(), "0192f0a1-2a3b-7c4d-9e5f-60718293a4b5", "not-an-id"] {
        let refused = create(&app, &hub, with(body("sfida-rifiutata", &sponsor), json!({"responsible_id": who}))).await;
        assert_eq!(fields(&refused), ["responsible_id"], "{who}: {}", refused.text);
    }

    // Named at creation: kept when opened, read back with the name.
    let named =
        create_ok(&app, &hub, with(body("sfida-nominata", &sponsor), json!({"responsible_id": marta_id}))).await;
    assert_eq!(named["responsible_id"], marta_id.as_str());
    let opened = act(&app, &hub, named["id"].as_str().expect("id"), "open").await;
    assert_eq!(opened["responsible_id"], marta_id.as_str(), "the one named stays");
    let read = app.get("/api/v1/challenges/sfida-nominata", None).await;
    assert_eq!(
        (read.body["responsible_id"].as_str(), read.body["responsible_name"].as_str()),
        (Some(marta_id.as_str()), Some("Marta Galli"))
    );

    // None named: the hub manager who opens it becomes it, as the audit log says.
    let plain = create_ok(&app, &hub, body("sfida-semplice", &sponsor)).await;
    assert_eq!(plain["responsible_id"], Value::Null);
    let opened = act(&app, &hub, plain["id"].as_str().expect("id"), "open").await;
    assert_eq!(opened["responsible_id"], hub_id.as_str());
    // (`administration` made the admin.)
    let root = app.token("admin@hub.example").await;
    let audit = app
        .get(
            &format!("/api/v1/audit?action=challenge.state_changed&target_id={}", plain["id"].as_str().expect("id")),
            Some(&root),
        )
        .await;
    assert_eq!(audit.body["items"][0]["details"]["responsible_id"], hub_id.as_str(), "{}", audit.text);

    // Replaced by a hub manager's edit (with If-Match), never by an evaluator.
    let tag = app.get("/api/v1/challenges/sfida-semplice", Some(&hub)).await.header("etag").expect("etag").to_owned();
    let replaced = patch(&app, "sfida-semplice", Some(&hub), Some(&tag), json!({"responsible_id": marta_id})).await;
    assert_eq!(
        (replaced.status, replaced.body["responsible_id"].as_str()),
        (200, Some(marta_id.as_str())),
        "{}",
        replaced.text
    );

    // The public page names them.
    let page = app.visitor("it").get("/challenges/sfida-nominata").await;
    assert!(page.text.contains("Responsabile del procedimento") && page.text.contains("Marta Galli"), "{}", page.text);
});

hub_test!(an_officer_names_no_responsible_officer_and_applicants_are_told_who_it_is, |app| {
    let hub = manager(&app).await;
    let marta = app.user_with_roles("marta@hub.example", &[Role::HubManager], None).await;
    let renamed = app.request(Method::PATCH, "/api/v1/me", Some(&marta), json!({"display_name": "Marta Galli"})).await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    let marta_id = id_of(&app, &marta).await;
    let root = hub_tests::funnel::admin(&app).await;
    let (officer, org) =
        crate::needs::officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219")
            .await;

    // An officer's draft may not name one (403), and nothing is created.
    let drafted = with(body("sfida-comunale", &org), json!({"responsible_id": marta_id}));
    create(&app, &officer, drafted).await.assert_problem(403, "forbidden");
    assert_eq!(app.get("/api/v1/challenges/sfida-comunale", Some(&hub)).await.status, 404);

    // A challenge a hub manager named her for: the submission's receipt and the decision name her.
    create_open(&app, &hub, with(body("sfida-comunale", &org), json!({"responsible_id": marta_id}))).await;
    let (anna, _) =
        hub_tests::funnel::verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let id = hub_tests::funnel::submitted(&app, &anna, "Sportello digitale", "sfida-comunale").await;
    let receipt = hub_tests::funnel::wait_mails(
        &app,
        "anna@aurora.example",
        "Sportello digitale",
        "Marta Galli",
        1,
        std::time::Duration::from_secs(15),
    )
    .await;
    assert_eq!(receipt.len(), 1, "the receipt names the responsible officer");
    hub_tests::funnel::moved(&app, &hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    let body = json!({"decision": "reject", "rationale": "Fuori dagli obiettivi della sfida."});
    hub_tests::funnel::moved(&app, &hub, &id, "decide", body, "rejected").await;
    let feedback = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&anna)).await;
    assert_eq!(feedback.body["responsible_officer"], "Marta Galli", "{}", feedback.text);
    let told = hub_tests::funnel::wait_mails(
        &app,
        "anna@aurora.example",
        "Fuori dagli obiettivi",
        "Marta Galli",
        1,
        std::time::Duration::from_secs(15),
    )
    .await;
    assert_eq!(told.len(), 1, "the decision names the responsible officer");
});
