//! The main journey, on the local store and on S3 (moto): a multipart and a raw upload, the list, a
//! download with its headers, a conditional request, ranges, a replacement and a deletion releasing
//! their objects, the submission freezing the files, and the evaluator's ZIP.

use std::io::Read;

use hub_tests::backend_tests;
use hub_tests::funnel::{assigned, confirm, draft, evaluator, in_days};

use super::*;

/// Reads the evaluator's ZIP: `(entry name, bytes)`.
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a ZIP");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("an entry");
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("the entry's bytes");
            (entry.name().expect("a UTF-8 name").to_string(), content)
        })
        .collect()
}

/// The journey; the SHA-256 of the deck it leaves stored.
pub(crate) async fn journey(app: &TestApp, objects: &Objects) -> String {
    let s = setup(app).await;
    let id = draft(app, &s.anna, "Sovereign data space", &s.challenge).await;

    // A PDF by multipart: 201, its Location, what it was found to be.
    let deck = pdf(2, "deck of the journey");
    let uploaded = upload(app, &s.anna, &id, "deck", "Presentazione finale.pdf", &deck).await;
    let annex = accepted(&uploaded, 201);
    let deck_id = id_of(&annex);
    assert_eq!(uploaded.header("location"), Some(format!("/api/v1/annexes/{deck_id}").as_str()));
    assert_eq!(annex["type"], "pdf", "{annex}");
    assert_eq!(annex["media_type"], "application/pdf");
    assert_eq!(annex["pages"], 2);
    assert_eq!(annex["size"], deck.len());
    assert_eq!(annex["sha256"], sha256(&deck));
    assert_eq!(annex["version"], Value::Null, "the working copy");
    assert_eq!(annex["filename"], "Presentazione finale.pdf");
    assert!(objects.has(&sha256(&deck)), "the object is stored under its SHA-256");

    // The list: the rules and the file.
    let listed = list(app, Some(&s.anna), &id).await;
    let keys: Vec<&str> =
        listed.body["rules"].as_array().expect("rules").iter().map(|r| r["key"].as_str().expect("key")).collect();
    assert_eq!(keys, ["deck", "budget"], "{}", listed.text);
    assert_eq!(listed.body["rules"][0]["max_bytes"], 20 * 1024 * 1024, "the default largest file");
    assert_eq!(listed.body["rules"][0]["max_count"], 1, "the default count");
    assert_eq!(items(&listed), [(Value::Null, "deck".to_owned(), sha256(&deck))]);
    assert_eq!(listed.body["items"][0]["pages"], 2);
    assert_eq!(listed.body["items"][0]["size"], deck.len());
    assert_eq!(app.get(&format!("/api/v1/annexes/{deck_id}"), Some(&s.anna)).await.body["sha256"], sha256(&deck));

    // The download: the same bytes, their media type, their name, the SHA-256 as a strong ETag.
    let got = content(app, Some(&s.anna), &deck_id).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.bytes, deck, "the same bytes");
    assert_eq!(got.header("content-type"), Some("application/pdf"));
    let disposition = got.header("content-disposition").expect("a disposition");
    assert!(disposition.starts_with("attachment") && disposition.contains("Presentazione finale.pdf"), "{disposition}");
    let etag = format!("\"{}\"", sha256(&deck));
    assert_eq!(got.header("etag"), Some(etag.as_str()));
    let path = format!("/api/v1/annexes/{deck_id}/content");
    let fresh = fetch(app, Some(&s.anna), &path, &[("if-none-match", &etag)]).await;
    assert_eq!(fresh.status, 304, "If-None-Match with its ETag");
    assert!(fresh.bytes.is_empty());
    // A 304 carries the caching rule its 200 would have (RFC 9110 §15.4.5): no shared cache keeps it.
    assert_eq!(fresh.header("cache-control"), got.header("cache-control"));
    assert_eq!(got.header("cache-control"), Some("private, no-cache"));
    let other = fetch(app, Some(&s.anna), &path, &[("if-none-match", "\"0000\"")]).await;
    assert_eq!((other.status, other.bytes.len()), (200, deck.len()), "another ETag: the file");

    // Ranges: the first ten bytes; one past the end is refused.
    let part = fetch(app, Some(&s.anna), &path, &[("range", "bytes=0-9")]).await;
    assert_eq!(part.status, 206);
    assert_eq!(part.bytes, deck[..10], "the first ten bytes");
    assert_eq!(part.header("content-range"), Some(format!("bytes 0-9/{}", deck.len()).as_str()));
    let tail = fetch(app, Some(&s.anna), &path, &[("range", "bytes=-5")]).await;
    assert_eq!((tail.status, tail.bytes.as_slice()), (206, &deck[deck.len() - 5..]), "the last five bytes");
    let past = format!("bytes={}-{}", deck.len() + 10, deck.len() + 20);
    let outside = fetch(app, Some(&s.anna), &path, &[("range", &past)]).await;
    assert_eq!(outside.status, 416, "a range outside the file");
    assert_eq!(outside.header("content-range"), Some(format!("bytes */{}", deck.len()).as_str()));
    // Ranges that overlap, a reversed one and one that does not parse are ignored: the whole file (RFC 9110).
    for ignored in ["bytes=0-1,0-1,0-1", "bytes=9-0", "bytes=x-y", "pages=1-2"] {
        let whole = fetch(app, Some(&s.anna), &path, &[("range", ignored)]).await;
        assert_eq!((whole.status, whole.bytes.len()), (200, deck.len()), "{ignored}");
    }
    // A download resumed in parts asks for the file it began (`If-Match`, compared strongly): the same file,
    // or `*`, is served (a part of it too); another ETag, a weak one or one in no quotes is 412, no bytes.
    for (asked, status) in [(etag.clone(), 200), ("*".to_owned(), 200), (format!("\"0000\", {etag}"), 200)] {
        let kept = fetch(app, Some(&s.anna), &path, &[("if-match", &asked)]).await;
        assert_eq!((kept.status, kept.bytes.len()), (status, deck.len()), "If-Match: {asked}");
    }
    let resumed = fetch(app, Some(&s.anna), &path, &[("if-match", &etag), ("range", "bytes=10-19")]).await;
    assert_eq!((resumed.status, resumed.bytes.as_slice()), (206, &deck[10..20]), "the next part of the same file");
    for asked in ["\"0000\"".to_owned(), format!("W/{etag}"), sha256(&deck)] {
        let changed = fetch(app, Some(&s.anna), &path, &[("if-match", &asked), ("range", "bytes=10-19")]).await;
        assert_eq!(changed.status, 412, "If-Match: {asked}");
        let problem: Value = serde_json::from_slice(&changed.bytes).expect("a problem");
        assert_eq!(problem["code"], "precondition_failed", "{problem}");
    }

    // Never compressed, and no `Content-Encoding` at all (`identity` is no coding to send).
    let plain = fetch(app, Some(&s.anna), &path, &[("accept-encoding", "gzip, br, zstd")]).await;
    assert_eq!((plain.bytes.as_slice(), plain.header("content-encoding")), (deck.as_slice(), None));

    // A raw PUT: 201; the same name again: 200, replaced, the old object released.
    let image = png();
    let put_png = put(app, &s.anna, &id, "budget", "piano.png", &image).await;
    let first = accepted(&put_png, 201);
    assert_eq!(first["type"], "png");
    assert_eq!(first["media_type"], "image/png");
    assert!(put_png.header("location").is_some_and(|l| l.ends_with(&id_of(&first))));
    let budget_v1 = pdf(1, "budget, first");
    let replaced = accepted(&put(app, &s.anna, &id, "budget", "piano.png", &budget_v1).await, 200);
    assert_eq!(
        (replaced["type"].as_str(), replaced["sha256"].as_str()),
        (Some("pdf"), Some(sha256(&budget_v1).as_str()))
    );
    assert_eq!(
        replaced["filename"], "piano.png.pdf",
        "the file at that name replaced, its name now ending in what it is"
    );
    let budgets: Vec<_> =
        items(&list(app, Some(&s.anna), &id).await).into_iter().filter(|(_, rule, _)| rule == "budget").collect();
    assert_eq!(budgets, [(Value::Null, "budget".to_owned(), sha256(&budget_v1))], "replaced, not added");
    assert_eq!(content(app, Some(&s.anna), &id_of(&first)).await.status, 404, "the replaced annex is gone");
    assert!(objects.wait_gone(&sha256(&image)).await, "the replaced file's object is released");

    // A deletion: 204, the object released; the budget attached again.
    assert_eq!(delete(app, &s.anna, &id_of(&replaced)).await.status, 204);
    assert!(objects.wait_gone(&sha256(&budget_v1)).await, "the deleted file's object is released");
    assert_eq!(delete(app, &s.anna, &id_of(&replaced)).await.status, 404, "deleted already");
    let budget = pdf(1, "budget, final");
    let budget_id = id_of(&accepted(&put(app, &s.anna, &id, "budget", "piano.pdf", &budget).await, 201));

    // Submission freezes the files as version 1.
    moved(app, &s.anna, &id, "submit", Value::Null, "submitted").await;
    let frozen: Vec<_> =
        items(&list(app, Some(&s.anna), &id).await).into_iter().filter(|(v, _, _)| *v == json!(1)).collect();
    assert_eq!(
        frozen,
        [(json!(1), "budget".to_owned(), sha256(&budget)), (json!(1), "deck".to_owned(), sha256(&deck))],
        "both files frozen as version 1"
    );
    assert_eq!(delete(app, &s.anna, &budget_id).await.assert_problem(409, "not_editable")["status"], 409);

    // The evaluator's ZIP: both files, their bytes.
    moved(app, &s.hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    let (eva, eva_id) = evaluator(app, "eva@hub.example", None).await;
    let review = assigned(app, &s.hub, &id, &eva_id, &in_days(10)).await;
    confirm(app, &eva, &review).await;
    let zip = fetch(app, Some(&eva), "/api/v1/me/assigned-annexes", &[]).await;
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let mut entries = unzip(&zip.bytes);
    entries.sort();
    assert_eq!(entries.len(), 2, "{:?}", entries.iter().map(|(n, _)| n).collect::<Vec<_>>());
    assert!(entries[0].0.ends_with("/budget/piano.pdf") && entries[0].1 == budget, "{}", entries[0].0);
    assert!(entries[1].0.ends_with("/deck/Presentazione finale.pdf") && entries[1].1 == deck, "{}", entries[1].0);
    let range = fetch(
        app,
        Some(&eva),
        &format!("/api/v1/annexes/{}/content", entries_id(app, &eva, &id).await),
        &[("range", "bytes=0-9")],
    )
    .await;
    assert_eq!((range.status, range.bytes.as_slice()), (206, &budget[..10]), "the evaluator reads ranges too");
    sha256(&deck)
}

