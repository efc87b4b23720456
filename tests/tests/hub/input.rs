//! Input at the edge (issue 14, items 9–14): no text makes a 500, one rule for free text and
//! emails, CSV cells that never open as formulas, bounded arrays, a locked SQLite file answers 503,
//! and the embedded default's files are the owner's only.

use base64::Engine as _;
use domain::Role;
use hub_tests::funnel::{complete, draft, fields, manager, under_review, user_id, verified_proposer};
use hub_tests::{Answer, Backend, PASSWORD, TestApp, backend_tests, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

/// Whether a probe's answer is a 400 or 422 problem (never a 500); notes it in `holes` otherwise.
fn refused(answer: &Answer, probe: &str, holes: &mut Vec<String>) {
    let problem = answer.header("content-type") == Some("application/problem+json") && answer.body["code"].is_string();
    if !(answer.status == 400 || answer.status == 422) || !problem {
        holes.push(format!("{probe} -> {} {}", answer.status, answer.body["code"]));
    }
}

hub_test!(a_nul_byte_anywhere_is_a_problem_never_a_500, |app| {
    let admin = hub_tests::funnel::admin(&app).await;
    let hub = manager(&app).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let proposal = draft(&app, &anna, "Proposta con NUL", "open-call").await;
    let cursor = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("2026-01-01T00:00:00\u{0}x");
    let (eve, _) = hub_tests::funnel::evaluator(&app, "eve@hub.example", None).await;
    // Each probe with a caller who may use the endpoint: the text itself is refused.
    let gets: Vec<(String, &str)> = vec![
        ("/api/v1/challenges/open%00call".into(), &anna),
        ("/api/v1/challenges/%00/ranking".into(), &hub),
        ("/api/v1/catalogue/services/%00slug".into(), &anna),
        ("/api/v1/catalogue/services/x%00/history".into(), &hub),
        ("/api/v1/proposals/%00".into(), &anna),
        ("/api/v1/organizations/%00".into(), &admin),
        ("/api/v1/proposals?q=a%00b".into(), &anna),
        ("/api/v1/proposals?tag=a%00".into(), &anna),
        ("/api/v1/proposals?challenge_id=open%00call".into(), &anna),
        ("/api/v1/proposals?organization_id=%00".into(), &hub),
        ("/api/v1/challenges?q=%00".into(), &anna),
        ("/api/v1/challenges?tag=%00".into(), &anna),
        ("/api/v1/catalogue/services?q=%00".into(), &anna),
        ("/api/v1/catalogue/services?tag=x%00".into(), &anna),
        ("/api/v1/catalogue/services?provider_id=%00".into(), &anna),
        ("/api/v1/audit?target_type=%00".into(), &admin),
        ("/api/v1/audit?actor_id=%00".into(), &admin),
        (format!("/api/v1/proposals?cursor={cursor}"), &anna),
        (format!("/api/v1/challenges?cursor={cursor}"), &anna),
        (format!("/api/v1/catalogue/services?cursor={cursor}"), &anna),
        (format!("/api/v1/organizations?cursor={cursor}"), &admin),
        (format!("/api/v1/audit?cursor={cursor}"), &admin),
        (format!("/api/v1/admin/outbox?cursor={cursor}"), &admin),
        (format!("/api/v1/users?cursor={cursor}"), &admin),
        (format!("/api/v1/reviews?cursor={cursor}"), &eve),
    ];
    let mut holes = Vec::new();
    let mut probes = 0;
    for (path, token) in &gets {
        refused(&app.get(path, Some(token)).await, path, &mut holes);
        // Anonymous: some 4xx problem (the text or the missing credentials), never a 5xx.
        let anonymous = app.get(path, None).await;
        if !(400..500).contains(&anonymous.status)
            || anonymous.header("content-type") != Some("application/problem+json")
        {
            holes.push(format!("anonymous {path} -> {} {}", anonymous.status, anonymous.body["code"]));
        }
        probes += 2;
    }
    let nul = "a\u{0}b";
    let bodies: Vec<(Method, String, Option<&str>, Value)> = vec![
        (
            Method::POST,
            "/api/v1/auth/login".into(),
            None,
            json!({"email": format!("anna{nul}@aurora.example"), "password": PASSWORD}),
        ),
        (
            Method::POST,
            "/api/v1/auth/login".into(),
            None,
            json!({"email": "anna@aurora.example", "password": format!("{PASSWORD}{nul}")}),
        ),
        (Method::POST, "/api/v1/auth/verify-email".into(), None, json!({"token": nul})),
        (Method::POST, "/api/v1/auth/refresh".into(), None, json!({"refresh_token": nul})),
        (Method::POST, "/api/v1/auth/logout".into(), None, json!({"refresh_token": nul})),
        (Method::POST, "/api/v1/auth/password-reset".into(), None, json!({"email": format!("x{nul}@y.example")})),
        (
            Method::POST,
            "/api/v1/auth/password-reset/confirm".into(),
            None,
            json!({"token": nul, "new_password": PASSWORD}),
        ),
        (
            Method::POST,
            "/api/v1/auth/register".into(),
            None,
            json!({"email": "new@new.example", "password": PASSWORD, "display_name": "New", "invitation_token": nul}),
        ),
        (
            Method::POST,
            "/api/v1/proposals".into(),
            Some(&anna),
            json!({"challenge_id": "open\u{0}call", "title": "Titolo valido"}),
        ),
        (
            Method::POST,
            "/api/v1/proposals".into(),
            Some(&anna),
            json!({"challenge_id": "open-call", "title": format!("Titolo {nul}")}),
        ),
        (
            Method::POST,
            "/api/v1/proposals".into(),
            Some(&anna),
            json!({"challenge_id": "open-call", "title": "Titolo", "tags": [nul]}),
        ),
        (
            Method::POST,
            "/api/v1/proposals".into(),
            Some(&anna),
            json!({"challenge_id": "open-call", "title": "Titolo", "team": [nul]}),
        ),
        (Method::POST, format!("/api/v1/proposals/{proposal}/withdraw"), Some(&anna), json!({"note": nul})),
        (
            Method::POST,
            "/api/v1/organizations".into(),
            Some(&admin),
            json!({"name": nul, "kind": "startup", "tax_code": "01234567897"}),
        ),
        (
            Method::POST,
            "/api/v1/challenges".into(),
            Some(&hub),
            json!({"slug": nul, "title_it": "Sfida", "description_it": "D", "sponsor_id": "x", "opens_at": "2026-01-01T00:00:00Z"}),
        ),
        (
            Method::POST,
            "/api/v1/catalogue/services".into(),
            Some(&hub),
            json!({"slug": "s", "name": nul, "short_description_it": "x", "long_description_it": "y", "provider_id": nul}),
        ),
        (Method::POST, "/api/v1/me/tokens".into(), Some(&anna), json!({"name": nul, "scopes": ["proposals:read"]})),
        (
            Method::PUT,
            format!("/api/v1/users/{}/roles", user_id(&app, &anna).await),
            Some(&admin),
            json!({"roles": [nul]}),
        ),
        (
            Method::POST,
            format!("/api/v1/proposals/{proposal}/assignments"),
            Some(&hub),
            json!({"evaluator_id": nul, "due_at": "2030-01-01T00:00:00Z"}),
        ),
    ];
    for (method, path, token, body) in bodies {
        let probe = format!("{method} {path} {body}");
        refused(&app.request(method, &path, token, body).await, &probe, &mut holes);
        probes += 1;
    }
    assert!(holes.is_empty(), "{} of {probes} probes were not 400/422 problems:\n{}", holes.len(), holes.join("\n"));
    // Bytes that are no text at all: some 4xx, never a 5xx.
    for path in [
        "/api/v1/challenges/%FF%FE",
        "/api/v1/catalogue/services/%C3%28",
        "/api/v1/proposals?q=%FF",
        "/api/v1/challenges?tag=%ED%A0%80",
    ] {
        let answer = app.get(path, Some(&anna)).await;
        if !(200..500).contains(&answer.status)
            || (answer.status >= 400 && answer.header("content-type") != Some("application/problem+json"))
        {
            holes.push(format!("{path} -> {} {}", answer.status, answer.text));
        }
    }
    for body in [
        &br#"{"challenge_id": "open-call", "title": "\ud800 surrogate"}"#[..],
        b"{\"challenge_id\": \"open-call\", \"title\": \"\xff\xfe\"}",
    ] {
        let response = app
            .client
            .post(format!("{}/api/v1/proposals", app.base))
            .bearer_auth(&anna)
            .header("content-type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .expect("answer");
        refused(&TestApp::answer(response).await, &String::from_utf8_lossy(body), &mut holes);
    }
    assert!(holes.is_empty(), "{}", holes.join("\n"));
    // The second line: text that gets past the edge to PostgreSQL is refused as invalid, not a 500.
    let store = app.store.clone();
    let direct = tokio::task::spawn_blocking(move || store.actor_for_pat("x\u{0}y")).await.expect("join");
    match (app.backend, direct) {
        (Backend::Postgres, Err(persistence::StoreError::Domain(domain::DomainError::Invalid(fields)))) => {
            assert_eq!(fields[0].code, "invalid_characters");
        }
        (Backend::Sqlite, Err(persistence::StoreError::Domain(domain::DomainError::Unauthenticated(_)))) => {}
        (backend, other) => panic!("{backend:?}: {other:?}"),
    }
    // Nothing was stored, and the hub still answers.
    assert_eq!(app.get(&format!("/api/v1/proposals/{proposal}"), Some(&anna)).await.status, 200);
});

hub_test!(names_and_titles_refuse_format_characters_and_mark_floods, |app| {
    let zalgo = format!("Z{}algo Labs", "\u{0301}\u{0336}\u{0489}\u{0352}");
    for (name, code) in [
        ("Anna\u{202E}moc.exe", "format_characters"),
        ("An\u{200B}na", "format_characters"),
        (zalgo.as_str(), "combining_marks"),
    ] {
        let answer = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": "x@x.example", "password": PASSWORD, "display_name": name,
                       "organization": {"name": name, "kind": "startup", "tax_code": "04817250931"}}),
            )
            .await;
        let body = answer.assert_problem(422, "validation_failed");
        let errors: Vec<(String, String)> = body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| (e["field"].as_str().unwrap_or("").to_owned(), e["code"].as_str().unwrap_or("").to_owned()))
            .collect();
        assert!(errors.contains(&("display_name".to_owned(), code.to_owned())), "{name:?}: {errors:?}");
        assert!(errors.contains(&("organization.name".to_owned(), code.to_owned())), "{name:?}: {errors:?}");
    }
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    for title in ["\u{FEFF}Proposta invisibile", "Proposta \u{2066}nascosta", zalgo.as_str()] {
        let mut body = complete(title, "open-call");
        body["title"] = json!(title);
        assert_eq!(fields(&app.post("/api/v1/proposals", Some(&anna), body).await), ["title"], "{title:?}");
    }
    let token =
        app.post("/api/v1/me/tokens", Some(&anna), json!({"name": "ci\u{202E}", "scopes": ["proposals:read"]})).await;
    assert_eq!(fields(&token), ["name"]);
    // Real names keep their marks; a note keeps an emoji's joiner.
    let ok = app.post("/api/v1/proposals", Some(&anna), complete("Nguyễn Thị Minh Khai", "open-call")).await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ok.body["title"], "Nguyễn Thị Minh Khai");
});

