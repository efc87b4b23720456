//! What an upload is checked against: the kind by content (never the name), a PDF's pages and whether it
//! opens, the rule's largest file (from `Content-Length` before reading, and while a chunked body
//! streams), the rule's key and its count.

use std::io::{Read, Write};

use hub_tests::funnel::draft;

use super::*;

/// A raw `PUT` with a chunked body (no `Content-Length`), over a plain socket; returns the status.
pub(crate) async fn put_chunked(app: &TestApp, token: &str, path: &str, bytes: Vec<u8>) -> u16 {
    let (address, token, path) = (app.base.trim_start_matches("http://").to_owned(), token.to_owned(), path.to_owned());
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).expect("connect");
        stream.set_read_timeout(Some(StdDuration::from_secs(30))).expect("timeout");
        let head = format!(
            "PUT {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        let mut request = head.into_bytes();
        for chunk in bytes.chunks(1000) {
            request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            request.extend_from_slice(chunk);
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"0\r\n\r\n");
        // The hub may answer before it has read everything: a write that fails then is not the test's.
        let _ = stream.write_all(&request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer);
        text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("an HTTP answer: {text}"))
    })
    .await
    .expect("join")
}

hub_test!(kinds_are_told_by_content, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Checked files", &s.challenge).await;

    // A text file named .pdf is no PDF.
    let text = upload(&app, &s.anna, &id, "deck", "x.pdf", b"just some text, named x.pdf\n").await;
    assert_eq!(invalid(&text), [("file".to_owned(), "type_not_allowed".to_owned())], "{}", text.text);
    let raw = put(&app, &s.anna, &id, "deck", "x.pdf", b"just some text, named x.pdf\n").await;
    assert_eq!(invalid(&raw), [("file".to_owned(), "type_not_allowed".to_owned())]);
    // A PNG, whatever its name, to a PDF-only annex.
    let image = upload(&app, &s.anna, &id, "deck", "deck.pdf", &png()).await;
    assert_eq!(invalid(&image), [("file".to_owned(), "type_not_allowed".to_owned())]);
    // More pages than the annex allows.
    let long = upload(&app, &s.anna, &id, "deck", "deck.pdf", &pdf(4, "four pages")).await;
    assert_eq!(invalid(&long), [("file".to_owned(), "too_many_pages".to_owned())], "{}", long.text);
    // Starts as a PDF, does not open as one.
    let broken = put(&app, &s.anna, &id, "deck", "deck.pdf", b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n").await;
    assert_eq!(invalid(&broken), [("file".to_owned(), "unreadable_pdf".to_owned())], "{}", broken.text);
    // A page tree claiming more pages than any document has, to an annex with no page limit.
    let claims = put(&app, &s.anna, &id, "budget", "budget.pdf", &pdf_claiming(1, 3_000_000_000, "claims")).await;
    assert_eq!(invalid(&claims), [("file".to_owned(), "unreadable_pdf".to_owned())], "{}", claims.text);
    // One claiming no page at all (as a tree that cannot be read, or pages locked by a password, count).
    let none = put(&app, &s.anna, &id, "budget", "budget.pdf", &pdf_claiming(1, 0, "no pages")).await;
    assert_eq!(invalid(&none), [("file".to_owned(), "unreadable_pdf".to_owned())], "{}", none.text);
    // A page tree claiming fewer pages than it holds, to pass the annex's limit (three) by a lie; and one
    // claiming more than it holds: the pages are counted, and a tree that contradicts itself does not open.
    let liar = put(&app, &s.anna, &id, "deck", "deck.pdf", &pdf_claiming(4, 1, "four claiming one")).await;
    assert_eq!(invalid(&liar), [("file".to_owned(), "unreadable_pdf".to_owned())], "{}", liar.text);
    assert!(liar.text.contains("1 pages") && liar.text.contains("holds 4"), "{}", liar.text);
    let boaster = put(&app, &s.anna, &id, "deck", "deck.pdf", &pdf_claiming(1, 2, "one claiming two")).await;
    assert_eq!(invalid(&boaster), [("file".to_owned(), "unreadable_pdf".to_owned())], "{}", boaster.text);
    // Nothing at all.
    let empty = put(&app, &s.anna, &id, "deck", "deck.pdf", b"").await;
    assert_eq!(invalid(&empty), [("file".to_owned(), "empty".to_owned())], "{}", empty.text);
    // A rule the challenge does not have.
    let unknown = upload(&app, &s.anna, &id, "video", "deck.pdf", &pdf(1, "unknown rule")).await;
    assert_eq!(invalid(&unknown), [("rule".to_owned(), "unknown_rule".to_owned())], "{}", unknown.text);
    let unknown = put(&app, &s.anna, &id, "video", "deck.pdf", &pdf(1, "unknown rule")).await;
    assert_eq!(invalid(&unknown), [("rule".to_owned(), "unknown_rule".to_owned())]);

    // A body that is no multipart form is the wrong media type; a multipart form that breaks off is malformed.
    let url = format!("{}/api/v1/proposals/{id}/annexes", app.base);
    for content_type in [Some("application/json"), Some("text/plain; boundary=x"), None] {
        let mut request = app.client.post(&url).bearer_auth(&s.anna).body(r#"{"rule":"deck"}"#);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let answer = TestApp::answer(request.send().await.expect("the hub answers")).await;
        answer.assert_problem(415, "unsupported_media_type");
    }
    let broken = app
        .client
        .post(&url)
        .bearer_auth(&s.anna)
        .header("content-type", "multipart/form-data; boundary=annex-boundary")
        .body("--annex-boundary\r\nContent-Disposition: form-data; name=\"rule\"\r\n\r\ndeck")
        .send()
        .await
        .expect("the hub answers");
    TestApp::answer(broken).await.assert_problem(400, "malformed_multipart");
    let twice = app
        .client
        .post(&url)
        .bearer_auth(&s.anna)
        .header("content-type", "multipart/form-data; boundary=b")
        .body(
            "--b\r\nContent-Disposition: form-data; name=\"rule\"\r\n\r\ndeck\r\n\
             --b\r\nContent-Disposition: form-data; name=\"rule\"\r\n\r\nbudget\r\n\
             --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\
             not read\r\n--b--\r\n",
        )
        .send()
        .await
        .expect("the hub answers");
    TestApp::answer(twice).await.assert_problem(400, "malformed_multipart");

    // Nothing refused was kept: no row, no object.
    assert!(items(&list(&app, Some(&s.anna), &id).await).is_empty());
    let objects = Objects::local(&app);
    for refused in [pdf(4, "four pages"), png()] {
        assert!(!objects.has(&sha256(&refused)), "a refused file leaves no object");
    }

    // Three pages is the limit, and a PNG is a budget.
    let three = accepted(&upload(&app, &s.anna, &id, "deck", "deck.pdf", &pdf(3, "three pages")).await, 201);
    assert_eq!(three["pages"], 3);
    let budget = accepted(&put(&app, &s.anna, &id, "budget", "piano.pdf", &png()).await, 201);
    assert_eq!(budget["type"], "png", "its kind by content, whatever its name");
    // Its name ends in what it is: whoever downloads it opens an image, never what the name claimed.
    assert_eq!(budget["filename"], "piano.pdf.png");
    let got = content(&app, Some(&s.anna), &id_of(&budget)).await;
    assert_eq!(got.header("content-type"), Some("image/png"));
    assert!(got.header("content-disposition").is_some_and(|d| d.contains("piano.pdf.png")), "{:?}", got.headers);
});

hub_test!(too_large_and_too_many, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Large files", &s.challenge).await;
    let mut large = b"%PDF-1.4\n".to_vec();
    large.resize(BUDGET_MAX + 1, b'x');

    // Over the rule's largest file: from Content-Length, by multipart, and as a chunked body.
    put(&app, &s.anna, &id, "budget", "large.pdf", &large).await.assert_problem(413, "payload_too_large");
    upload(&app, &s.anna, &id, "budget", "large.pdf", &large).await.assert_problem(413, "payload_too_large");
    let path = format!("/api/v1/proposals/{id}/annexes/budget/large.pdf");
    assert_eq!(put_chunked(&app, &s.anna, &path, large.clone()).await, 413, "a chunked body past the limit");
    assert!(items(&list(&app, Some(&s.anna), &id).await).is_empty(), "nothing kept");
    assert!(!Objects::local(&app).has(&sha256(&large)));

    // Exactly the limit is taken, chunked too.
    let mut fits = pdf(1, "fits");
    let padding = BUDGET_MAX - fits.len();
    fits.extend(std::iter::repeat_n(b'\n', padding));
    assert_eq!(put_chunked(&app, &s.anna, &path.replace("large.pdf", "fits.pdf"), fits.clone()).await, 201);
    let listed = items(&list(&app, Some(&s.anna), &id).await);
    assert_eq!(listed, [(Value::Null, "budget".to_owned(), sha256(&fits))]);

    // The annex takes one file: a second is refused, another name by PUT too; the same name replaces.
    upload(&app, &s.anna, &id, "budget", "other.pdf", &pdf(1, "second")).await.assert_problem(409, "too_many_annexes");
    put(&app, &s.anna, &id, "budget", "other.pdf", &pdf(1, "second")).await.assert_problem(409, "too_many_annexes");
    accepted(&put(&app, &s.anna, &id, "budget", "fits.pdf", &pdf(1, "second")).await, 200);
    accepted(&upload(&app, &s.anna, &id, "deck", "deck.pdf", &pdf(1, "deck")).await, 201);
    upload(&app, &s.anna, &id, "deck", "deck.pdf", &pdf(1, "deck again")).await.assert_problem(409, "too_many_annexes");
    assert_eq!(items(&list(&app, Some(&s.anna), &id).await).len(), 2);
});

