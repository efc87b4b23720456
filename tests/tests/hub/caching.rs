//! The read copies of `HUB_CACHE_TTL_MS` (`api::cache`): an anonymous catalogue page and a session check
//! are served from memory while the instance writes nothing; its own writes show at once; another
//! instance's (sharing the database) within the time to live; signed-in callers never get the
//! anonymous copy.

use std::time::{Duration, Instant};

use domain::Role;
use hub_tests::{Answer, Backend, PASSWORD, TestApp, backend_tests};
use reqwest::Method;
use serde_json::json;

const TTL_MS: &str = "300";

/// These hubs send no email: their mail workers poll once at start, then not for ten minutes, so that
/// only the request measured sends statements (`mail_worker_polls` keeps the tests' 50 ms).
const QUIET_WORKER: (&str, &str) = ("HUB_OUTBOX_POLL_MS", "600000");
/// Their webhook workers too (the tests' default polls every 50 ms).
const QUIET_HOOKS: (&str, &str) = ("HUB_WEBHOOK_POLL_MS", "600000");

/// Two hubs on one database (the second started on the first's), both with the demo seeds' accounts.
async fn twins(backend: Backend) -> (TestApp, TestApp) {
    let first = TestApp::spawn_with(backend, &[("HUB_CACHE_TTL_MS", TTL_MS), QUIET_WORKER, QUIET_HOOKS]).await;
    let passwords = api::auth::passwords::Passwords::new(first.settings.argon2).expect("passwords");
    api::seeds::load(&first.store, &passwords, None, PASSWORD, &first.settings.public_url, &first.annexes())
        .await
        .expect("seeds");
    let second = twin(&first, TTL_MS).await;
    (first, second)
}

/// Another hub on `app`'s database and secret, with read copies that live `ttl_ms`.
async fn twin(app: &TestApp, ttl_ms: &str) -> TestApp {
    let shared = [
        ("HUB_CACHE_TTL_MS", ttl_ms),
        ("DATABASE_URL", app.settings.database_url.expose()),
        ("HUB_JWT_SECRET", app.settings.jwt_secret.expose()),
        ("HUB_AUDIT_KEY", app.settings.audit_key.expose()),
        QUIET_WORKER,
        QUIET_HOOKS,
    ];
    TestApp::spawn_with(app.backend, &shared).await
}

/// Statements `app` sends while answering `path`: the least of five reads, once `app` is idle (a
/// started hub's pool opens its connections, and its mail worker polls, in the background).
async fn cost(app: &TestApp, path: &str, token: Option<&str>) -> (u64, Answer) {
    settled(app).await;
    let mut least = u64::MAX;
    let mut last = None;
    for _ in 0..5 {
        let before = app.store.sql_statements();
        let answer = app.get(path, token).await;
        least = least.min(app.store.sql_statements() - before);
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        last = Some(answer);
    }
    (least, last.expect("five answers"))
}

/// Checks `done` every `every` until it holds; fails after 20 s, saying `what` was awaited.
async fn wait_until(what: &str, every: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "still waiting: {what}");
        tokio::time::sleep(every).await;
    }
}

/// Waits until `app` has sent no statement for 200 ms.
async fn settled(app: &TestApp) {
    let mut seen = None;
    wait_until("the hub stops sending statements", Duration::from_millis(200), || {
        let now = app.store.sql_statements();
        seen.replace(now) == Some(now)
    })
    .await;
}

