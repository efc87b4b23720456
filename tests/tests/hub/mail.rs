//! Mail over real SMTP: the verification email as it leaves the hub (MIME, text and HTML), an SMTP outage that loses and
//! duplicates nothing, and dead letters an admin can inspect.
//!
//! Every test needs its own settings (`HUB_SMTP_URL`, …), so each is a module with a SQLite and a
//! PostgreSQL test around one shared scenario.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use domain::PageRequest;
use hub_tests::smtp::SmtpSink;
use hub_tests::{Backend, TestApp};
use persistence::{OutboxMessage, OutboxStatus};
use serde_json::{Value, json};

/// The domain of `HUB_MAIL_FROM`'s default, which every Message-ID ends with.
const MAIL_DOMAIN: &str = "innovation-hub.localhost";

/// Every outbox message (newest first), optionally only those with `status`.
fn outbox(app: &TestApp, status: Option<OutboxStatus>) -> Vec<OutboxMessage> {
    let page = app.store.outbox_list(status, &PageRequest { after: None, limit: 100 }).expect("outbox");
    assert!(page.next_cursor.is_none(), "fewer than 100 messages in a test outbox");
    page.items
}

/// The one outbox message to `to`.
#[track_caller]
fn outbox_to(app: &TestApp, to: &str) -> OutboxMessage {
    let mut found: Vec<OutboxMessage> = outbox(app, None).into_iter().filter(|m| m.mail.to.as_str() == to).collect();
    assert_eq!(found.len(), 1, "exactly one outbox message to {to}: {found:?}");
    found.remove(0)
}