// PDFs are read into one buffer kept from check to check: each is hashed and counted on its own bytes,
// never on what a larger one before it left there (a broken one after it would open as the larger).
hub_test!(each_pdf_is_hashed_and_counted_on_its_own_bytes, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Decks one after another", &s.challenge).await;
    let long = "0".repeat(2 * 1024 * 1024);
    let large = pdf_of(
        &[
            CATALOG.to_owned(),
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_owned(),
            PAGE.to_owned(),
            PAGE.to_owned(),
            format!("<< /Length {} >>\nstream\n{long}\nendstream", long.len()),
        ],
        "large",
    );
    let (small, png) = (pdf(1, "small"), png());
    // The same name replaces the deck (200); the PNG, no PDF, is hashed from the disk between two PDFs.
    let uploads = [
        ("deck", &large, Some(2), 201),
        ("deck", &small, Some(1), 200),
        ("budget", &png, None, 201),
        ("deck", &large, Some(2), 200),
        ("deck", &small, Some(1), 200),
    ];
    let broken = b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n";
    for (rule, bytes, pages, status) in uploads {
        if rule == "budget" {
            let refused = put(&app, &s.anna, &id, "deck", "file.pdf", broken).await;
            assert_eq!(invalid(&refused), [("file".to_owned(), "unreadable_pdf".to_owned())], "{}", refused.text);
        }
        let annex = accepted(&put(&app, &s.anna, &id, rule, "file.pdf", bytes).await, status);
        assert_eq!(annex["sha256"], sha256(bytes), "{annex}");
        assert_eq!(annex["pages"], json!(pages), "{annex}");
        assert_eq!(annex["size"], bytes.len(), "{annex}");
        let got = content(&app, Some(&s.anna), &id_of(&annex)).await;
        assert_eq!(got.bytes.as_slice(), bytes.as_slice(), "the stored object is the file sent");
    }
});

