//! Who reads annexes: the team everything, hub managers everything, another organisation nothing,
//! anonymous callers nothing; an evaluator once assigned and cleared of conflicts, the submitted versions
//! only (never the working copy), each version only once assigned to it and cleared, none once they declined;
//! and their ZIP of the latest files they read of every proposal assigned to them.

use hub_tests::funnel::{assigned, confirm, evaluator, in_days, review_act, save_and_submit, scored_review};

use super::journey::unzip;
use super::*;

hub_test!(who_reads_annexes, |app| {
    let s = setup(&app).await;
    let deck = pdf(1, "visible deck");
    let id = reviewed_with_deck(&app, &s, "Read by whom", &deck, "deck.pdf").await;
    let listed = list(&app, Some(&s.anna), &id).await;
    let working = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["version"].is_null())
        .map(id_of)
        .expect("working");
    let frozen =
        listed.body["items"].as_array().expect("items").iter().find(|a| a["version"] == 1).map(id_of).expect("v1");
    let annex_path = format!("/api/v1/annexes/{frozen}");

    // Anonymous: 401. Another organisation's proposer: 404.
    assert_eq!(list(&app, None, &id).await.status, 401);
    assert_eq!(content(&app, None, &frozen).await.status, 401);
    let (bruno, _) = verified_proposer(&app, "bruno@nuvola.example", "Nuvola S.r.l.", "01234567897").await;
    list(&app, Some(&bruno), &id).await.assert_problem(404, "not_found");
    assert_eq!(content(&app, Some(&bruno), &frozen).await.status, 404);
    assert_eq!(app.get(&annex_path, Some(&bruno)).await.status, 404);

    // A hub manager reads everything, the working copy too.
    let seen = items(&list(&app, Some(&s.hub), &id).await);
    assert_eq!(seen.iter().map(|(v, _, _)| v.clone()).collect::<Vec<_>>(), [Value::Null, json!(1)]);
    assert_eq!(content(&app, Some(&s.hub), &working).await.bytes, deck);
    assert_eq!(content(&app, Some(&s.hub), &frozen).await.bytes, deck);

    // An evaluator assigned, not cleared of conflicts: 403; cleared: the submitted version only.
    let (eva, eva_id) = evaluator(&app, "eva@hub.example", None).await;
    let review = assigned(&app, &s.hub, &id, &eva_id, &in_days(10)).await;
    assert_eq!(list(&app, Some(&eva), &id).await.status, 403);
    assert_eq!(content(&app, Some(&eva), &frozen).await.status, 403);
    assert_eq!(app.get(&annex_path, Some(&eva)).await.status, 403);
    confirm(&app, &eva, &review).await;
    assert_eq!(
        items(&list(&app, Some(&eva), &id).await),
        [(json!(1), "deck".to_owned(), sha256(&deck))],
        "never the working copy"
    );
    assert_eq!(content(&app, Some(&eva), &frozen).await.bytes, deck);
    assert_eq!(app.get(&annex_path, Some(&eva)).await.status, 200);
    assert_eq!(content(&app, Some(&eva), &working).await.status, 404, "the working copy is the team's");
    assert_eq!(app.get(&format!("/api/v1/annexes/{working}"), Some(&eva)).await.status, 404);

    // An evaluator not assigned: 404.
    let (other, _) = evaluator(&app, "otto@hub.example", None).await;
    assert_eq!(list(&app, Some(&other), &id).await.status, 404);
    assert_eq!(content(&app, Some(&other), &frozen).await.status, 404);
});

