//! Adoption and reuse end to end: officers declare that their administrations adopt a published service
//! (planned, in use, discontinued), the provider is emailed, the public reads the listed adopters and
//! publiccode.yml's `usedBy`, a deprecated service takes no new adoption; the provider and the adopters
//! write to each other through the hub, throttled, with no address shown.

use chrono::Duration;
use hub_tests::funnel::{admin, verified_proposer, wait_mails};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

use crate::catalogue::{completion, direct, editor, proposer, publish};
use crate::needs::officer;

const SLUG: &str = "prenotazioni-sportelli";

async fn declare(app: &TestApp, token: &str, org: &str, body: Value) -> Answer {
    let path = format!("/api/v1/catalogue/services/{SLUG}/adoptions/{org}");
    app.request(Method::PUT, &path, Some(token), body).await
}

async fn write(app: &TestApp, token: &str, body: Value) -> Answer {
    app.post(&format!("/api/v1/catalogue/services/{SLUG}/messages"), Some(token), body).await
}

fn names(list: &Answer) -> Vec<String> {
    list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| format!("{}:{}", a["organization_name"].as_str().expect("name"), a["state"].as_str().expect("state")))
        .collect()
}

/// publiccode.yml's `usedBy` and the answer's ETag.
async fn used_by(app: &TestApp) -> (Vec<String>, String) {
    let answer = app.get(&format!("/api/v1/catalogue/services/{SLUG}/publiccode.yml"), None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let doc: Value = serde_norway::from_str(&answer.text).expect("valid YAML");
    let names = doc["usedBy"].as_array().map(|a| a.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect());
    (names.unwrap_or_default(), answer.header("etag").expect("etag").to_owned())
}

/// A published service of Aurora Labs; returns (editor, Aurora's proposer token).
async fn published(app: &TestApp) -> (String, String) {
    let editor = editor(app).await;
    let (anna, aurora) = proposer(app).await;
    direct(app, &editor, SLUG, "Prenotazioni sportelli", &aurora).await;
    publish(app, &editor, SLUG, completion("Prenotazioni", "saas", "document-management")).await;
    (editor, anna)
}

hub_test!(administrations_declare_adoptions_that_the_public_and_publiccode_show, |app| {
    let root = admin(&app).await;
    let (editor, _) = published(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, borgo_org) =
        officer(&app, &root, "b@comune.borgo.example", "Comune di Borgo", "80139582748", "c_b001").await;
    let (nico, _) = verified_proposer(&app, "nico@nuvola.example", "Nuvola S.p.A.", "01234567897").await;
    let (_, before) = used_by(&app).await;

    // Only an officer declares, for their own administration; the fields are checked.
    declare(&app, &nico, &valdora_org, json!({"state": "in_use"})).await.assert_problem(403, "forbidden");
    declare(&app, &borgo, &valdora_org, json!({"state": "in_use"})).await.assert_problem(403, "forbidden");
    let invalid =
        declare(&app, &valdora, &valdora_org, json!({"state": "discontinued", "started_on": "2026-13-01"})).await;
    assert_eq!(hub_tests::funnel::fields(&invalid), ["started_on", "ended_on"], "{}", invalid.text);
    app.request(
        Method::PUT,
        &format!("/api/v1/catalogue/services/nessuno/adoptions/{valdora_org}"),
        Some(&valdora),
        json!({"state": "in_use"}),
    )
    .await
    .assert_problem(404, "not_found");

    let declared = declare(
        &app,
        &valdora,
        &valdora_org,
        json!({"state": "in_use", "started_on": "2026-03-01", "note": "Sportelli anagrafici."}),
    )
    .await;
    assert_eq!(declared.status, 201, "{}", declared.text);
    assert_eq!(
        declared.header("location"),
        Some(format!("/api/v1/catalogue/services/{SLUG}/adoptions/{valdora_org}").as_str())
    );
    assert_eq!((declared.body["state"].clone(), declared.body["listed"].clone()), (json!("in_use"), json!(true)));
    let planned =
        declare(&app, &borgo, &borgo_org, json!({"state": "planned", "started_on": "2027-06-01", "listed": false}))
            .await;
    assert_eq!(planned.status, 201, "{}", planned.text);
    // The provider hears of each new adoption, with the community's page.
    let told = wait_mails(
        &app,
        "anna@aurora.example",
        "Comune di Valdora",
        "/catalogue/prenotazioni-sportelli/community",
        1,
        std::time::Duration::from_secs(10),
    )
    .await;
    assert_eq!(
        told.len(),
        1,
        "the provider is emailed: {:?}",
        hub_tests::funnel::mails_with(&app, "anna", "", "").iter().map(|m| (&m.subject, &m.body)).collect::<Vec<_>>()
    );
    assert!(told[0].subject.contains("ha adottato"), "{}", told[0].subject);
    assert_eq!(
        wait_mails(
            &app,
            "anna@aurora.example",
            "Comune di Borgo",
            "voler adottare",
            1,
            std::time::Duration::from_secs(10)
        )
        .await
        .len(),
        1
    );

    // The public sees the listed adopter and counts both; the community and the hub see both.
    let public = app.get(&format!("/api/v1/catalogue/services/{SLUG}/adoptions"), None).await;
    assert_eq!(
        (public.body["adopters"].clone(), public.body["unlisted"].clone()),
        (json!(2), json!(1)),
        "{}",
        public.text
    );
    assert_eq!(names(&public), ["Comune di Valdora:in_use"]);
    assert_eq!(
        names(&app.get(&format!("/api/v1/catalogue/services/{SLUG}/adoptions"), Some(&nico)).await),
        ["Comune di Valdora:in_use"]
    );
    for reader in [&valdora, &editor] {
        let seen = app.get(&format!("/api/v1/catalogue/services/{SLUG}/adoptions"), Some(reader)).await;
        assert_eq!(names(&seen), ["Comune di Valdora:in_use", "Comune di Borgo:planned"]);
        assert_eq!(seen.body["unlisted"], 0);
    }
    app.get(&format!("/api/v1/catalogue/services/{SLUG}/adoptions/{borgo_org}"), None)
        .await
        .assert_problem(404, "not_found");
    let own = app.get(&format!("/api/v1/catalogue/services/{SLUG}/adoptions/{borgo_org}"), Some(&borgo)).await;
    assert_eq!(own.body["started_on"], "2027-06-01", "{}", own.text);

    // publiccode.yml names the listed administration in use, and its ETag moves with it.
    let (names_now, tag) = used_by(&app).await;
    assert_eq!(names_now, ["Comune di Valdora"]);
    assert_ne!(tag, before, "an adoption changes the document's ETag");
    let stale = app.get_if_none_match(&format!("/api/v1/catalogue/services/{SLUG}/publiccode.yml"), &before).await;
    assert_eq!(stale.status, 200, "the old ETag no longer matches");

    // An update answers 200; a change of note alone emails nobody; ending needs its date.
    let noted = declare(
        &app,
        &valdora,
        &valdora_org,
        json!({"state": "in_use", "started_on": "2026-03-01", "note": "Anche per i tributi."}),
    )
    .await;
    assert_eq!(noted.status, 200, "{}", noted.text);
    declare(&app, &valdora, &valdora_org, json!({"state": "discontinued"}))
        .await
        .assert_problem(422, "validation_failed");
    let ended = declare(
        &app,
        &valdora,
        &valdora_org,
        json!({"state": "discontinued", "started_on": "2026-03-01", "ended_on": "2026-11-30"}),
    )
    .await;
    assert_eq!(ended.status, 200, "{}", ended.text);
    assert_eq!(used_by(&app).await.0, Vec::<String>::new(), "nobody uses it now");
    // The outbox holds what was written in the same transactions: new, Borgo's, then discontinued.
    let outbox = app.get("/api/v1/admin/outbox?limit=100", Some(&root)).await;
    let to_provider = outbox.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|m| m["template"] == "adoption_declared" && m["recipient"] == "anna@aurora.example")
        .count();
    assert_eq!(to_provider, 3, "no mail for a new note: {}", outbox.text);

    // The administration's own list.
    let list = app.get(&format!("/api/v1/organizations/{valdora_org}/adoptions"), Some(&valdora)).await;
    assert_eq!(list.body["items"][0]["slug"], SLUG, "{}", list.text);
    app.get(&format!("/api/v1/organizations/{valdora_org}/adoptions"), Some(&borgo))
        .await
        .assert_problem(404, "not_found");

    // A deprecated service takes no new adoption, nor one taken up again; ending one is still recorded.
    let deprecated = app
        .post(
            &format!("/api/v1/catalogue/services/{SLUG}/deprecate"),
            Some(&editor),
            json!({"reason": "Sostituito da una nuova versione."}),
        )
        .await;
    assert_eq!(deprecated.status, 200, "{}", deprecated.text);
    let (third, third_org) =
        officer(&app, &root, "c@comune.terzo.example", "Comune di Terzo", "80016350821", "c_t001").await;
    declare(&app, &third, &third_org, json!({"state": "planned"})).await.assert_problem(409, "service_not_adoptable");
    declare(&app, &borgo, &borgo_org, json!({"state": "in_use"})).await.assert_problem(409, "service_not_adoptable");
    let stopped = declare(&app, &borgo, &borgo_org, json!({"state": "discontinued", "ended_on": "2026-12-01"})).await;
    assert_eq!(stopped.status, 200, "{}", stopped.text);

    // Every declaration is in the audit log.
    let audit = app.get("/api/v1/audit?action=adoption.declared", Some(&root)).await;
    assert_eq!(audit.body["items"].as_array().map(Vec::len), Some(5), "{}", audit.text);
});

