//! The data subject's export (`GET /me/export`) names the files they attached: which proposal and version,
//! the name, kind, size and SHA-256, and where the bytes are read; no one else's export names them.

use hub_tests::funnel::draft;

use super::*;

hub_test!(the_export_names_the_files_the_caller_attached, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Files in the export", &s.challenge).await;
    let deck = pdf(2, "exported");
    let uploaded = accepted(&upload(&app, &s.anna, &id, "deck", "Piano tecnico.pdf", &deck).await, 201);

    let export = app.get("/api/v1/me/export", Some(&s.anna)).await;
    assert_eq!(export.status, 200, "{}", export.text);
    let annexes = export.body["annexes"].as_array().expect("a list of annexes");
    assert_eq!(annexes.len(), 1, "{annexes:?}");
    let annex = &annexes[0];
    assert_eq!(annex["id"], uploaded["id"]);
    assert_eq!(annex["proposal_id"], id.as_str());
    assert_eq!((annex["version"].as_i64(), annex["rule"].as_str()), (Some(0), Some("deck")), "the working copy's");
    assert_eq!((annex["filename"].as_str(), annex["type"].as_str()), (Some("Piano tecnico.pdf"), Some("pdf")));
    assert_eq!((annex["size"].as_u64(), annex["pages"].as_u64()), (u64::try_from(deck.len()).ok(), Some(2)));
    assert_eq!(annex["sha256"], sha256(&deck));
    // Where its bytes are: the caller reads them there.
    let path = annex["content"].as_str().expect("where the bytes are");
    assert_eq!(fetch(&app, Some(&s.anna), path, &[]).await.bytes, deck);

    // The hub manager uploaded nothing: their export names no file.
    let theirs = app.get("/api/v1/me/export", Some(&s.hub)).await;
    assert_eq!(theirs.status, 200, "{}", theirs.text);
    assert_eq!(theirs.body["annexes"], json!([]));
});