hub_test!(the_evaluators_zip, |app| {
    let s = setup(&app).await;
    let (first, second) = (pdf(1, "first proposal's deck"), pdf(2, "second proposal's deck"));
    let a = reviewed_with_deck(&app, &s, "First assigned", &first, "primo.pdf").await;
    let b = reviewed_with_deck(&app, &s, "Second assigned", &second, "secondo.pdf").await;
    let budget = png();
    let c = reviewed_with_deck(&app, &s, "Not cleared", &budget_deck(), "terzo.pdf").await;
    let (eva, eva_id) = evaluator(&app, "eva@hub.example", None).await;
    let mut reviews = Vec::new();
    for id in [&a, &b] {
        let review = assigned(&app, &s.hub, id, &eva_id, &in_days(10)).await;
        confirm(&app, &eva, &review).await;
        reviews.push(review);
    }
    // Assigned without the confirmation: left out.
    assigned(&app, &s.hub, &c, &eva_id, &in_days(10)).await;
    // The first reviewed, then its working copy changes in a revision: the ZIP has the file reviewed.
    save_and_submit(&app, &eva, &reviews[0], scored_review()).await;
    moved(&app, &s.hub, &a, "request-revision", json!({"note": "Aggiungete il piano."}), "revision_requested").await;
    accepted(&put(&app, &s.anna, &a, "budget", "piano.png", &budget).await, 201);

    let zip = fetch(&app, Some(&eva), "/api/v1/me/assigned-annexes", &[]).await;
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    assert!(zip.header("content-disposition").is_some_and(|d| d.starts_with("attachment")));
    let mut entries = unzip(&zip.bytes);
    entries.sort();
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(entries.len(), 2, "{names:?}");
    assert!(names[0].starts_with("First assigned (") && names[0].ends_with(")/deck/primo.pdf"), "{names:?}");
    assert!(names[1].starts_with("Second assigned (") && names[1].ends_with(")/deck/secondo.pdf"), "{names:?}");
    assert_eq!(
        (entries[0].1.as_slice(), entries[1].1.as_slice()),
        (first.as_slice(), second.as_slice()),
        "the files' bytes"
    );

    // Not an evaluator: 403, a proposer or a hub manager alike; anonymous: 401.
    let refused = app.get("/api/v1/me/assigned-annexes", Some(&s.anna)).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(app.get("/api/v1/me/assigned-annexes", Some(&s.hub)).await.status, 403);
    assert_eq!(app.get("/api/v1/me/assigned-annexes", None).await.status, 401);
    // An evaluator with nothing assigned: an empty ZIP.
    let (idle, _) = evaluator(&app, "idle@hub.example", None).await;
    let empty = fetch(&app, Some(&idle), "/api/v1/me/assigned-annexes", &[]).await;
    assert_eq!(empty.status, 200);
    assert!(unzip(&empty.bytes).is_empty());
});