/// Polls `check` every 50 ms until it holds, for at most `timeout`; returns whether it held.
async fn eventually(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    loop {
        if check() {
            return true;
        }
        if started.elapsed() > timeout {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A registration body for `email` founding a new startup.
fn registration(email: &str) -> Value {
    json!({
        "email": email, "password": hub_tests::PASSWORD, "display_name": "Mail Tester",
        "organization": {"name": "Aurora Labs S.r.l.", "kind": "startup", "tax_code": "04817250931"}
    })
}

mod verification_email_goes_out_over_smtp {
    use super::*;

    async fn scenario(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, &[("HUB_SMTP_URL", &sink.url())]).await;

        let user = app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
        assert_eq!(user["email_verified"], false);

        let mails = sink.wait_for("anna@aurora.example", 1).await;
        assert_eq!(mails.len(), 1, "one email over SMTP: {mails:?}");
        let mail = &mails[0];
        assert!(mail.to.contains("anna@aurora.example"), "recipient: {}", mail.to);
        assert!(mail.subject.contains("Conferma"), "Italian subject by default: {}", mail.subject);
        assert!(mail.body.contains("http://hub.test/verify-email?token="), "{}", mail.body);

        // As mail clients expect: MIME 1.0, the text and its HTML as alternatives, the HTML in the
        // reader's language with the same link as a real link.
        assert_eq!(mail.mime_version, "1.0");
        assert!(mail.content_type.starts_with("multipart/alternative;"), "{}", mail.content_type);
        let kinds: Vec<&str> = mail.parts.iter().map(|p| p.split(';').next().unwrap_or_default()).collect();
        assert_eq!(kinds, ["text/plain", "text/html"], "{:?}", mail.parts);
        assert!(mail.parts.iter().all(|p| p.to_ascii_lowercase().contains("charset=utf-8")), "{:?}", mail.parts);
        let html = mail.html.as_deref().expect("an HTML part");
        assert!(html.contains("<html lang=\"it\">"), "{html}");
        let link = format!("http://hub.test/verify-email?token={}", mail.token());
        assert!(html.contains(&format!("<a href=\"{link}\">{link}</a>")), "{html}");
        assert!(html.contains("Gentile Test User,") && mail.body.contains("Gentile Test User,"), "{html}");
        assert!(mail.subject.starts_with("Innovation Hub — "), "{}", mail.subject);

        // The Message-ID is derived from the outbox row, so a repeated delivery is the same email.
        let row = outbox_to(&app, "anna@aurora.example");
        assert_eq!(row.mail.template, domain::MailTemplate::VerifyEmail);
        assert_eq!(mail.message_id, format!("<{}@{MAIL_DOMAIN}>", row.id));
        assert!(
            eventually(Duration::from_secs(10), || outbox_to(&app, "anna@aurora.example").status == OutboxStatus::Sent)
                .await,
            "the outbox row is marked sent: {:?}",
            outbox_to(&app, "anna@aurora.example")
        );
        let sent = outbox_to(&app, "anna@aurora.example");
        assert_eq!(sent.attempts, 1);
        assert_eq!(sent.last_error, None);
        assert!(sent.sent_at.is_some());
        assert!(sent.mail.params.is_empty(), "a sent message forgets its token: {:?}", sent.mail.params);

        // The token in the email verifies the address.
        let verified = app.post("/api/v1/auth/verify-email", None, json!({"token": mail.token()})).await;
        assert_eq!(verified.status, 204, "{}", verified.text);
        let token = app.token("anna@aurora.example").await;
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.body["email_verified"], true);
    }

    hub_tests::backend_tests!(|backend| scenario(backend).await);
}

mod an_smtp_outage_delays_but_never_loses_or_duplicates_mail {
    use super::*;

    async fn scenario(backend: Backend) {
        let mut sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, &[("HUB_SMTP_URL", &sink.url())]).await;
        sink.stop();

        // Registration does not depend on the mail server: the email waits in the outbox.
        let emails: Vec<String> = (1..=5).map(|i| format!("outage{i}@aurora.example")).collect();
        for email in &emails {
            let answer = app.post("/api/v1/auth/register", None, registration(email)).await;
            assert_eq!(answer.status, 202, "register {email} while SMTP is down: {}", answer.text);
        }

        // Each message was tried, failed, and is pending with the error.
        let all_failed_once = || {
            let rows = outbox(&app, None);
            rows.len() == emails.len()
                && rows.iter().all(|m| m.status == OutboxStatus::Pending && m.attempts >= 1 && m.last_error.is_some())
        };
        assert!(
            eventually(Duration::from_secs(10), all_failed_once).await,
            "every message failed at least once and is pending: {:?}",
            outbox(&app, None)
        );
        let ids: BTreeMap<String, String> = emails
            .iter()
            .map(|email| {
                let row = outbox_to(&app, email);
                assert_eq!(row.mail.template, domain::MailTemplate::VerifyEmail);
                assert!(!row.last_error.as_deref().unwrap_or_default().is_empty(), "an error is kept: {row:?}");
                (email.clone(), row.id)
            })
            .collect();
        assert!(sink.messages().is_empty(), "nothing was delivered during the outage");

        // The server is back; moving the clock past the back-off makes the retries due at once.
        sink.resume();
        app.clock.advance(chrono::Duration::seconds(60));
        for email in &emails {
            let arrived = sink.wait_for(email, 1).await;
            assert_eq!(arrived.len(), 1, "the email to {email} arrives after the outage: {arrived:?}");
        }
        assert!(
            eventually(Duration::from_secs(10), || outbox(&app, Some(OutboxStatus::Sent)).len() == emails.len()).await,
            "every message is marked sent: {:?}",
            outbox(&app, None)
        );

        // Give any duplicate time to show up, then count again: exactly one email each.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let messages = sink.messages();
        assert_eq!(messages.len(), emails.len(), "no duplicates: {messages:?}");
        for email in &emails {
            let to_email: Vec<_> = messages.iter().filter(|m| m.to.contains(email.as_str())).collect();
            assert_eq!(to_email.len(), 1, "exactly one email to {email}: {to_email:?}");
            assert_eq!(to_email[0].message_id, format!("<{}@{MAIL_DOMAIN}>", ids[email]));
            let row = outbox_to(&app, email);
            assert_eq!(row.status, OutboxStatus::Sent);
            assert!(row.attempts >= 2, "delivered on a retry: {row:?}");
            assert_eq!(row.last_error, None);
        }
        assert_eq!(app.store.outbox_depth().expect("depth"), 0);
        eprintln!(
            "smtp-outage/{backend:?}: {} mails written while the server was down, {} received after it came back, \
             {} distinct Message-IDs",
            emails.len(),
            messages.len(),
            messages.iter().map(|m| m.message_id.as_str()).collect::<std::collections::BTreeSet<_>>().len()
        );

        // The delayed email still carries a working token.
        let late = messages.iter().find(|m| m.to.contains("outage3@aurora.example")).expect("mail");
        let verified = app.post("/api/v1/auth/verify-email", None, json!({"token": late.token()})).await;
        assert_eq!(verified.status, 204, "{}", verified.text);
    }

    hub_tests::backend_tests!(|backend| scenario(backend).await);
}

mod undeliverable_mail_ends_as_a_dead_letter_admins_can_see {
    use super::*;