hub_test!(the_community_writes_through_the_hub_without_addresses_and_within_an_allowance, |app| {
    let root = admin(&app).await;
    let (_, anna) = published(&app).await;
    let (borgo, borgo_org) =
        officer(&app, &root, "b@comune.borgo.example", "Comune di Borgo", "80139582748", "c_b001").await;
    let (outsider, _) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (nico, nico_user) = verified_proposer(&app, "nico@nuvola.example", "Nuvola S.p.A.", "01234567897").await;
    let nuvola = nico_user["organization_id"].as_str().expect("organisation").to_owned();
    let message = |subject: &str| json!({"subject": subject, "body": "Come avete configurato l'accesso ad ANPR?"});

    // Outside the community nobody writes: not before adopting, not a company, not anonymously.
    write(&app, &borgo, message("Domanda")).await.assert_problem(403, "forbidden");
    write(&app, &nico, message("Domanda")).await.assert_problem(403, "forbidden");
    app.post(&format!("/api/v1/catalogue/services/{SLUG}/messages"), None, message("Domanda"))
        .await
        .assert_problem(401, "unauthenticated");
    assert_eq!(declare(&app, &borgo, &borgo_org, json!({"state": "planned", "listed": false})).await.status, 201);

    // An adopter writes to the provider (the default recipient); the provider reads it by email, with
    // no address of the sender, and answers to the adopter.
    write(&app, &borgo, json!({"subject": "x"})).await.assert_problem(422, "validation_failed");
    let sent = write(&app, &borgo, message("Integrazione con ANPR")).await;
    assert_eq!((sent.status, sent.body["status"].clone()), (202, json!("relayed")), "{}", sent.text);
    let got = wait_mails(
        &app,
        "anna@aurora.example",
        "Integrazione con ANPR",
        "ANPR?",
        1,
        std::time::Duration::from_secs(10),
    )
    .await;
    assert_eq!(got.len(), 1);
    assert!(
        got[0].body.contains("Comune di Borgo") && !got[0].body.contains("b@comune.borgo.example"),
        "{}",
        got[0].body
    );
    let answer = write(
        &app,
        &anna,
        json!({"to_organization_id": borgo_org, "subject": "Risposta", "body": "Vi mandiamo la guida."}),
    )
    .await;
    assert_eq!(answer.status, 202, "{}", answer.text);
    let back = wait_mails(
        &app,
        "b@comune.borgo.example",
        "Risposta",
        "Vi mandiamo la guida.",
        1,
        std::time::Duration::from_secs(10),
    )
    .await;
    assert!(!back.is_empty() && !back[0].body.contains("anna@aurora.example"), "the provider's address stays hidden");
    // Only to members: not to an organisation outside, not to oneself.
    let astray = write(
        &app,
        &anna,
        json!({"to_organization_id": nuvola, "subject": "Ciao", "body": "Un messaggio fuori posto."}),
    )
    .await;
    assert_eq!(hub_tests::funnel::fields(&astray), ["to_organization_id"]);
    let garbled = write(
        &app,
        &anna,
        json!({"to_organization_id": "non-un-id", "subject": "Ciao", "body": "Un messaggio fuori posto."}),
    )
    .await;
    assert_eq!(hub_tests::funnel::fields(&garbled), ["to_organization_id"]);
    write(&app, &outsider, message("Domanda")).await.assert_problem(403, "forbidden");

    // Five messages a day per person; the sixth waits, and fits a day later.
    for n in 2..=5 {
        assert_eq!(write(&app, &borgo, message(&format!("Domanda {n}"))).await.status, 202);
    }
    let refused = write(&app, &borgo, message("Domanda 6")).await;
    refused.assert_problem(429, "too_many_requests");
    let wait: i64 = refused.header("retry-after").expect("Retry-After").parse().expect("seconds");
    assert!((86_000..=86_400).contains(&wait), "a day from the first: {wait}");
    app.clock.advance(Duration::hours(24) + Duration::minutes(1));
    let borgo = app.token("b@comune.borgo.example").await; // the earlier one has expired
    assert_eq!(write(&app, &borgo, message("Domanda 7")).await.status, 202);

    // The writer's export holds their messages; leaving the community ends the writing.
    let export = app.get("/api/v1/me/export", Some(&borgo)).await;
    let acts = export.body["administration"].as_array().expect("acts");
    let kinds: Vec<&str> = acts.iter().filter_map(|a| a["kind"].as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "community_message").count(), 6, "{kinds:?}");
    assert!(kinds.contains(&"adoption_declared"));
    let ended = declare(&app, &borgo, &borgo_org, json!({"state": "discontinued", "ended_on": "2026-12-01"})).await;
    assert_eq!(ended.status, 200, "{}", ended.text);
    write(&app, &borgo, message("Dopo")).await.assert_problem(403, "forbidden");
});