/// PDFs as real tools write them (`tests/fixtures/pdf`, its README says how): three pages each.
const WRITTEN_BY_TOOLS: [(&str, &[u8]); 7] = [
    ("chromium.pdf", include_bytes!("../../../fixtures/pdf/chromium.pdf")),
    ("objstm.pdf", include_bytes!("../../../fixtures/pdf/objstm.pdf")),
    ("linearized.pdf", include_bytes!("../../../fixtures/pdf/linearized.pdf")),
    ("incremental.pdf", include_bytes!("../../../fixtures/pdf/incremental.pdf")),
    ("restricted.pdf", include_bytes!("../../../fixtures/pdf/restricted.pdf")),
    ("restricted-objstm.pdf", include_bytes!("../../../fixtures/pdf/restricted-objstm.pdf")),
    ("rc4.pdf", include_bytes!("../../../fixtures/pdf/rc4.pdf")),
];
/// One that asks a password to open.
const LOCKED: &[u8] = include_bytes!("../../../fixtures/pdf/locked.pdf");

// Their pages packed in object streams (PDF 1.5: pdfTeX, Word, Acrobat), linearized, with a revision
// appended (a signature), restricted without a password to open: each opens, its three pages counted.
hub_test!(pdfs_as_tools_write_them_are_counted, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Decks from real tools", &s.challenge).await;
    for (name, bytes) in WRITTEN_BY_TOOLS {
        let annex = accepted(&put(&app, &s.anna, &id, "deck", name, bytes).await, 201);
        assert_eq!((annex["type"].as_str(), annex["pages"].as_u64()), (Some("pdf"), Some(3)), "{name}: {annex}");
        assert_eq!(annex["sha256"], sha256(bytes), "{name}");
        let gone = delete(&app, &s.anna, &id_of(&annex)).await;
        assert_eq!(gone.status, 204, "{name}: {}", gone.text);
    }
    let locked = put(&app, &s.anna, &id, "deck", "locked.pdf", LOCKED).await;
    assert_eq!(invalid(&locked), [("file".to_owned(), "unreadable_pdf".to_owned())], "{}", locked.text);
    assert!(locked.text.contains("password"), "the proposer is told why: {}", locked.text);
});