    async fn scenario(backend: Backend) {
        // A port where nothing listens.
        let mut nowhere = SmtpSink::start();
        nowhere.stop();
        let app =
            TestApp::spawn_with(backend, &[("HUB_SMTP_URL", &nowhere.url()), ("HUB_OUTBOX_MAX_ATTEMPTS", "2")]).await;

        app.register("lost@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
        assert!(
            eventually(Duration::from_secs(10), || {
                let row = outbox_to(&app, "lost@aurora.example");
                row.attempts == 1 && row.last_error.is_some()
            })
            .await,
            "the first attempt failed: {:?}",
            outbox_to(&app, "lost@aurora.example")
        );
        let first = outbox_to(&app, "lost@aurora.example");
        assert_eq!(first.status, OutboxStatus::Pending, "one failure is not yet the end: {first:?}");

        // An admin and the (non-admin) user sign in while the clock is still the real time.
        let admin = app.user_with_roles("ops@hub.example", &[domain::Role::Admin], None).await;
        let user = app.token("lost@aurora.example").await;

        // The second (last) attempt becomes due and fails too.
        app.clock.advance(chrono::Duration::seconds(60));
        assert!(
            eventually(Duration::from_secs(10), || outbox_to(&app, "lost@aurora.example").status == OutboxStatus::Dead)
                .await,
            "the message is dead after two attempts: {:?}",
            outbox_to(&app, "lost@aurora.example")
        );

        let dead = app.get("/api/v1/admin/outbox?status=dead", Some(&admin)).await;
        assert_eq!(dead.status, 200, "{}", dead.text);
        let items = dead.body["items"].as_array().expect("items");
        assert_eq!(items.len(), 1, "{}", dead.text);
        let item = &items[0];
        assert_eq!(item["id"], first.id.as_str());
        assert_eq!(item["recipient"], "lost@aurora.example");
        assert_eq!(item["template"], "verify_email");
        assert_eq!(item["status"], "dead");
        assert_eq!(item["attempts"], 2);
        assert!(item["last_error"].as_str().is_some_and(|e| !e.is_empty()), "an error is kept: {item}");
        assert_eq!(item["sent_at"], Value::Null);
        assert!(item.get("params").is_none(), "the content (a token) is not shown: {item}");
        let pending = app.get("/api/v1/admin/outbox?status=pending", Some(&admin)).await;
        assert_eq!(pending.status, 200, "{}", pending.text);
        assert_eq!(pending.body["items"], json!([]));
        app.get("/api/v1/admin/outbox?status=lost", Some(&admin)).await.assert_problem(422, "validation_failed");

        // Only admins see the outbox.
        app.get("/api/v1/admin/outbox?status=dead", Some(&user)).await.assert_problem(403, "forbidden");
        app.get("/api/v1/admin/outbox?status=dead", None).await.assert_problem(401, "unauthenticated");

        // Dead is final: even long after, nothing is tried again.
        app.clock.advance(chrono::Duration::hours(2));
        tokio::time::sleep(Duration::from_millis(500)).await;
        let still = outbox_to(&app, "lost@aurora.example");
        assert_eq!((still.status, still.attempts), (OutboxStatus::Dead, 2), "{still:?}");

        // An admin who signs in now (by the hub's clock) can look too: the hub must accept the
        // access token it has just issued.
        let fresh = app.token("ops@hub.example").await;
        let later = app.get("/api/v1/admin/outbox?status=dead", Some(&fresh)).await;
        assert_eq!(later.status, 200, "a token issued after the clock moved: {}", later.text);
        assert_eq!(later.body["items"][0]["id"], first.id.as_str());
    }

    hub_tests::backend_tests!(|backend| scenario(backend).await);
}

/// Two hub instances share one PostgreSQL database and one SMTP server: their workers claim outbox
/// rows with `FOR UPDATE SKIP LOCKED` and a lease, so every email goes out exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
async fn two_instances_on_one_postgres_send_every_mail_once() {
    assert!(hub_tests::postgres_available(), "this test needs HUB_TEST_POSTGRES_URL");
    let sink = SmtpSink::start();
    let first =
        TestApp::spawn_with(Backend::Postgres, &[("HUB_SMTP_URL", &sink.url()), ("HUB_OUTBOX_POLL_MS", "10")]).await;
    let shared = [
        ("HUB_SMTP_URL", sink.url()),
        ("HUB_OUTBOX_POLL_MS", "10".to_owned()),
        ("DATABASE_URL", first.settings.database_url.expose().to_owned()),
        ("HUB_JWT_SECRET", first.settings.jwt_secret.expose().to_owned()),
        ("HUB_AUDIT_KEY", first.settings.audit_key.expose().to_owned()),
    ];
    let shared: Vec<(&str, &str)> = shared.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let second = TestApp::spawn_with(Backend::Postgres, &shared).await;

    let mut registrations = Vec::new();
    for i in 0..30 {
        let (client, base) = if i % 2 == 0 { (&first.client, &first.base) } else { (&second.client, &second.base) };
        registrations.push(
            client
                .post(format!("{base}/api/v1/auth/register"))
                .json(&json!({"email": format!("twin{i}@aurora.example"), "password": hub_tests::PASSWORD,
                              "display_name": "Twin", "organization": {"name": "Aurora Labs S.r.l.", "kind": "startup", "tax_code": "04817250931"}}))
                .send(),
        );
    }
    for registration in registrations {
        assert_eq!(registration.await.expect("answer").status().as_u16(), 202);
    }
    let arrived = sink.wait_for("@aurora.example", 30).await;
    assert_eq!(arrived.len(), 30);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let all = sink.messages();
    let mut ids: Vec<&str> = all.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((all.len(), ids.len()), (30, 30), "every email once, none twice");
    // A token issued by one instance is accepted by the other.
    let token = first.token("twin1@aurora.example").await;
    assert_eq!(second.get("/api/v1/me", Some(&token)).await.body["email"], "twin1@aurora.example");
}