// An adoption, listed or not, is news to the provider, the adopter and the reuse community (who see every
// adoption of the service), not to an administration that stopped using it: its webhook endpoint is not
// told of an unlisted adoption it cannot see.
hub_test!(an_adoption_is_an_event_for_the_provider_and_the_community_not_for_a_former_adopter, |app| {
    let root = admin(&app).await;
    let (_, anna) = published(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, borgo_org) =
        officer(&app, &root, "b@comune.borgo.example", "Comune di Borgo", "80139582748", "c_b001").await;
    let (nico, nico_org) =
        officer(&app, &root, "c@comune.nico.example", "Comune di San Nico", "80016350821", "c_i001").await;
    let stopped = json!({"state": "discontinued", "started_on": "2025-01-01", "ended_on": "2026-01-01"});
    assert_eq!(declare(&app, &valdora, &valdora_org, stopped).await.status, 201);
    assert_eq!(declare(&app, &nico, &nico_org, json!({"state": "in_use"})).await.status, 201);
    let events = ["adoption.declared"];
    let (former, _) = crate::webhooks::register(&app, &valdora, "http://127.0.0.1:9/valdora", &events).await;
    let (member, _) = crate::webhooks::register(&app, &nico, "http://127.0.0.1:9/nico", &events).await;
    let (provider, _) = crate::webhooks::register(&app, &anna, "http://127.0.0.1:9/aurora", &events).await;

    let unlisted = json!({"state": "in_use", "listed": false});
    assert_eq!(declare(&app, &borgo, &borgo_org, unlisted).await.status, 201);
    // The deliveries are queued with the change itself: the logs tell at once who is told.
    let borgo_in = |log: Vec<Value>| log.iter().any(|d| d["payload"]["data"]["organization_id"] == borgo_org.as_str());
    assert!(borgo_in(crate::webhooks::deliveries(&app, &anna, &provider).await), "the provider is told");
    assert!(borgo_in(crate::webhooks::deliveries(&app, &nico, &member).await), "the community is told");
    assert!(!borgo_in(crate::webhooks::deliveries(&app, &valdora, &former).await), "a former adopter is not");
});
