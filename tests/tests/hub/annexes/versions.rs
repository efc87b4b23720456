//! Versions: a required annex stops a submission without it; submitting freezes the working copy as the
//! version's annexes, which never change; a revision replaces a file in the working copy and the
//! resubmission freezes it as version 2 while version 1 keeps the old one; a submission meets the annex
//! rules as they are when it is made.

use hub_tests::funnel::{draft, fields};

use super::*;

hub_test!(submission_freezes_the_working_copy, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Versioned annexes", &s.challenge).await;

    // The deck is required: no submission without it.
    let refused = app.post(&format!("/api/v1/proposals/{id}/submit"), Some(&s.anna), Value::Null).await;
    assert_eq!(fields(&refused), ["annexes.deck"], "{}", refused.text);
    let budget = pdf(1, "budget");
    accepted(&put(&app, &s.anna, &id, "budget", "piano.pdf", &budget).await, 201);
    let refused = app.post(&format!("/api/v1/proposals/{id}/submit"), Some(&s.anna), Value::Null).await;
    assert_eq!(fields(&refused), ["annexes.deck"], "an optional annex is not the required one");
    let proposal = app.get(&format!("/api/v1/proposals/{id}"), Some(&s.anna)).await;
    assert_eq!(proposal.body["state"], "draft", "still a draft");

    // With it: submitted, the files frozen as version 1 beside the working copy.
    let first = pdf(2, "deck, first version");
    let working = id_of(&accepted(&upload(&app, &s.anna, &id, "deck", "deck.pdf", &first).await, 201));
    moved(&app, &s.anna, &id, "submit", Value::Null, "submitted").await;
    let listed = list(&app, Some(&s.anna), &id).await;
    let v1: Vec<_> = items(&listed).into_iter().filter(|(v, _, _)| *v == json!(1)).collect();
    assert_eq!(v1, [(json!(1), "budget".to_owned(), sha256(&budget)), (json!(1), "deck".to_owned(), sha256(&first))]);
    let frozen = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["version"] == 1 && a["rule"] == "deck")
        .map(id_of)
        .expect("the frozen deck");
    assert_ne!(frozen, working, "a frozen annex of its own");
    assert_eq!(content(&app, Some(&s.anna), &frozen).await.bytes, first);

    // While submitted nothing changes.
    put(&app, &s.anna, &id, "deck", "deck.pdf", &pdf(1, "late")).await.assert_problem(409, "not_editable");
    upload(&app, &s.anna, &id, "budget", "piano.pdf", &pdf(1, "late")).await.assert_problem(409, "not_editable");
    delete(&app, &s.anna, &frozen).await.assert_problem(409, "not_editable");
    delete(&app, &s.anna, &working).await.assert_problem(409, "not_editable");

    // A revision: a frozen file never changes, the working copy's deck is replaced.
    moved(&app, &s.hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    moved(&app, &s.hub, &id, "request-revision", json!({"note": "Aggiornate la presentazione."}), "revision_requested")
        .await;
    delete(&app, &s.anna, &frozen).await.assert_problem(409, "annex_frozen");
    let second = pdf(3, "deck, second version");
    let replaced = accepted(&put(&app, &s.anna, &id, "deck", "deck.pdf", &second).await, 200);
    assert_eq!(replaced["version"], Value::Null);
    moved(&app, &s.anna, &id, "resubmit", Value::Null, "submitted").await;

    // Version 2 has the new deck, version 1 keeps the old one; both download.
    let listed = list(&app, Some(&s.anna), &id).await;
    let decks: Vec<(Value, String)> = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|a| a["rule"] == "deck" && !a["version"].is_null())
        .map(|a| (a["version"].clone(), id_of(a)))
        .collect();
    assert_eq!(decks.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>(), [json!(2), json!(1)], "newest first");
    let (v2, v1) = (content(&app, Some(&s.anna), &decks[0].1).await, content(&app, Some(&s.anna), &decks[1].1).await);
    assert_eq!((v2.status, v1.status), (200, 200));
    assert_eq!(v2.bytes, second, "version 2 has the new file");
    assert_eq!(v1.bytes, first, "version 1 keeps the old one");
    assert_ne!(v2.header("etag"), v1.header("etag"), "different SHA-256");
    let budgets: Vec<_> = items(&listed).into_iter().filter(|(v, r, _)| r == "budget" && !v.is_null()).collect();
    assert_eq!(budgets.len(), 2, "the untouched budget is in both versions");
    assert!(budgets.iter().all(|(_, _, sha)| *sha == sha256(&budget)));
    assert!(Objects::local(&app).has(&sha256(&first)), "the old deck's object stays: version 1 names it");
});

hub_test!(a_submission_meets_the_annex_rules_as_they_are_now, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Rules changed", &s.challenge).await;
    accepted(&put(&app, &s.anna, &id, "deck", "deck.pdf", &pdf(2, "two pages")).await, 201);
    accepted(&put(&app, &s.anna, &id, "budget", "piano.pdf", &pdf(1, "budget")).await, 201);

    // The manager changes the rules after the files were attached: the deck takes one page, the budget
    // is no longer asked for.
    let path = format!("/api/v1/challenges/{}", s.challenge);
    let etag = app.get(&path, Some(&s.hub)).await.header("etag").expect("an ETag").to_owned();
    let rules = json!({"annexes": [
        {"key": "deck", "name": "Presentazione", "required": true, "types": ["pdf"], "max_pages": 1}
    ]});
    let request = app.client.patch(format!("{}{path}", app.base)).bearer_auth(&s.hub).header("If-Match", etag);
    let changed = TestApp::answer(request.json(&rules).send().await.expect("the hub answers")).await;
    assert_eq!(changed.status, 200, "{}", changed.text);

    // The submission is judged by the rules as they are now, each file that no longer fits named.
    let refused = app.post(&format!("/api/v1/proposals/{id}/submit"), Some(&s.anna), Value::Null).await;
    let body = refused.assert_problem(422, "validation_failed");
    let mut errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (e["field"].as_str().expect("field").to_owned(), e["code"].as_str().expect("code").to_owned()))
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            ("annexes.budget".to_owned(), "rule_withdrawn".to_owned()),
            ("annexes.deck".to_owned(), "too_many_pages".to_owned())
        ]
    );
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&s.anna)).await.body["state"], "draft");

    // Once the team deletes the withdrawn file and replaces the deck, it goes.
    let listed = list(&app, Some(&s.anna), &id).await;
    let budget = listed.body["items"].as_array().expect("items").iter().find(|a| a["rule"] == "budget").map(id_of);
    assert_eq!(delete(&app, &s.anna, &budget.expect("the budget")).await.status, 204);
    accepted(&put(&app, &s.anna, &id, "deck", "deck.pdf", &pdf(1, "one page")).await, 200);
    moved(&app, &s.anna, &id, "submit", Value::Null, "submitted").await;
});
