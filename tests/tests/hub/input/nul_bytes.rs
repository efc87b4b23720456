//! A NUL byte anywhere (paths, query strings, cursors, bodies) is a problem, never a 500.

use super::*;

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