#[test]
fn pdfs_as_tools_write_them_have_their_pages_counted() {
    for (name, bytes) in WRITTEN_BY_TOOLS {
        assert_eq!(api::annexes::inspect::pages(bytes), Ok(3), "{name}");
    }
    let locked = api::annexes::inspect::pages(LOCKED);
    assert!(locked.as_ref().is_err_and(|e| e.contains("password")), "{locked:?}");
}

/// Office files as real tools write them (`tests/fixtures/office`, its README says how).
const OFFICE: [(&str, &[u8], &str); 6] = [
    ("piano.docx", include_bytes!("../../../fixtures/office/piano.docx"), "docx"),
    ("deck.pptx", include_bytes!("../../../fixtures/office/deck.pptx"), "pptx"),
    ("budget.xlsx", include_bytes!("../../../fixtures/office/budget.xlsx"), "xlsx"),
    ("piano.odt", include_bytes!("../../../fixtures/office/piano.odt"), "odt"),
    ("deck.odp", include_bytes!("../../../fixtures/office/deck.odp"), "odp"),
    ("budget.ods", include_bytes!("../../../fixtures/office/budget.ods"), "ods"),
];
/// ZIP archives that are no document — one whose only entry `infer` takes for a Word file's (`word/…`) —, and
/// Word files with macros, one with its entries in Word's order (the main part third, where `infer` looks).
const NOT_OFFICE: [(&str, &[u8]); 4] = [
    ("archive.docx", include_bytes!("../../../fixtures/office/archive.zip")),
    ("setup.docx", include_bytes!("../../../fixtures/office/word-entry.zip")),
    ("macro.docx", include_bytes!("../../../fixtures/office/macro.docm")),
    ("macro-word-order.docx", include_bytes!("../../../fixtures/office/macro-word-order.docm")),
];

