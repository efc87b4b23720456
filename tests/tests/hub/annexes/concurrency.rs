//! Many uploads and deletions at once, with few database threads: each transaction that stores or
//! deletes an object must not wait for a thread its own waiters hold. (A reviewer froze the hub for good
//! with sixteen uploads at once: the transaction holding the database waited for a file thread, every
//! one of which waited for the database.) The hub answers every request, and keeps its rules. And the
//! uploads being received are counted (their write blocks share a budget) for exactly as long as they are.

use std::io::Write as _;

use futures_util::future::join_all;
use hub_tests::backend_tests;
use hub_tests::funnel::draft;

use super::checks::put_chunked;
use super::*;

/// The longest a batch may take before the test calls the hub stuck (not a speed: a hub that answers
/// takes about a second).
const STUCK: StdDuration = StdDuration::from_secs(90);

mod twenty_at_once_with_two_database_threads {
    use super::*;

    backend_tests!(|backend| {
        // Two database threads per worker, so that a handful of requests fills them.
        let app = TestApp::spawn_with(backend, &[("HUB_BLOCKING_THREADS", "2"), ("HUB_WORKERS", "1")]).await;
        let s = setup(&app).await;
        let id = draft(&app, &s.anna, "Uploads at once", &s.challenge).await;

        // Twenty different PDFs to the deck, which takes one file: one is kept, the others are 409.
        let files: Vec<Vec<u8>> = (0..20).map(|n| pdf(1, &format!("at once {n}"))).collect();
        let names: Vec<String> = (0..20).map(|n| format!("d{n}.pdf")).collect();
        let uploads = files.iter().zip(&names).map(|(bytes, name)| put(&app, &s.anna, &id, "deck", name, bytes));
        let answers = tokio::time::timeout(STUCK, join_all(uploads)).await.expect("the hub answered every upload");
        let mut statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
        statuses.sort_unstable();
        assert_eq!(statuses, [[201].as_slice(), &[409; 19]].concat(), "one kept, the others refused");
        let kept = items(&list(&app, Some(&s.anna), &id).await);
        assert_eq!(kept.len(), 1, "{kept:?}");

        // Twenty budgets on twenty drafts, then all deleted at once: each object released.
        let mut drafts = Vec::new();
        for n in 0..20 {
            drafts.push(draft(&app, &s.anna, &format!("Budget {n}"), &s.challenge).await);
        }
        let budgets: Vec<Vec<u8>> = (0..20).map(|n| pdf(1, &format!("budget {n}"))).collect();
        let uploads = drafts.iter().zip(&budgets).map(|(d, bytes)| put(&app, &s.anna, d, "budget", "b.pdf", bytes));
        let answers = tokio::time::timeout(STUCK, join_all(uploads)).await.expect("the hub answered every upload");
        assert!(answers.iter().all(|a| a.status == 201), "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
        let ids: Vec<String> = answers.iter().map(|a| id_of(&a.body)).collect();
        let deletions = ids.iter().map(|annex| delete(&app, &s.anna, annex));
        let answers = tokio::time::timeout(STUCK, join_all(deletions)).await.expect("the hub answered every deletion");
        assert!(answers.iter().all(|a| a.status == 204), "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
        let objects = Objects::local(&app);
        for bytes in &budgets {
            assert!(objects.wait_gone(&sha256(bytes)).await, "a deleted budget's object is released");
        }

        // And it still answers.
        let me = tokio::time::timeout(STUCK, app.get("/api/v1/me", Some(&s.anna))).await.expect("the hub answers");
        assert_eq!(me.status, 200);
    });
}

/// What `/metrics` says of the annex uploads being received.
async fn receiving(app: &TestApp) -> u64 {
    let metrics = app.get("/metrics", None).await;
    let line = metrics.text.lines().find_map(|l| l.strip_prefix("hub_annex_uploads_receiving "));
    line.and_then(|v| v.trim().parse().ok()).unwrap_or_else(|| panic!("the gauge in {}", metrics.text))
}

/// The gauge once it reads `want`, or what it reads after [`STUCK`].
async fn receiving_becomes(app: &TestApp, want: u64) -> u64 {
    let until = Instant::now() + STUCK;
    loop {
        let now = receiving(app).await;
        if now == want || Instant::now() > until {
            return now;
        }
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

hub_test!(uploads_are_counted_for_as_long_as_they_are_received, |app| {
    let s = setup(&app).await;
    let id = draft(&app, &s.anna, "Counted uploads", &s.challenge).await;
    assert_eq!(receiving(&app).await, 0, "nothing is being received");

    // A client that sends the head and a third of a budget, then waits: one upload being received.
    let (address, token) = (app.base.trim_start_matches("http://").to_owned(), s.anna.clone());
    let path = format!("/api/v1/proposals/{id}/annexes/budget/half.pdf");
    let half = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).expect("connect");
        let head = format!(
            "PUT {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/pdf\r\nContent-Length: 3000\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).expect("the head");
        stream.write_all(&pdf(1, "half")[..200]).expect("a part of the body");
        stream
    })
    .await
    .expect("join");
    assert_eq!(receiving_becomes(&app, 1).await, 1, "an upload half sent is being received");

    // It leaves: no longer counted.
    drop(half);
    assert_eq!(receiving_becomes(&app, 0).await, 0, "an upload whose client left is no longer counted");

    // One refused while it streams (past the budget's largest file) and one taken: neither stays counted.
    let path = format!("/api/v1/proposals/{id}/annexes/budget/large.pdf");
    assert_eq!(put_chunked(&app, &s.anna, &path, vec![b' '; BUDGET_MAX + 1]).await, 413);
    assert_eq!(receiving(&app).await, 0, "a refused upload is no longer counted");
    let taken = put(&app, &s.anna, &id, "budget", "b.pdf", &pdf(1, "taken")).await;
    assert_eq!(taken.status, 201, "{}", taken.text);
    assert_eq!(receiving(&app).await, 0, "a stored upload is no longer counted");
});
