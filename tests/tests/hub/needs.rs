//! Needs end to end: an officer states one, another administration co-signs it (and may withdraw),
//! everyone reads the public ones and only the hub and the administrations the others; a hub manager
//! merges a duplicate (co-signers carried over), turns a need into a challenge (its administrations
//! co-sponsors, emailed) and closes one with a reason; who may do what, and what history, audit log and
//! emails say. Its administration's edits are in `needs/editing.rs`.

use hub_tests::funnel::{admin, founded_administration, manager, verified_proposer, verify_administration};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

pub(crate) mod editing;

/// An officer of a new verified administration; returns the token and the organisation's id.
pub(crate) async fn officer(
    app: &TestApp,
    root: &str,
    email: &str,
    name: &str,
    tax_code: &str,
    ipa: &str,
) -> (String, String) {
    let (_, account) = founded_administration(app, email, name, tax_code, ipa).await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    verify_administration(app, root, &org).await;
    (app.token(email).await, org)
}

pub(crate) fn need(title: &str, public: bool) -> Value {
    json!({
        "title": title,
        "description": "Le code agli sportelli anagrafici superano le tre settimane: serve una prenotazione online.",
        "pillars": ["effectiveness_sustainability"], "tags": ["anagrafe"], "urgency": "high",
        "population": 12000, "budget_min_eur": 20000, "budget_max_eur": 60000, "public": public
    })
}