// An Office Open XML file is told by its main part's content type wherever its writer put its entries:
// python-docx and python-pptx put `word/` and `ppt/` after `docProps/`, where `infer` saw a plain ZIP.
hub_test!(office_files_are_told_by_their_parts, |app| {
    let s = setup(&app).await;
    let sponsor = app.get(&format!("/api/v1/challenges/{}", s.challenge), Some(&s.hub)).await;
    let body = json!({
        "slug": "sfida-documenti",
        "title_it": "Sfida con documenti",
        "description_it": "Una sfida che chiede documenti d'ufficio.",
        "sponsor_id": sponsor.body["sponsor_id"],
        "opens_at": (Utc::now() - Duration::hours(1)).trunc_subsecs(0).to_rfc3339(),
        "annexes": [{"key": "docs", "name": "Documenti", "types": ["docx", "xlsx", "pptx", "odt", "ods", "odp"],
            "max_count": 10}]
    });
    let created = app.post("/api/v1/challenges", Some(&s.hub), body).await;
    assert_eq!(created.status, 201, "challenge: {}", created.text);
    let challenge = created.body["id"].as_str().expect("id").to_owned();
    let opened = app.post(&format!("/api/v1/challenges/{challenge}/open"), Some(&s.hub), Value::Null).await;
    assert_eq!(opened.status, 200, "open: {}", opened.text);
    let id = draft(&app, &s.anna, "Office files", &challenge).await;
    for (name, bytes, kind) in OFFICE {
        let annex = accepted(&put(&app, &s.anna, &id, "docs", name, bytes).await, 201);
        assert_eq!(annex["type"], kind, "{name}: {annex}");
        assert_eq!(annex["filename"], name, "{name}: its name already ends in its kind");
    }
    for (name, bytes) in NOT_OFFICE {
        let refused = upload(&app, &s.anna, &id, "docs", name, bytes).await;
        assert_eq!(invalid(&refused), [("file".to_owned(), "type_not_allowed".to_owned())], "{name}: {}", refused.text);
    }
});

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGE: &str = "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>";
const CONTENT: &str = "<< /Length 4 >>\nstream\nq Q\n\nendstream";

#[test]
fn pages_are_counted_leaf_by_leaf_through_nested_trees() {
    let tree = "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>";
    let inner = "<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 7 0 R] /Count 2 >>";
    let bytes = pdf_of(&[CATALOG, tree, PAGE, inner, CONTENT, PAGE, PAGE], "nested");
    assert_eq!(api::annexes::inspect::pages(&bytes), Ok(3));
}

#[test]
fn a_page_tree_that_lies_repeats_or_loops_does_not_open() {
    let pages = |objects: &[&str]| api::annexes::inspect::pages(&pdf_of(objects, "tree"));
    let fewer = pages(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 1 >>", PAGE, PAGE, CONTENT]);
    assert_eq!(fewer, Err("its page tree says it has 1 pages but holds 2".to_owned()));
    let twice = pages(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>", PAGE, CONTENT, CONTENT]);
    assert_eq!(twice, Err("its page tree names object 3 twice".to_owned()));
    let looping = pages(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>", PAGE, CONTENT, CONTENT]);
    assert_eq!(looping, Err("its page tree names object 2 twice".to_owned()));
    let stranger = pages(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>", PAGE, CONTENT, CATALOG]);
    assert_eq!(stranger, Err("its page tree holds object 5, which is no page".to_owned()));
    let empty = pages(&[CATALOG, "<< /Type /Pages /Kids [] /Count 0 >>", PAGE, CONTENT, CONTENT]);
    assert!(empty.is_err_and(|e| e.starts_with("no page can be read")));
    assert!(api::annexes::inspect::pages(b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n").is_err());
}
