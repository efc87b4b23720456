//! Concurrent writers: many simultaneous registrations, and a race on one refresh token. On SQLite
//! every write transaction queues (`BEGIN IMMEDIATE` + busy timeout) instead of failing with
//! "database is locked"; on PostgreSQL the same requests run in parallel.

use std::collections::BTreeSet;

use domain::PageRequest;
use hub_tests::{PASSWORD, hub_test};
use serde_json::{Value, json};

const WRITERS: usize = 64;
const RACERS: usize = 20;

/// POSTs `body` to `base` + `path` and returns the status and body text.
async fn post(client: reqwest::Client, url: String, body: Value) -> (u16, String) {
    let response = client.post(url).json(&body).send().await.expect("the hub answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

hub_test!(sixty_four_simultaneous_registrations_all_succeed, |app| {
    let emails: Vec<String> = (0..WRITERS).map(|i| format!("writer{i:02}@aurora.example")).collect();
    let tasks: Vec<_> = emails
        .iter()
        .map(|email| {
            // Organisations may share a tax code: every founder brings the same one.
            let body = json!({
                "email": email, "password": PASSWORD, "display_name": "Concurrent Writer",
                "organization": {"name": format!("Startup of {email}"), "kind": "startup", "tax_code": "04817250931"}
            });
            tokio::spawn(post(app.client.clone(), format!("{}/api/v1/auth/register", app.base), body))
        })
        .collect();
    let mut answers = Vec::with_capacity(WRITERS);
    for task in tasks {
        answers.push(task.await.expect("join"));
    }
    for ((status, text), email) in answers.iter().zip(&emails) {
        assert!(!text.contains("database is locked"), "register {email}: {status} {text}");
        assert_eq!(*status, 202, "register {email}: {text}");
        assert_eq!(app.account(email).await["email"], email.as_str());
    }

    // Every account exists once, next to the admin who looks: 64 + 1 users, on one page of 100
    // and the same through small pages with cursors.
    let admin = app.user_with_roles("ops@hub.example", &[domain::Role::Admin], None).await;
    let list_users = |limit: u32| {
        let (app, admin) = (&app, &admin);
        async move {
            let mut seen = Vec::new();
            let mut cursor: Option<String> = None;
            for _ in 0..100 {
                let path = match &cursor {
                    Some(c) => format!("/api/v1/users?limit={limit}&cursor={c}"),
                    None => format!("/api/v1/users?limit={limit}"),
                };
                let page = app.get(&path, Some(admin)).await;
                assert_eq!(page.status, 200, "{path}: {}", page.text);
                let items = page.body["items"].as_array().expect("items");
                assert!(items.len() <= limit as usize, "{path}: {} items", items.len());
                seen.extend(items.iter().map(|u| u["email"].as_str().expect("email").to_owned()));
                match page.body["next_cursor"].as_str() {
                    Some(next) => cursor = Some(next.to_owned()),
                    None => return seen,
                }
            }
            panic!("the user list does not end");
        }
    };
    let all = list_users(100).await;
    assert_eq!(all.len(), WRITERS + 1, "{all:?}");
    let distinct: BTreeSet<String> = all.iter().cloned().collect();
    assert_eq!(distinct.len(), WRITERS + 1, "no user twice: {all:?}");
    let mut expected: BTreeSet<String> = emails.iter().cloned().collect();
    expected.insert("ops@hub.example".to_owned());
    assert_eq!(distinct, expected);
    let paged = list_users(7).await;
    assert_eq!(paged, all, "small pages with cursors list the same users in the same order");

    // Each registration wrote its verification email in its own transaction: 64 of them.
    let outbox = app.store.outbox_list(None, &PageRequest { after: None, limit: 100 }).expect("outbox");
    assert!(outbox.next_cursor.is_none());
    assert_eq!(outbox.items.len(), WRITERS, "{:?}", outbox.items);
    assert!(outbox.items.iter().all(|m| m.mail.template == domain::MailTemplate::VerifyEmail));
    let recipients: BTreeSet<String> = outbox.items.iter().map(|m| m.mail.to.as_str().to_owned()).collect();
    assert_eq!(recipients, emails.iter().cloned().collect::<BTreeSet<_>>());
});

hub_test!(racing_refreshes_of_one_token_revoke_the_session, |app| {
    app.register("racer@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let tokens = app.login("racer@aurora.example", PASSWORD).await;
    let refresh = tokens["refresh_token"].as_str().expect("refresh").to_owned();
    let access = tokens["access_token"].as_str().expect("access").to_owned();

    let tasks: Vec<_> = (0..RACERS)
        .map(|_| {
            let body = json!({"refresh_token": refresh});
            tokio::spawn(post(app.client.clone(), format!("{}/api/v1/auth/refresh", app.base), body))
        })
        .collect();
    let mut answers = Vec::with_capacity(RACERS);
    for task in tasks {
        answers.push(task.await.expect("join"));
    }

    // At most one request rotates the token; every other one is a reuse (or meets the revoked
    // session) and is refused — never a server error.
    let winners: Vec<&(u16, String)> = answers.iter().filter(|(status, _)| *status == 200).collect();
    assert!(winners.len() <= 1, "at most one refresh succeeds: {answers:?}");
    for (status, text) in answers.iter().filter(|(status, _)| *status != 200) {
        assert_eq!(*status, 401, "a losing refresh is refused: {text}");
        let problem: Value = serde_json::from_str(text).expect("a problem");
        assert_eq!(problem["code"], "unauthenticated", "{text}");
    }
    assert!(answers.len() - winners.len() >= RACERS - 1);

    // The session is revoked: the original token, the winner's new tokens and the first access
    // token all stop working.
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": refresh}))
        .await
        .assert_problem(401, "unauthenticated");
    if let Some((_, text)) = winners.first() {
        let issued: Value = serde_json::from_str(text).expect("tokens");
        let new_refresh = issued["refresh_token"].as_str().expect("refresh");
        assert_ne!(new_refresh, refresh);
        app.post("/api/v1/auth/refresh", None, json!({"refresh_token": new_refresh}))
            .await
            .assert_problem(401, "unauthenticated");
        let new_access = issued["access_token"].as_str().expect("access");
        app.get("/api/v1/me", Some(new_access)).await.assert_problem(401, "unauthenticated");
    }
    app.get("/api/v1/me", Some(&access)).await.assert_problem(401, "unauthenticated");

    // The revocation is audited as a reuse.
    let audit = app
        .store
        .audit_list(
            &persistence::AuditFilter { target_type: Some("session".to_owned()), ..Default::default() },
            &PageRequest { after: None, limit: 100 },
        )
        .expect("audit");
    assert!(
        audit.items.iter().any(|e| e.action == "session.revoked" && e.details.contains("refresh_token_reuse")),
        "{:?}",
        audit.items
    );

    // Other sessions are unaffected: the user logs in again.
    let again = app.login("racer@aurora.example", PASSWORD).await;
    assert_eq!(app.get("/api/v1/me", again["access_token"].as_str()).await.status, 200);
});

hub_test!(racing_registrations_of_one_email_create_one_account, |app| {
    let mut racers = Vec::new();
    for i in 0..16 {
        let (client, base) = (app.client.clone(), app.base.clone());
        racers.push(tokio::spawn(async move {
            let body = json!({"email": "same@aurora.example", "password": hub_tests::PASSWORD, "display_name": format!("Racer {i}"),
                              "organization": {"name": "Aurora Labs S.r.l.", "kind": "startup", "tax_code": "04817250931"}});
            let answer = client.post(format!("{base}/api/v1/auth/register")).json(&body).send().await.expect("answer");
            hub_tests::TestApp::answer(answer).await
        }));
    }
    // Every racer gets the same answer (whether the address has an account is not told); one account.
    for racer in racers {
        let answer = racer.await.expect("join");
        assert_eq!(answer.status, 202, "{}", answer.text);
    }
    let page = app
        .store
        .users_list(&persistence::UserFilter::default(), &domain::PageRequest { after: None, limit: 100 })
        .expect("users");
    assert_eq!(page.items.iter().filter(|u| u.email == "same@aurora.example").count(), 1);
});
