//! A decision and a review submission on the same proposal at the same moment. The decision's
//! acceptance check and the feedback must rest on the same reviews: a review either lands before the
//! decision reads the scores (and counts) or finds the proposal decided (and is refused). On SQLite the
//! writes are serial; on PostgreSQL both lock the proposal's row first, the decision to change it, the
//! review to rely on its state.
//!
//! Each test holds one side's transaction open from a connection of its own, sends the other side
//! through the hub, waits until the hub's request waits for that lock (or has answered), and commits.

use std::sync::mpsc::{Receiver, Sender, channel};

use diesel::connection::SimpleConnection as _;
use diesel::{Connection as _, RunQueryDsl as _};
use hub_tests::funnel::review_act;

use super::*;

/// Runs `statements` in a transaction of a connection of its own (SQLite: `BEGIN IMMEDIATE`, as another
/// process would), and commits when told to.
fn hold(backend: Backend, url: String, statements: String) -> (Sender<()>, std::thread::JoinHandle<()>) {
    let (held_tx, held_rx) = channel();
    let (release_tx, release_rx): (Sender<()>, Receiver<()>) = channel();
    let holder = std::thread::spawn(move || {
        let mut conn: Box<dyn diesel::connection::SimpleConnection> = match backend {
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(&url).expect("an external connection");
                conn.batch_execute(&format!("PRAGMA busy_timeout = 15000; BEGIN IMMEDIATE; {statements}"))
                    .expect("the other side's transaction");
                Box::new(conn)
            }
            Backend::Postgres => {
                let mut conn = diesel::PgConnection::establish(&url).expect("an external connection");
                conn.batch_execute(&format!("BEGIN; {statements}")).expect("the other side's transaction");
                Box::new(conn)
            }
        };
        held_tx.send(()).expect("send");
        let _ = release_rx.recv();
        conn.batch_execute("COMMIT;").expect("commit");
    });
    held_rx.recv().expect("held");
    (release_tx, holder)
}

/// Waits until one of the hub's statements waits for a lock (PostgreSQL), or a moment (SQLite, whose
/// busy wait no view shows), or until the request has answered anyway.
async fn until_waiting<T>(backend: Backend, url: &str, request: &tokio::task::JoinHandle<T>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !request.is_finished() && Instant::now() < deadline {
        let waiting = match backend {
            Backend::Sqlite => {
                tokio::time::sleep(Duration::from_millis(500)).await;
                return;
            }
            Backend::Postgres => {
                let url = url.to_owned();
                tokio::task::spawn_blocking(move || {
                    let mut conn = diesel::PgConnection::establish(&url).expect("a watching connection");
                    diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                        "(SELECT COUNT(*) FROM pg_stat_activity \
                          WHERE wait_event_type = 'Lock' AND datname = current_database())",
                    ))
                    .get_result::<i64>(&mut conn)
                    .expect("pg_stat_activity")
                })
                .await
                .expect("join")
            }
        };
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn now_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "strftime('%Y-%m-%d %H:%M:%f', 'now')",
        Backend::Postgres => "now()",
    }
}

/// Two submitted reviews and a third saved complete, on a proposal of the open call (three needed).
async fn two_in_one_coming(app: &TestApp) -> (String, String, String, String) {
    let (anna, _) = verified_proposer(app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let hub = manager(app).await;
    let admin = admin(app).await;
    let id = reviewed(app, &anna, &hub, &admin, "Decided while reviewed", 2).await;
    let (token, user) = evaluator(app, "eva3@hub.example", None).await;
    let review = assigned(app, &hub, &id, &user, &in_days(7)).await;
    confirm(app, &token, &review).await;
    let saved = save(app, &token, &review, review_body(4.0, "reviewer 3")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    (id, hub, token, review)
}

hub_test!(a_review_submitted_while_the_decision_reads_the_scores_counts_in_it, |app| {
    let (id, hub, _, review) = two_in_one_coming(&app).await;
    let url = app.settings.database_url.expose().to_owned();
    // The third review's submission, in flight: on PostgreSQL it holds the proposal's row as the hub's
    // own submission does, and its change is not committed yet.
    let lock = if app.backend == Backend::Postgres {
        format!("SELECT id FROM proposals WHERE id = '{id}' FOR SHARE;")
    } else {
        String::new()
    };
    let submit = format!(
        "{lock} UPDATE assignments SET state = 'submitted', submitted_at = {now}, revision = revision + 1 \
         WHERE id = '{review}';",
        now = now_sql(app.backend)
    );
    let backend = app.backend;
    let (release, holder) = tokio::task::spawn_blocking(move || hold(backend, url, submit)).await.expect("join");
    let decision = {
        let (client, base, id, hub) = (app.client.clone(), app.base.clone(), id.clone(), hub.clone());
        tokio::spawn(async move {
            client
                .post(format!("{base}/api/v1/proposals/{id}/decide"))
                .bearer_auth(&hub)
                .json(&json!({"decision": "accept", "rationale": "Tre valutazioni positive, soglie superate."}))
                .send()
                .await
                .map(TestApp::answer)
                .expect("the decision answers")
                .await
        })
    };
    until_waiting(app.backend, app.settings.database_url.expose(), &decision).await;
    release.send(()).expect("release");
    tokio::task::spawn_blocking(move || holder.join()).await.expect("join").expect("holder");
    let answer = decision.await.expect("join");
    // The third review was committed before the decision read the scores: three of three, no override.
    assert_eq!(answer.status, 200, "the decision counted the review that landed first: {}", answer.text);
    assert_eq!(answer.body["state"], "accepted", "{}", answer.text);
    let feedback = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&hub)).await;
    assert_eq!(feedback.status, 200, "{}", feedback.text);
    assert_eq!(feedback.body["reviews"].as_array().map(Vec::len), Some(3), "{}", feedback.text);
});

hub_test!(a_review_submitted_while_the_proposal_is_being_decided_is_refused_once_decided, |app| {
    let (id, _, token, review) = two_in_one_coming(&app).await;
    let url = app.settings.database_url.expose().to_owned();
    // The decision, in flight: it holds the proposal's row and has moved it, not committed yet.
    let lock = if app.backend == Backend::Postgres {
        format!("SELECT id FROM proposals WHERE id = '{id}' FOR UPDATE;")
    } else {
        String::new()
    };
    let decide = format!("{lock} UPDATE proposals SET state = 'rejected', revision = revision + 1 WHERE id = '{id}';");
    let backend = app.backend;
    let (release, holder) = tokio::task::spawn_blocking(move || hold(backend, url, decide)).await.expect("join");
    let submission = {
        let (client, base, review, token) = (app.client.clone(), app.base.clone(), review.clone(), token.clone());
        tokio::spawn(async move {
            client
                .post(format!("{base}/api/v1/reviews/{review}/submit"))
                .bearer_auth(&token)
                .send()
                .await
                .map(TestApp::answer)
                .expect("the submission answers")
                .await
        })
    };
    until_waiting(app.backend, app.settings.database_url.expose(), &submission).await;
    release.send(()).expect("release");
    tokio::task::spawn_blocking(move || holder.join()).await.expect("join").expect("holder");
    let answer = submission.await.expect("join");
    answer.assert_problem(409, "review_closed");
    let read = review_act(&app, &token, &review, "submit", Value::Null).await;
    read.assert_problem(409, "review_closed");
});