/// States a need as `officer`; asserts 201 and returns it.
pub(crate) async fn stated(app: &TestApp, officer: &str, title: &str, public: bool) -> Value {
    let created = app.post("/api/v1/needs", Some(officer), need(title, public)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body
}

async fn cosign(app: &TestApp, token: &str, id: &str, body: Value) -> Answer {
    app.post(&format!("/api/v1/needs/{id}/cosignatures"), Some(token), body).await
}

fn ids(list: &Answer) -> Vec<String> {
    list.body["items"].as_array().expect("items").iter().filter_map(|n| n["id"].as_str().map(str::to_owned)).collect()
}

hub_test!(an_officer_states_a_need_that_another_administration_cosigns, |app| {
    let root = admin(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, borgo_org) =
        officer(&app, &root, "b@comune.borgo.example", "Comune di Borgo", "80139582748", "c_b001").await;
    let (startup, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;

    // Only officers state needs; the fields are checked.
    app.post("/api/v1/needs", Some(&startup), need("Prenotazione sportelli", true))
        .await
        .assert_problem(403, "forbidden");
    let invalid =
        app.post("/api/v1/needs", Some(&valdora), json!({"title": "Poco", "pillars": [], "population": 0})).await;
    let fields: Vec<&str> = invalid.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["title", "description", "pillars", "urgency", "population"], "{}", invalid.text);

    let public = stated(&app, &valdora, "Prenotazione online degli sportelli", true).await;
    let id = public["id"].as_str().expect("id").to_owned();
    assert_eq!(
        (public["state"].clone(), public["administrations"].clone(), public["people"].clone()),
        (json!("open"), json!(1), json!(12000))
    );
    assert_eq!(public["organization_name"], "Comune di Valdora");
    let hidden = stated(&app, &valdora, "Archivio delle delibere", false).await;
    let hidden_id = hidden["id"].as_str().expect("id").to_owned();

    // Everyone reads the public need; the other only the hub, the administrations and its own people.
    let anonymous = app.get("/api/v1/needs", None).await;
    assert_eq!(ids(&anonymous), [id.as_str()], "{}", anonymous.text);
    app.get(&format!("/api/v1/needs/{hidden_id}"), None).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/needs/{hidden_id}"), Some(&startup)).await.assert_problem(404, "not_found");
    let hub = manager(&app).await;
    for reader in [&borgo, &hub] {
        let listed = app.get("/api/v1/needs", Some(reader)).await;
        assert_eq!(ids(&listed), [hidden_id.clone(), id.clone()], "newest first: {}", listed.text);
    }

    // Borgo co-signs ("anche noi"), once; Valdora does not co-sign its own; a proposer does not at all.
    let signed = cosign(&app, &borgo, &id, json!({"note": "Anche da noi.", "population": 3000})).await;
    assert_eq!(signed.status, 201, "{}", signed.text);
    assert_eq!(signed.header("location"), Some(format!("/api/v1/needs/{id}/cosignatures/{borgo_org}").as_str()));
    assert_eq!((signed.body["administrations"].clone(), signed.body["people"].clone()), (json!(2), json!(15000)));
    assert_eq!(signed.body["cosignatures"][0]["organization_name"], "Comune di Borgo");
    cosign(&app, &borgo, &id, json!({})).await.assert_problem(409, "already_cosigned");
    cosign(&app, &valdora, &id, json!({})).await.assert_problem(409, "own_need");
    cosign(&app, &startup, &id, json!({})).await.assert_problem(403, "forbidden");
    cosign(&app, &borgo, &hidden_id, json!({"population": 0})).await.assert_problem(422, "validation_failed");
    let listed = app.get("/api/v1/needs", None).await;
    assert_eq!(listed.body["items"][0]["people"], 15000, "{}", listed.text);

    // A token acts for the administration only with the scope `administration`.
    let body = json!({"name": "script", "scopes": ["proposals:write"]});
    let narrow =
        app.post("/api/v1/me/tokens", Some(&borgo), body).await.body["secret"].as_str().expect("secret").to_owned();
    cosign(&app, &narrow, &hidden_id, json!({})).await.assert_problem(403, "forbidden");

    // Withdrawn by its own administration only.
    let theirs = format!("/api/v1/needs/{id}/cosignatures/{borgo_org}");
    app.request(Method::DELETE, &theirs, Some(&valdora), Value::Null).await.assert_problem(403, "forbidden");
    assert_eq!(app.request(Method::DELETE, &theirs, Some(&borgo), Value::Null).await.status, 204);
    app.request(Method::DELETE, &theirs, Some(&borgo), Value::Null).await.assert_problem(404, "not_found");
    let read = app.get(&format!("/api/v1/needs/{id}"), None).await;
    let history: Vec<(&str, Option<&str>)> = read.body["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| (e["action"].as_str().unwrap_or(""), e["detail"].as_str()))
        .collect();
    assert_eq!(
        history,
        [("stated", None), ("cosigned", Some("Comune di Borgo")), ("cosignature_withdrawn", Some("Comune di Borgo"))]
    );
    assert_eq!(read.body["administrations"], 1);

    // Filters.
    let by_pillar = app.get("/api/v1/needs?pillar=talent_skills", Some(&hub)).await;
    assert!(ids(&by_pillar).is_empty(), "{}", by_pillar.text);
    let by_words = app.get("/api/v1/needs?q=DELIBERE", Some(&hub)).await;
    assert_eq!(ids(&by_words), [hidden_id.as_str()]);
    let by_org = app.get(&format!("/api/v1/needs?organization_id={valdora_org}&state=open"), Some(&hub)).await;
    assert_eq!(ids(&by_org).len(), 2);
    app.get("/api/v1/needs?state=someday", None).await.assert_problem(422, "validation_failed");

    // The audit log records each move.
    let audit = app.get(&format!("/api/v1/audit?target_type=need&target_id={id}"), Some(&root)).await;
    let actions: Vec<&str> =
        audit.body["items"].as_array().expect("items").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["need.cosignature_withdrawn", "need.cosigned", "need.stated"], "{}", audit.text);
});

hub_test!(a_manager_merges_a_duplicate_turns_a_need_into_a_challenge_and_closes_another, |app| {
    let root = admin(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, borgo_org) =
        officer(&app, &root, "b@comune.borgo.example", "Comune di Borgo", "80139582748", "c_b001").await;
    let (rupe, rupe_org) =
        officer(&app, &root, "c@comune.rupe.example", "Comune di Rupe", "83004150617", "c_r001").await;
    let hub = manager(&app).await;
    let first = stated(&app, &valdora, "Prenotazione online degli sportelli", true).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let twin =
        stated(&app, &borgo, "Sportelli anagrafici su appuntamento", true).await["id"].as_str().expect("id").to_owned();
    assert_eq!(cosign(&app, &rupe, &twin, json!({"population": 2100})).await.status, 201);

    // Merged: Borgo and Rupe now co-sign the first need; Borgo's officer is told.
    let merge = |id: &str| format!("/api/v1/needs/{id}/merge");
    app.post(&merge(&twin), Some(&valdora), json!({"into": first})).await.assert_problem(403, "forbidden");
    app.post(&merge(&twin), Some(&hub), json!({"into": "nonsense"})).await.assert_problem(422, "validation_failed");
    app.post(&merge(&first), Some(&hub), json!({"into": first})).await.assert_problem(409, "same_need");
    let merged = app.post(&merge(&twin), Some(&hub), json!({"into": first})).await;
    assert_eq!(merged.status, 200, "{}", merged.text);
    assert_eq!(
        (merged.body["state"].as_str(), merged.body["merged_into"].as_str()),
        (Some("merged"), Some(first.as_str()))
    );
    app.post(&merge(&twin), Some(&hub), json!({"into": first})).await.assert_problem(409, "need_not_open");
    let absorbed = app.get(&format!("/api/v1/needs/{first}"), None).await;
    let signers: Vec<&str> = absorbed.body["cosignatures"]
        .as_array()
        .expect("signers")
        .iter()
        .filter_map(|c| c["organization_id"].as_str())
        .collect();
    assert_eq!(signers.len(), 2, "{}", absorbed.text);
    assert!(signers.contains(&borgo_org.as_str()) && signers.contains(&rupe_org.as_str()), "{}", absorbed.text);
    assert_eq!(absorbed.body["people"], 12000 + 12000 + 2100, "{}", absorbed.text);
    let told = app.mails_to("b@comune.borgo.example", 3).await;
    assert!(
        told.iter()
            .any(|m| m.body.contains("Prenotazione online degli sportelli")
                && m.body.contains(&format!("/needs/{first}"))),
        "merge mail"
    );

    // Turned into a challenge: Valdora sponsors it, Borgo and Rupe become co-sponsors and are told.
    let challenge = json!({
        "slug": "prenotazione-sportelli", "title_it": "Prenotare gli sportelli comunali", "description_it": "Una descrizione della sfida.",
        "sponsor_id": valdora_org, "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339(),
    });
    let created = app.post("/api/v1/challenges", Some(&hub), challenge).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let challenge_id = created.body["id"].as_str().expect("id").to_owned();
    let convert = format!("/api/v1/needs/{first}/conversion");
    app.post(&convert, Some(&hub), json!({"challenge_id": uuid::Uuid::now_v7().to_string()}))
        .await
        .assert_problem(422, "validation_failed");
    let converted = app.post(&convert, Some(&hub), json!({"challenge_id": challenge_id})).await;
    assert_eq!(converted.status, 200, "{}", converted.text);
    assert_eq!(converted.body["state"], "converted");
    assert_eq!(converted.body["challenge"]["slug"], "prenotazione-sportelli");
    let co: Vec<String> = app
        .store
        .challenge_co_sponsors(challenge_id.parse().expect("id"))
        .expect("co-sponsors")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut expected = vec![borgo_org.clone(), rupe_org.clone()];
    expected.sort();
    let mut co = co;
    co.sort();
    assert_eq!(co, expected, "the sponsor is not its own co-sponsor");
    let read = app.get("/api/v1/challenges/prenotazione-sportelli", Some(&hub)).await;
    let mut names: Vec<&str> =
        read.body["co_sponsors"].as_array().expect("co-sponsors").iter().filter_map(|c| c["name"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Comune di Borgo", "Comune di Rupe"], "{}", read.text);
    // Each had its verification mails (two) before; Borgo the merge's too.
    for (to, count) in [("a@comune.valdora.example", 3), ("b@comune.borgo.example", 4), ("c@comune.rupe.example", 3)] {
        let mails = app.mails_to(to, count).await;
        assert!(
            mails.iter().any(|m| m.body.contains("/administration/challenges/prenotazione-sportelli")
                && m.body.contains("Prenotare gli sportelli comunali")),
            "{to} told of the challenge, with the page they follow it from"
        );
    }
    cosign(&app, &rupe, &first, json!({})).await.assert_problem(409, "need_not_open");
    // Opened by the hub (a draft a hub manager wrote): the sponsor's and the co-sponsors' officers are told,
    // each with the page they follow it from.
    let opened = app.post("/api/v1/challenges/prenotazione-sportelli/open", Some(&hub), Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    for (to, count) in [("a@comune.valdora.example", 4), ("b@comune.borgo.example", 5), ("c@comune.rupe.example", 4)] {
        let mails = app.mails_to(to, count).await;
        assert!(
            mails.iter().any(|m| m.body.contains("ha aperto la sfida")
                && m.body.contains("/administration/challenges/prenotazione-sportelli")),
            "{to} told of the opening"
        );
    }

    // Closed with a reason, which its officer reads.
    let third = stated(&app, &rupe, "Firma digitale dei verbali", false).await["id"].as_str().expect("id").to_owned();
    let close = format!("/api/v1/needs/{third}/close");
    app.post(&close, Some(&hub), json!({})).await.assert_problem(422, "validation_failed");
    app.post(&close, Some(&rupe), json!({"reason": "x"})).await.assert_problem(403, "forbidden");
    let closed =
        app.post(&close, Some(&hub), json!({"reason": "Il servizio è già nel catalogo: conviene adottarlo."})).await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert_eq!(
        (closed.body["state"].as_str(), closed.body["closed_reason"].as_str()),
        (Some("closed"), Some("Il servizio è già nel catalogo: conviene adottarlo."))
    );
    let mails = app.mails_to("c@comune.rupe.example", 5).await;
    assert!(mails.iter().any(|m| m.body.contains("conviene adottarlo")), "the reason is in the mail");

    // The audit log names the challenge and the co-sponsors.
    let audit = app.get(&format!("/api/v1/audit?action=need.converted&target_id={first}"), Some(&root)).await;
    assert_eq!(audit.body["items"][0]["details"]["challenge_id"], challenge_id.as_str(), "{}", audit.text);
});
