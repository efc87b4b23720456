//! Who reads annexes: the team everything, hub managers everything, another organisation nothing,
//! anonymous callers nothing; an evaluator once assigned and cleared of conflicts, the submitted versions
//! only (never the working copy), and their ZIP of every assigned proposal's current files.

use hub_tests::funnel::{assigned, confirm, evaluator, in_days};

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
    for id in [&a, &b] {
        let review = assigned(&app, &s.hub, id, &eva_id, &in_days(10)).await;
        confirm(&app, &eva, &review).await;
    }
    // Assigned without the confirmation: left out.
    assigned(&app, &s.hub, &c, &eva_id, &in_days(10)).await;
    // The working copy of the first changes after submission: the ZIP has the submitted file.
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

/// A third deck.
fn budget_deck() -> Vec<u8> {
    pdf(1, "third proposal's deck")
}