hub_test!(emails_are_bare_addresses_one_account_per_mailbox, |app| {
    for email in ["\"Alias\" <anna@aurora.example>", "Anna <anna@aurora.example>", "<anna@aurora.example>"] {
        let answer = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": email, "password": PASSWORD, "display_name": "Anna",
                       "organization": {"name": "Aurora Labs", "kind": "startup", "tax_code": "04817250931"}}),
            )
            .await;
        assert_eq!(fields(&answer), ["email"], "{email}");
    }
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let org = app.get("/api/v1/me", Some(&anna)).await.body["organization_id"].as_str().expect("org").to_owned();
    let invite = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            Some(&anna),
            json!({"email": "\"Boss\" <bob@aurora.example>"}),
        )
        .await;
    assert_eq!(fields(&invite), ["email"]);
    // The same mailbox in other letters is the same account.
    let again = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "ANNA@Aurora.Example", "password": PASSWORD, "display_name": "Anna",
                   "organization": {"name": "Aurora Bis", "kind": "startup", "tax_code": "01234567897"}}),
        )
        .await;
    assert!(again.status == 409 || again.status == 201 || again.status == 202, "{}", again.text);
    let users = app.get("/api/v1/users?limit=100", Some(&hub_tests::funnel::admin(&app).await)).await;
    let annas = users.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|u| u["email"].as_str().is_some_and(|e| e.to_lowercase().contains("anna@aurora.example")))
        .count();
    assert_eq!(annas, 1, "{}", users.text);
});

