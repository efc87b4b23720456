//! Many uploads and deletions at once, with few database threads: each transaction that stores or
//! deletes an object must not wait for a thread its own waiters hold. (A reviewer froze the hub for good
//! with sixteen uploads at once: the transaction holding the database waited for a file thread, every
//! one of which waited for the database.) The hub answers every request, and keeps its rules.

use futures_util::future::join_all;
use hub_tests::backend_tests;
use hub_tests::funnel::draft;

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
