//! The demo data (`seeds/`) puts every kind of object in each state it is meant to show, through the
//! same rules as the API: a proposal in every state of the funnel, a review in every state an
//! evaluator meets, challenges and catalogue services in each seeded state.

use std::collections::BTreeSet;

use domain::ProposalState;
use hub_tests::{TestApp, hub_test};
use serde_json::json;

const DEMO_PASSWORD: &str = "demo password 2026";

/// The `state` of every item of a listing (at most 100), as `token` sees it.
async fn states(app: &TestApp, token: &str, path: &str) -> BTreeSet<String> {
    let answer = app.get(path, Some(token)).await;
    assert_eq!(answer.status, 200, "{path}: {}", answer.text);
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: {}", answer.text))
        .iter()
        .filter_map(|item| item["state"].as_str().map(str::to_owned))
        .collect()
}

/// The webhook endpoints `token` manages (at most 100).
async fn endpoints(app: &TestApp, token: &str) -> Vec<serde_json::Value> {
    let answer = app.get("/api/v1/webhooks?limit=100", Some(token)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["items"].as_array().unwrap_or_else(|| panic!("{}", answer.text)).clone()
}

fn set(states: &[&str]) -> BTreeSet<String> {
    states.iter().map(|s| (*s).to_owned()).collect()
}

hub_test!(every_seeded_state_is_there, |app| {
    let passwords = api::auth::passwords::Passwords::new(app.settings.argon2).expect("passwords");
    api::seeds::load(&app.store, &passwords, None, DEMO_PASSWORD, &app.settings.public_url, &app.annexes())
        .await
        .expect("seeds");
    let manager = app.token_with("manager@hub.example", DEMO_PASSWORD).await;

    // Every challenge open to proposals names its responsible officer: the open call (which the first
    // migration opened, with the hub's own organisation as sponsor) the demo's hub manager, the others
    // whoever opened them.
    let open = app.get("/api/v1/challenges?state=open&limit=100", Some(&manager)).await;
    let open = open.body["items"].as_array().expect("items").clone();
    assert!(open.len() >= 2, "the open call and a seeded challenge");
    for challenge in open {
        let slug = challenge["slug"].as_str().expect("slug");
        let read = app.get(&format!("/api/v1/challenges/{slug}"), None).await;
        assert_eq!(read.body["responsible_name"], "Marco Bellandi", "{slug}: {}", read.text);
    }

    // The telemedicine challenge has a budget: its portfolio counts the promoted proposal's budget as
    // committed, and leaves out the one still short of its reviews and the one under its thresholds.
    let portfolio = app.get("/api/v1/challenges/telemedicina-territoriale/portfolio", Some(&manager)).await;
    assert_eq!(portfolio.status, 200, "{}", portfolio.text);
    assert_eq!(
        (portfolio.body["budget_cents"].as_i64(), portfolio.body["committed_cents"].as_i64()),
        (Some(50_000_000), Some(28_000_000)),
        "{}",
        portfolio.text
    );
    let standings: Vec<&str> =
        portfolio.body["lines"].as_array().expect("lines").iter().filter_map(|l| l["standing"].as_str()).collect();
    assert_eq!(standings, ["committed", "reviews_missing", "below_threshold"], "{}", portfolio.text);

    // The telemedicine challenge lets the team answer the reviews: the teleconsult's team may still answer
    // (it reads the comments, not the scores); the security centre's team answered before its decision.
    let aurora = app.token_with("proposer@aurora-labs.example", DEMO_PASSWORD).await;
    let found = app.get("/api/v1/proposals?q=Teleconsulto&limit=100", Some(&aurora)).await;
    let teleconsult = found.body["items"].as_array().and_then(|i| i.first()).and_then(|p| p["id"].as_str());
    let teleconsult = teleconsult.map(str::to_owned).expect("the teleconsult");
    let response = app.get(&format!("/api/v1/proposals/{teleconsult}/response"), Some(&aurora)).await;
    let window = &response.body["window"];
    assert_eq!((&window["stage"], &window["with_scores"]), (&json!("running"), &json!(false)), "{}", response.text);
    assert_eq!(window["reviews"].as_array().map(Vec::len), Some(3), "{}", response.text);
    let soc = app.get("/api/v1/proposals?q=monitoraggio+della+sicurezza&limit=100", Some(&manager)).await;
    let soc = soc.body["items"].as_array().and_then(|i| i.first()).and_then(|p| p["id"].as_str()).map(str::to_owned);
    let soc = soc.expect("the security centre");
    let history = app.get(&format!("/api/v1/proposals/{soc}/history"), Some(&manager)).await;
    let steps: Vec<&str> =
        history.body["items"].as_array().expect("steps").iter().filter_map(|s| s["action"].as_str()).collect();
    let at = |e: &str| steps.iter().position(|s| *s == e).unwrap_or_else(|| panic!("{e} in {steps:?}"));
    assert!(at("response_opened") < at("response") && at("response") < at("decide_accept"), "{steps:?}");

    // The split proposal has a consensus draft by its rapporteur, awaiting the other evaluator.
    let esco = app.get("/api/v1/proposals?q=ESCO&limit=100", Some(&manager)).await;
    let esco = esco.body["items"].as_array().and_then(|i| i.first()).and_then(|p| p["id"].as_str()).map(str::to_owned);
    let esco = esco.expect("the ESCO proposal");
    let consensus = app.get(&format!("/api/v1/proposals/{esco}/consensus"), Some(&manager)).await;
    assert_eq!(
        (consensus.status, &consensus.body["state"], &consensus.body["required"], &consensus.body["pending"]),
        (200, &json!("draft"), &json!(true), &json!(1)),
        "{}",
        consensus.text
    );
    assert_eq!(consensus.body["rapporteur_name"], "Elena Rinaldi", "{}", consensus.text);

    // A decided proposal's team reads its evaluation summary: the open-data dashboard, accepted on three
    // concordant reviews, its timeline ending with the decision.
    let mine = app.get("/api/v1/proposals?q=Cruscotto&limit=100", Some(&aurora)).await;
    let dashboard = mine.body["items"].as_array().and_then(|i| i.first()).and_then(|p| p["id"].as_str());
    let dashboard = dashboard.map(str::to_owned).expect("the open-data dashboard");
    let summary = app.get(&format!("/api/v1/proposals/{dashboard}/evaluation-summary"), Some(&aurora)).await;
    assert_eq!(summary.status, 200, "{}", summary.text);
    assert_eq!(
        (&summary.body["decision"]["outcome"], summary.body["reviews"].as_array().map(Vec::len)),
        (&json!("accept"), Some(3)),
        "{}",
        summary.text
    );
    let steps = summary.body["timeline"].as_array().expect("a timeline");
    assert!(steps.iter().any(|s| s["event"] == "decide_accept"), "{}", summary.text);

    // The blockchain registry, on the open call, was rejected after the notice of the grounds and its team's
    // observations, answered; its team then asked for a review, which the second hub manager may handle.
    let chain = app.get("/api/v1/proposals?q=blockchain&limit=100", Some(&manager)).await;
    let chain = chain.body["items"].as_array().and_then(|i| i.first()).and_then(|p| p["id"].as_str());
    let chain = chain.map(str::to_owned).expect("the blockchain registry");
    let notice = app.get(&format!("/api/v1/proposals/{chain}/notice"), Some(&manager)).await;
    let notice = &notice.body["notice"];
    assert_eq!(notice["stage"], "answered", "{notice}");
    assert!(notice["observations_reply"].is_string(), "{notice}");
    let redress = app.get(&format!("/api/v1/proposals/{chain}/redress"), Some(&manager)).await;
    assert_eq!(redress.body["request"]["state"], "pending", "{}", redress.text);
    let second = app.token_with("riesami@hub.example", DEMO_PASSWORD).await;
    let page = app.get(&format!("/api/v1/proposals/{chain}/redress"), Some(&second)).await;
    assert_eq!(page.status, 200, "{}", page.text);

    // Proposals: the hub sees every state but drafts, which only their organisation sees.
    let mut proposals = states(&app, &manager, "/api/v1/proposals?limit=100").await;
    let polimonteverde = app.token_with("proposer@polimonteverde.example", DEMO_PASSWORD).await;
    proposals.extend(states(&app, &polimonteverde, "/api/v1/proposals?limit=100").await);
    let every: BTreeSet<String> = ProposalState::ALL.iter().map(|s| s.as_str().to_owned()).collect();
    assert_eq!(proposals, every, "a seeded proposal in every state of the funnel");

    // Reviews: each evaluator's queue, together.
    let mut reviews = BTreeSet::new();
    for evaluator in
        ["evaluator@hub.example", "elena.rinaldi@univaldora.example", "paolo.marchetti@istituto-tdi.example"]
    {
        let token = app.token_with(evaluator, DEMO_PASSWORD).await;
        reviews.extend(states(&app, &token, "/api/v1/reviews?limit=100").await);
    }
    assert!(
        set(&["assigned", "in_progress", "submitted", "declined"]).is_subset(&reviews),
        "a seeded review in every state an evaluator meets: {reviews:?}"
    );

    // Challenges and services, as the hub and the catalogue team see them.
    let challenges = states(&app, &manager, "/api/v1/challenges?limit=100").await;
    assert_eq!(challenges, set(&["draft", "in_review", "open", "closed"]), "the seeded challenges and the open call");
    // An administration's challenges: one proposed and awaiting the hub, one returned with the hub's note,
    // both seen by their officers (and not by the public).
    let officer = app.token_with("innovazione@regione.valserena.example", DEMO_PASSWORD).await;
    let returned = app.get("/api/v1/challenges/archivio-digitale-regionale", Some(&officer)).await;
    assert_eq!(returned.body["state"], "draft", "{}", returned.text);
    assert!(returned.body["review_note"].as_str().is_some_and(|n| n.contains("formati di conservazione")));
    let proposed = app.get("/api/v1/challenges/dati-aperti-mobilita-urbana", Some(&manager)).await;
    assert_eq!(proposed.body["state"], "in_review", "{}", proposed.text);
    assert_eq!(app.get("/api/v1/challenges/archivio-digitale-regionale", None).await.status, 404);
    let editor = app.token_with("catalogue@hub.example", DEMO_PASSWORD).await;
    let services = states(&app, &editor, "/api/v1/catalogue/services?limit=100").await;
    assert_eq!(services, set(&["draft", "published", "deprecated", "retired"]), "a service in every state");
    let anonymous = app.get("/api/v1/catalogue/services?limit=100", None).await;
    let public: BTreeSet<String> = anonymous.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|s| s["state"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(public, set(&["published", "deprecated"]), "the public sees published and deprecated only");

    // Needs: one in every state; a public one co-signed; the converted one linked to the draft challenge;
    // the reserved one hidden from the public.
    let needs = states(&app, &manager, "/api/v1/needs?limit=100").await;
    assert_eq!(needs, set(&["open", "merged", "converted", "closed"]), "a need in every state");
    let anonymous = app.get("/api/v1/needs?limit=100", None).await;
    let items = anonymous.body["items"].as_array().expect("items");
    assert!(items.iter().all(|n| n["public"] == true), "{}", anonymous.text);
    let sportelli =
        items.iter().find(|n| n["title"] == "Prenotazione online degli sportelli anagrafici").expect("seeded");
    assert_eq!(sportelli["administrations"], 3, "its co-signer and the merged duplicate's administration: {sportelli}");
    let converted = items.iter().find(|n| n["state"] == "converted").expect("a converted need");
    let read = app.get(&format!("/api/v1/needs/{}", converted["id"].as_str().expect("id")), None).await;
    assert_eq!(read.body["challenge"]["slug"], "dati-aperti-mobilita-urbana", "{}", read.text);
    let draft = app.get("/api/v1/challenges/dati-aperti-mobilita-urbana", Some(&manager)).await;
    let draft_id = draft.body["id"].as_str().expect("the draft's id").parse().expect("an id");
    assert_eq!(
        app.store.challenge_co_sponsors(draft_id).expect("co-sponsors").len(),
        1,
        "the co-signing municipality co-sponsors it"
    );
    // Adoptions: the published services have adopters, one of them unlisted; publiccode.yml names the
    // listed ones in use; the deprecated backup's adopter moved to its successor.
    let soc = app.get("/api/v1/catalogue/services/soc-sanita-regionale/adoptions", None).await;
    assert_eq!((soc.body["adopters"].clone(), soc.body["unlisted"].clone()), (json!(2), json!(1)), "{}", soc.text);
    let yaml = app.get("/api/v1/catalogue/services/cruscotto-open-data-lavoro/publiccode.yml", None).await;
    let doc: serde_json::Value = serde_norway::from_str(&yaml.text).expect("YAML");
    assert_eq!(doc["usedBy"], json!(["Regione Val Serena"]), "the planned adoption is not use yet: {}", yaml.text);
    let old = app.get("/api/v1/catalogue/services/backup-immutabile/adoptions", None).await;
    assert_eq!(old.body["items"][0]["state"], "discontinued", "{}", old.text);
    // One administration waits for the demo admin.
    let admin = app.token_with("admin@hub.example", DEMO_PASSWORD).await;
    let pending = app.get("/api/v1/organizations?status=pending", Some(&admin)).await;
    assert_eq!(pending.body["items"][0]["name"], "Comune di Castel Rupe", "{}", pending.text);

    // Webhooks: the Politecnico's owner registered its records office's endpoint, and paused it (the demo's host
    // does not exist), so nothing is queued for it; seeding again leaves it as it is, not twice.
    let seeded = endpoints(&app, &polimonteverde).await;
    assert_eq!(seeded.len(), 1, "{seeded:?}");
    assert_eq!(
        (&seeded[0]["url"], &seeded[0]["state"], &seeded[0]["disabled_by_hub"], &seeded[0]["events"]),
        (
            &json!("https://protocollo.polimonteverde.example/innovation-hub"),
            &json!("disabled"),
            &json!(false),
            &json!(["proposal.decided", "notice.issued"])
        ),
        "{seeded:?}"
    );
    let log = format!("/api/v1/webhooks/{}/deliveries", seeded[0]["id"].as_str().expect("id"));
    let log = app.get(&log, Some(&polimonteverde)).await;
    assert_eq!(log.body["items"], json!([]), "{}", log.text);
    api::seeds::load(&app.store, &passwords, None, DEMO_PASSWORD, &app.settings.public_url, &app.annexes())
        .await
        .expect("seeding again");
    // (Seeding sets the demo password again: a new login.)
    let polimonteverde = app.token_with("proposer@polimonteverde.example", DEMO_PASSWORD).await;
    assert_eq!(endpoints(&app, &polimonteverde).await.len(), 1, "seeding again adds no endpoint");
});