hub_test!(csv_exports_neutralise_formulas, |app| {
    let hub = manager(&app).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let title = "=cmd|' /C calc'!A0";
    under_review(&app, &anna, &hub, title, "open-call").await;
    under_review(&app, &anna, &hub, "@SUM(1+1)*cmd|' /C calc'!A0", "open-call").await;
    let response = app
        .client
        .get(format!("{}/api/v1/challenges/open-call/ranking", app.base))
        .bearer_auth(&hub)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("answer");
    let csv = TestApp::answer(response).await;
    assert_eq!(csv.status, 200, "{}", csv.text);
    assert!(csv.text.contains(",'=cmd|' /C calc'!A0,"), "{}", csv.text);
    assert!(csv.text.contains(",'@SUM(1+1)*cmd|' /C calc'!A0,"), "{}", csv.text);
    for line in csv.text.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "a formula cell in {line}");
        }
    }
});

hub_test!(request_arrays_are_bounded_and_a_team_is_checked_in_one_query, |app| {
    let admin = hub_tests::funnel::admin(&app).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let huge: Vec<String> = (0..24_000).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let mut body = complete("Proposta di squadra", "open-call");
    body["team"] = json!(huge);
    assert_eq!(fields(&app.post("/api/v1/proposals", Some(&anna), body).await), ["team"]);
    let id = draft(&app, &anna, "Proposta di squadra", "open-call").await;
    let etag = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.header("etag").expect("etag").to_owned();
    let patch = |team: Vec<String>| {
        let request = app
            .client
            .patch(format!("{}/api/v1/proposals/{id}", app.base))
            .bearer_auth(&anna)
            .header("if-match", &etag)
            .json(&json!({"team": team}));
        let store = app.store.clone();
        async move {
            let before = store.sql_statements();
            let answer = TestApp::answer(request.send().await.expect("answer")).await;
            (answer, store.sql_statements() - before)
        }
    };
    let (one, one_cost) = patch(vec![uuid::Uuid::now_v7().to_string()]).await;
    assert_eq!(fields(&one), ["team[0]"]);
    let fifty: Vec<String> = (0..50).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let (many, many_cost) = patch(fifty).await;
    assert_eq!(fields(&many).len(), 50);
    // The mail worker's polls share the counter: a few statements of slack, not one per member.
    assert!(many_cost < one_cost + 10, "one query for the team whatever its size: {one_cost} vs {many_cost}");
    let (too_many, _) = patch((0..51).map(|_| uuid::Uuid::now_v7().to_string()).collect()).await;
    assert_eq!(fields(&too_many), ["team"]);
    let anna_id = user_id(&app, &anna).await;
    let roles = app
        .request(
            Method::PUT,
            &format!("/api/v1/users/{anna_id}/roles"),
            Some(&admin),
            json!({"roles": vec!["proposer"; 24_000]}),
        )
        .await;
    assert_eq!(fields(&roles), ["roles"]);
    let scopes = app
        .post("/api/v1/me/tokens", Some(&anna), json!({"name": "ci", "scopes": vec!["proposals:read"; 24_000]}))
        .await;
    assert_eq!(fields(&scopes), ["scopes"]);
    let mut tags = complete("Proposta etichettata", "open-call");
    tags["tags"] = json!((0..21).map(|i| format!("t{i}")).collect::<Vec<_>>());
    assert_eq!(fields(&app.post("/api/v1/proposals", Some(&anna), tags).await), ["tags"]);
});