/// Polls `app` until `done` holds for the answer to `path`; fails after 20 s (many times the TTL).
async fn eventually(app: &TestApp, path: &str, token: Option<&str>, done: impl Fn(&Answer) -> bool) -> Answer {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let answer = app.get(path, token).await;
        if done(&answer) {
            return answer;
        }
        assert!(Instant::now() < deadline, "{path} still answers {} {}", answer.status, answer.text);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn rename(app: &TestApp, token: &str, slug: &str, name: &str) -> Answer {
    let path = format!("/api/v1/catalogue/services/{slug}");
    let etag = app.get(&path, Some(token)).await.header("etag").expect("etag").to_owned();
    let request = app
        .client
        .request(Method::PATCH, format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("if-match", etag)
        .json(&json!({"name": name}));
    let renamed = TestApp::answer(request.send().await.expect("answer")).await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    renamed
}

mod public_pages {
    use super::*;

    backend_tests!(|backend| {
        let (first, second) = twins(backend).await;
        let path = "/api/v1/catalogue/services/soc-sanita-regionale";
        let (cost_again, page) = cost(&first, path, None).await;
        assert_eq!(cost_again, 0, "a page read a moment ago is answered from memory");
        assert_eq!(page.header("cache-control"), Some("public, max-age=60"));
        let etag = page.header("etag").expect("etag").to_owned();
        let unchanged = first.get_if_none_match(path, &etag).await;
        assert_eq!(unchanged.status, 304, "the copy answers conditional requests too");

        // Signed in, the caller gets the database's answer, never the anonymous copy.
        let editor = first.token("catalogue@hub.example").await;
        let (signed_in_cost, signed_in) = cost(&first, path, Some(&editor)).await;
        assert!(signed_in_cost >= 1, "a signed-in read reads the database");
        assert_eq!(signed_in.header("cache-control"), Some("private, no-cache"));

        // This instance's own write shows at once.
        let renamed = rename(&first, &editor, "soc-sanita-regionale", "SOC sanitario, nuovo nome").await;
        let fresh = first.get(path, None).await;
        assert_eq!(fresh.body["name"], "SOC sanitario, nuovo nome", "{}", fresh.text);
        assert_eq!(fresh.header("etag"), renamed.header("etag"));
        assert_ne!(fresh.header("etag"), Some(etag.as_str()));

        // Another instance's write shows within the time to live.
        let (cost_again, _) = cost(&first, path, None).await;
        assert_eq!(cost_again, 0);
        rename(&second, &second.token("catalogue@hub.example").await, "soc-sanita-regionale", "Nome dal gemello").await;
        eventually(&first, path, None, |a| a.body["name"] == "Nome dal gemello").await;

        // A service the other instance retires leaves the public catalogue here within the time to live.
        let deprecated = "/api/v1/catalogue/services/backup-immutabile";
        let (cost_again, _) = cost(&first, deprecated, None).await;
        assert_eq!(cost_again, 0);
        let retired = second
            .post("/api/v1/catalogue/services/backup-immutabile/retire", Some(&editor), serde_json::Value::Null)
            .await;
        assert_eq!(retired.status, 200, "{}", retired.text);
        assert_eq!(retired.body["state"], "retired");
        eventually(&first, deprecated, None, |a| a.status == 404).await.assert_problem(404, "not_found");
    });
}

mod sessions {
    use super::*;

    backend_tests!(|backend| {
        let (first, second) = twins(backend).await;
        let login = first.login("proposer@aurora-labs.example", PASSWORD).await;
        let token = login["access_token"].as_str().expect("access token").to_owned();
        let (with_copy, _) = cost(&first, "/api/v1/me", Some(&token)).await;
        let (without, _) = cost(&twin(&first, "0").await, "/api/v1/me", Some(&token)).await;
        assert_eq!(with_copy + 1, without, "the session check is answered from memory: one statement fewer");

        // Logging out on this instance ends the access token here at once.
        let out = first.post("/api/v1/auth/logout", None, json!({"refresh_token": login["refresh_token"]})).await;
        assert_eq!(out.status, 204, "{}", out.text);
        first.get("/api/v1/me", Some(&token)).await.assert_problem(401, "unauthenticated");

        // Logging out on the other instance ends it here within the time to live.
        let login = first.login("proposer@aurora-labs.example", PASSWORD).await;
        let token = login["access_token"].as_str().expect("access token").to_owned();
        cost(&first, "/api/v1/me", Some(&token)).await;
        let out = second.post("/api/v1/auth/logout", None, json!({"refresh_token": login["refresh_token"]})).await;
        assert_eq!(out.status, 204, "{}", out.text);
        second.get("/api/v1/me", Some(&token)).await.assert_problem(401, "unauthenticated");
        eventually(&first, "/api/v1/me", Some(&token), |a| a.status == 401)
            .await
            .assert_problem(401, "unauthenticated");
    });
}

/// The mail worker writes the outbox on every poll (`HUB_OUTBOX_POLL_MS`, 50 ms in tests), even when it
/// has nothing to send. Those writes touch no session, so a session copy outlives them.
mod mail_worker_polls {
    use super::*;

    backend_tests!(|backend| {
        // A long time to live: only a write of this instance could end the copy.
        let app = TestApp::spawn_with(backend, &[("HUB_CACHE_TTL_MS", "60000"), QUIET_HOOKS]).await;
        let token = app.user_with_roles("eva@hub.example", &[Role::Evaluator], None).await;
        let (without, _) = cost(&twin(&app, "0").await, "/api/v1/me", Some(&token)).await;

        let mut least = u64::MAX;
        for _ in 0..5 {
            // With no request in flight, only the worker sends statements. Six of them hold at least
            // one of its transactions whole (each is BEGIN, a query, COMMIT).
            let idle = app.store.sql_statements();
            wait_until("the mail worker polls every 50 ms", Duration::from_millis(10), || {
                app.store.sql_statements() >= idle + 6
            })
            .await;
            let before = app.store.sql_statements();
            let me = app.get("/api/v1/me", Some(&token)).await;
            assert_eq!(me.status, 200, "{}", me.text);
            assert_eq!(me.body["email"], "eva@hub.example");
            least = least.min(app.store.sql_statements() - before);
        }
        eprintln!("mail_worker_polls/{backend:?}: {least} statements after polls, {without} without copies");
        assert_eq!(least + 1, without, "after the worker's polls the session check is still answered from memory");
    });
}