/// The id of the first frozen annex the evaluator lists.
async fn entries_id(app: &TestApp, eva: &str, proposal: &str) -> String {
    let listed = list(app, Some(eva), proposal).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    id_of(&listed.body["items"][0])
}

hub_test!(local_store, |app| {
    let objects = Objects::local(&app);
    let deck = journey(&app, &objects).await;
    assert!(objects.has(&deck));
});

mod s3_store {
    use super::*;

    backend_tests!(|backend| {
        // The bucket's folder `hub/annessi` (`s3://bucket/hub/annessi`): every key the journey checks is
        // under it.
        let Some(bucket) = S3Bucket::create().map(|b| b.under("hub/annessi")) else { return };
        let app = TestApp::spawn_with(backend, &bucket.settings()).await;
        assert!(
            matches!(&app.settings.annexes.store, api::settings::ObjectStoreSettings::S3(s)
                if s.bucket == bucket.name && s.prefix.as_deref() == Some("hub/annessi")),
            "the hub stores annexes in the bucket's folder"
        );
        let data_objects = app.settings.data_dir.join("objects");
        let deck = journey(&app, &Objects::S3(bucket.clone())).await;
        assert!(!data_objects.join("annexes").exists(), "nothing written to the local store");
        let key = format!("annexes/{}/{deck}", &deck[..2]);
        assert!(bucket.has(&key) && !bucket.has_exactly(&key), "{key} under hub/annessi only, not at the top");
    });
}