mod a_lock_held_elsewhere_is_503_never_500 {
    use super::*;

    /// Holds, from a connection of its own, the lock a login needs: SQLite's write lock on the file
    /// (`BEGIN IMMEDIATE`, as another process would), PostgreSQL's lock on the `users` table (as a
    /// long migration or an operator's transaction would). Returns when the lock is held; the lock is
    /// released when the returned sender is dropped or sent to.
    fn hold_lock(backend: Backend, url: String) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
        use diesel::Connection as _;
        use diesel::connection::SimpleConnection as _;
        let (locked_tx, locked_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            let mut conn: Box<dyn diesel::connection::SimpleConnection> = match backend {
                Backend::Sqlite => {
                    let mut conn = diesel::SqliteConnection::establish(&url).expect("an external connection");
                    conn.batch_execute("PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE;").expect("the write lock");
                    Box::new(conn)
                }
                Backend::Postgres => {
                    let mut conn = diesel::PgConnection::establish(&url).expect("an external connection");
                    conn.batch_execute("BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE;").expect("the table lock");
                    Box::new(conn)
                }
            };
            locked_tx.send(()).expect("send");
            let _ = release_rx.recv();
            conn.batch_execute("COMMIT;").expect("commit");
        });
        locked_rx.recv().expect("locked");
        (release_tx, holder)
    }

    backend_tests!(|backend| {
        let app = TestApp::spawn_with(backend, &[("HUB_DB_LOCK_TIMEOUT_MS", "200")]).await;
        app.user_with_roles("anna@hub.example", &[Role::Evaluator], None).await;
        let url = app.settings.database_url.expose().to_owned();
        let (release, holder) = tokio::task::spawn_blocking(move || hold_lock(backend, url)).await.expect("join");
        let login =
            app.post("/api/v1/auth/login", None, json!({"email": "anna@hub.example", "password": PASSWORD})).await;
        login.assert_problem(503, "service_unavailable");
        assert!(login.header("retry-after").is_some(), "Retry-After on {}", login.text);
        release.send(()).expect("release");
        tokio::task::spawn_blocking(move || holder.join()).await.expect("join").expect("holder");
        let after =
            app.post("/api/v1/auth/login", None, json!({"email": "anna@hub.example", "password": PASSWORD})).await;
        assert_eq!(after.status, 200, "{}", after.text);
    });
}