// Clearance is per version: an evaluator who reviewed version 1 reads its files, not version 2's until
// assigned to it and cleared; unassigned from version 2, not its files; once they decline a version (a
// conflict of interest), no file of the proposal at all, nor in their ZIP.
hub_test!(an_evaluator_reads_the_files_of_the_versions_they_are_cleared_for, |app| {
    let s = setup(&app).await;
    let (first, second) = (pdf(1, "deck, first version"), pdf(2, "deck, second version"));
    let id = reviewed_with_deck(&app, &s, "Cleared per version", &first, "deck.pdf").await;
    let (eva, eva_id) = evaluator(&app, "eva@hub.example", None).await;
    let (otto, otto_id) = evaluator(&app, "otto@hub.example", None).await;
    for (token, user) in [(&eva, &eva_id), (&otto, &otto_id)] {
        let review = assigned(&app, &s.hub, &id, user, &in_days(10)).await;
        confirm(&app, token, &review).await;
        save_and_submit(&app, token, &review, scored_review()).await;
    }
    moved(&app, &s.hub, &id, "request-revision", json!({"note": "Aggiornate la presentazione."}), "revision_requested")
        .await;
    accepted(&put(&app, &s.anna, &id, "deck", "deck.pdf", &second).await, 200);
    moved(&app, &s.anna, &id, "resubmit", Value::Null, "submitted").await;
    moved(&app, &s.hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    let listed = list(&app, Some(&s.anna), &id).await;
    let of_version = |v: i64| {
        listed.body["items"].as_array().expect("items").iter().find(|a| a["version"] == v).map(id_of).expect("a deck")
    };
    let (v1, v2) = (of_version(1), of_version(2));
    let bundled = |token: String| {
        let app = &app;
        async move {
            let zip = fetch(app, Some(&token), "/api/v1/me/assigned-annexes", &[]).await;
            assert_eq!(zip.status, 200);
            unzip(&zip.bytes).into_iter().map(|(_, bytes)| bytes).collect::<Vec<_>>()
        }
    };

    // Version 1 reviewed: its file, not version 2's, in the list, the download and the ZIP.
    for token in [&eva, &otto] {
        assert_eq!(content(&app, Some(token), &v1).await.bytes, first);
        assert_eq!(content(&app, Some(token), &v2).await.status, 404, "version 2 not assigned");
        assert_eq!(items(&list(&app, Some(token), &id).await), [(json!(1), "deck".to_owned(), sha256(&first))]);
        assert_eq!(bundled(token.clone()).await, std::slice::from_ref(&first));
    }
    // Assigned to version 2: not before the conflict is confirmed for it; then version 2's file, in the ZIP too.
    let eva_v2 = assigned(&app, &s.hub, &id, &eva_id, &in_days(10)).await;
    let otto_v2 = assigned(&app, &s.hub, &id, &otto_id, &in_days(10)).await;
    assert_eq!(content(&app, Some(&eva), &v2).await.status, 404, "not yet cleared for version 2");
    for (token, review) in [(&eva, &eva_v2), (&otto, &otto_v2)] {
        confirm(&app, token, review).await;
        assert_eq!(content(&app, Some(token), &v2).await.bytes, second);
        assert_eq!(bundled(token.clone()).await, std::slice::from_ref(&second), "the latest version they read");
    }
    // Otto unassigned from version 2: its file no more; version 1's, which he reviewed, still.
    let removed = app
        .request(Method::DELETE, &format!("/api/v1/proposals/{id}/assignments/{otto_v2}"), Some(&s.hub), Value::Null)
        .await;
    assert_eq!(removed.status, 204, "{}", removed.text);
    assert_eq!(content(&app, Some(&otto), &v2).await.status, 404, "unassigned");
    assert_eq!(content(&app, Some(&otto), &v1).await.bytes, first);
    assert_eq!(bundled(otto.clone()).await, std::slice::from_ref(&first));
    // Eva declines version 2 (a conflict arose): no file of the proposal, in no way.
    let declined =
        review_act(&app, &eva, &eva_v2, "decline", json!({"reason": "Ora collaboro con il proponente."})).await;
    assert_eq!(declined.status, 200, "{}", declined.text);
    for annex in [&v1, &v2] {
        assert_eq!(content(&app, Some(&eva), annex).await.status, 404, "after declining");
        assert_eq!(app.get(&format!("/api/v1/annexes/{annex}"), Some(&eva)).await.status, 404);
    }
    assert!(items(&list(&app, Some(&eva), &id).await).is_empty());
    assert!(bundled(eva.clone()).await.is_empty());
});

// A client that stops reading holds its bundle's thread for as long as its connection stays open: one evaluator
// has at most two written at once (429 for a third, with Retry-After), another is served meanwhile, and a
// download given up frees its place.
hub_test!(one_evaluator_has_at_most_two_bundles_written_at_once, |app| {
    let s = setup(&app).await;
    // A deck larger than what the connections buffer (the padding a comment after the header).
    let large = pdf(1, &"x".repeat(19 * 1024 * 1024));
    let id = reviewed_with_deck(&app, &s, "Large deck", &large, "deck.pdf").await;
    let (eva, eva_id) = evaluator(&app, "eva@hub.example", None).await;
    confirm(&app, &eva, &assigned(&app, &s.hub, &id, &eva_id, &in_days(10)).await).await;
    let url = format!("{}/api/v1/me/assigned-annexes", app.base);
    let open = || app.client.get(&url).bearer_auth(&eva).send();

    // Two downloads started and not read.
    let first = open().await.expect("answer");
    let second = open().await.expect("answer");
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (200, 200));
    let third = open().await.expect("answer");
    assert_eq!(third.status().as_u16(), 429, "a third bundle of one person's at once");
    let third = hub_tests::TestApp::answer(third).await;
    third.assert_problem(429, "too_many_requests");
    assert!(third.header("retry-after").is_some(), "{:?}", third.text);
    // Another evaluator is served meanwhile.
    let (otto, _) = evaluator(&app, "otto@hub.example", None).await;
    assert_eq!(fetch(&app, Some(&otto), "/api/v1/me/assigned-annexes", &[]).await.status, 200);
    // One given up: served again once the hub has seen its connection close.
    drop(first);
    let started = Instant::now();
    loop {
        let again = open().await.expect("answer");
        if again.status() == 200 {
            let bytes = again.bytes().await.expect("the ZIP");
            assert_eq!(unzip(&bytes).into_iter().map(|(_, b)| b).collect::<Vec<_>>(), [large]);
            break;
        }
        assert_eq!(again.status(), 429);
        assert!(started.elapsed() < StdDuration::from_secs(30), "the download given up still counts");
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    drop(second);
});

/// A third deck.
fn budget_deck() -> Vec<u8> {
    pdf(1, "third proposal's deck")
}