mod the_embedded_files_are_the_owners_only {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
    }

    backend_tests!(|backend| {
        // The folders exist already, open to everyone, as an operator may have made them.
        let root = tempfile::tempdir().expect("temp dir");
        let data = root.path().join("data");
        std::fs::create_dir_all(data.join("mail")).expect("folders");
        for dir in [&data, &data.join("mail")] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("mode");
        }
        if backend == Backend::Sqlite {
            std::fs::write(data.join("hub.db"), b"").expect("an empty database file");
            std::fs::set_permissions(data.join("hub.db"), std::fs::Permissions::from_mode(0o644)).expect("mode");
        }
        let data_dir = data.to_string_lossy().into_owned();
        let app = TestApp::spawn_with(backend, &[("HUB_DATA_DIR", data_dir.as_str())]).await;
        app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
        let mail = app.mail_to("anna@aurora.example").await;
        assert!(!mail.token().is_empty());
        assert_eq!(mode(&data.join("mail")), 0o700, "the mail folder");
        let emails: Vec<_> = std::fs::read_dir(data.join("mail")).expect("mail").flatten().map(|e| e.path()).collect();
        assert!(!emails.is_empty());
        for email in emails {
            assert_eq!(mode(&email), 0o600, "{}", email.display());
        }
        if backend == Backend::Sqlite {
            assert_eq!(mode(&data), 0o700, "the data folder");
            for file in ["hub.db", "hub.db-wal", "hub.db-shm", "jwt-secret"] {
                assert_eq!(mode(&data.join(file)), 0o600, "{file}");
            }
        }
    });
}
