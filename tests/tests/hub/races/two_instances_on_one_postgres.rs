//! Two hub instances on one PostgreSQL database.

use super::*;

/// Two hubs on one database and one SMTP server.
struct Twins {
    first: TestApp,
    second: TestApp,
    sink: SmtpSink,
}

impl Twins {
    async fn start() -> Self {
        let sink = SmtpSink::start();
        let first =
            TestApp::spawn_with(Backend::Postgres, &[("HUB_SMTP_URL", &sink.url()), ("HUB_OUTBOX_POLL_MS", "20")])
                .await;
        let shared = [
            ("HUB_SMTP_URL", sink.url()),
            ("HUB_OUTBOX_POLL_MS", "20".to_owned()),
            ("DATABASE_URL", first.settings.database_url.expose().to_owned()),
            ("HUB_JWT_SECRET", first.settings.jwt_secret.expose().to_owned()),
            ("HUB_AUDIT_KEY", first.settings.audit_key.expose().to_owned()),
        ];
        let shared: Vec<(&str, &str)> = shared.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let second = TestApp::spawn_with(Backend::Postgres, &shared).await;
        Self { first, second, sink }
    }

    /// The base URL of the instance that serves racer `i`: they alternate.
    fn base(&self, i: usize) -> &str {
        if i.is_multiple_of(2) { &self.first.base } else { &self.second.base }
    }

    /// Registers and verifies a proposer through the SMTP sink; returns the access token.
    async fn proposer(&self, email: &str) -> String {
        self.first.register(email, "Aurora Labs S.r.l.", ORG_A_TAX).await;
        let mails = self.sink.wait_for(email, 1).await;
        assert_eq!(mails.len(), 1, "the verification email: {mails:?}");
        let verified = self.second.post("/api/v1/auth/verify-email", None, json!({"token": mails[0].token()})).await;
        assert_eq!(verified.status, 204, "{}", verified.text);
        self.second.token(email).await
    }
}

/// (a) No lost update: racing PATCHes with one ETag over both instances.
async fn no_lost_update(twins: &Twins, anna: &str) {
    let app = &twins.first;
    let id = draft(app, anna, "Edited once by two hubs", "open-call").await;
    let etag = app.get(&format!("/api/v1/proposals/{id}"), Some(anna)).await.header("etag").expect("etag").to_owned();
    let answers = app
        .concurrently(RACERS, |i, client, _| {
            client
                .patch(format!("{}/api/v1/proposals/{id}", twins.base(i)))
                .bearer_auth(anna)
                .header("If-Match", &etag)
                .json(&json!({"title": format!("Title written by racer {i:02}"), "tags": [format!("racer-{i:02}")]}))
        })
        .await;
    let winner = one_winner(&answers, 200, 412, &["precondition_failed"]);
    let index = answers.iter().position(|a| a.status == 200).expect("a winner");
    let title = format!("Title written by racer {index:02}");
    assert_eq!(winner.body["title"], title.as_str(), "{}", winner.text);
    // The stored content is the winner's, whole (title and tags from the same request).
    for instance in [&twins.first, &twins.second] {
        let read = instance.get(&format!("/api/v1/proposals/{id}"), Some(anna)).await;
        assert_eq!(read.body["title"], title.as_str(), "{}", read.text);
        assert_eq!(read.body["tags"], json!([format!("racer-{index:02}")]), "{}", read.text);
        assert_eq!(read.header("etag"), winner.header("etag"));
    }
    let steps = history(app, anna, &id).await;
    assert_eq!(actions(&steps), ["create", "edit"], "one edit: {steps:?}");
    eprintln!(
        "race patch/two-instances: {RACERS} requests, {}, 1 edit in history, winner racer {index:02}",
        tally(&answers)
    );
}

/// (a) The same for a challenge (hub managers edit it with If-Match).
async fn no_lost_challenge_update(twins: &Twins, hub: &str, admin: &str) {
    let app = &twins.first;
    let sponsor = organization(app, admin, "Comune di Prova", "public_administration", "80004739258").await;
    let created = app
        .post(
            "/api/v1/challenges",
            Some(hub),
            json!({"slug": "sfida-contesa", "title_it": "Sfida contesa", "description_it": "Una sfida.",
                   "sponsor_id": sponsor, "opens_at": in_days(-1)}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let etag = created.header("etag").expect("etag").to_owned();
    let answers = app
        .concurrently(RACERS, |i, client, _| {
            client
                .patch(format!("{}/api/v1/challenges/{id}", twins.base(i)))
                .bearer_auth(hub)
                .header("If-Match", &etag)
                .json(&json!({"title_it": format!("Titolo del concorrente {i:02}")}))
        })
        .await;
    let winner = one_winner(&answers, 200, 412, &["precondition_failed"]);
    let index = answers.iter().position(|a| a.status == 200).expect("a winner");
    let title = format!("Titolo del concorrente {index:02}");
    assert_eq!(winner.body["title_it"], title.as_str(), "{}", winner.text);
    let read = twins.second.get(&format!("/api/v1/challenges/{id}"), Some(hub)).await;
    assert_eq!(read.body["title_it"], title.as_str(), "{}", read.text);
    assert_eq!(read.header("etag"), winner.header("etag"));
    let updates = audited(app, admin, "challenge", &id).await;
    assert_eq!(updates.iter().filter(|e| e["action"] == "challenge.updated").count(), 1, "{updates:?}");
    eprintln!("race challenge-patch/two-instances: {RACERS} requests, {}, 1 audited edit", tally(&answers));
}

/// (b) No duplicate review: racing assignments of one evaluator, then racing submits of the review.
async fn no_duplicate_review(twins: &Twins, anna: &str, hub: &str, admin: &str) -> String {
    let app = &twins.first;
    let (eva, eva_id) = evaluator(app, "eva@uni.example", None).await;
    let id = under_review(app, anna, hub, "Assigned once by two hubs", "open-call").await;
    let due = in_days(7);
    let answers = app
        .concurrently(RACERS, |i, client, _| {
            client
                .post(format!("{}/api/v1/proposals/{id}/assignments", twins.base(i)))
                .bearer_auth(hub)
                .json(&json!({"evaluator_id": eva_id, "due_at": due}))
        })
        .await;
    let winner = one_winner(&answers, 201, 409, &["already_assigned"]);
    let review = winner.body["id"].as_str().expect("id").to_owned();
    assert_eq!(
        (winner.body["state"].as_str(), winner.body["evaluator_id"].as_str()),
        (Some("assigned"), Some(eva_id.as_str()))
    );
    let listed = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(hub)).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let ids: Vec<&str> =
        listed.body["items"].as_array().expect("assignments").iter().map(|a| a["id"].as_str().expect("id")).collect();
    assert_eq!(ids, [review.as_str()], "one assignment: {}", listed.text);
    assert_eq!(outbox_of(app, MailTemplate::ReviewAssigned, "eva@uni.example").len(), 1, "one assignment email");
    eprintln!("race assign/two-instances: {RACERS} requests, {}, 1 assignment", tally(&answers));

    confirm(app, &eva, &review).await;
    let saved = save(app, &eva, &review, review_body(4.0, "eva")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let answers = app
        .concurrently(RACERS, |i, client, _| {
            client.post(format!("{}/api/v1/reviews/{review}/submit", twins.base(i))).bearer_auth(&eva)
        })
        .await;
    let winner = one_winner(&answers, 200, 409, &["invalid_transition"]);
    assert_eq!(winner.body["state"], "submitted");
    let reviews = twins.second.get(&format!("/api/v1/proposals/{id}/reviews"), Some(hub)).await;
    let submitted: Vec<&Value> =
        reviews.body["items"].as_array().expect("reviews").iter().filter(|r| r["state"] == "submitted").collect();
    assert_eq!(submitted.len(), 1, "{}", reviews.text);
    let submits = audited(app, admin, "assignment", &review).await;
    assert_eq!(submits.iter().filter(|e| e["details"]["action"] == "submit").count(), 1, "{submits:?}");
    eprintln!(
        "race review-submit/two-instances: {RACERS} requests, {}, 1 submitted review, 1 audit row",
        tally(&answers)
    );
    id
}

/// (c) No mail twice: a submit race and a decision race over both instances; every outbox row
/// leaves once, with a distinct Message-ID.
async fn no_mail_twice(twins: &Twins, anna: &str, hub: &str, reviewed: &str) {
    let app = &twins.first;
    let title = "Mailed once by two hubs";
    let id = draft(app, anna, title, "open-call").await;
    let submits = app
        .concurrently(RACERS, |i, client, _| {
            client.post(format!("{}/api/v1/proposals/{id}/submit", twins.base(i))).bearer_auth(anna)
        })
        .await;
    one_winner(&submits, 200, 409, &["invalid_transition", "concurrent_change"]);
    // The open call gives notice of the grounds before a rejection: the team has answered it.
    hub_tests::funnel::notice_answered(app, hub, anna, reviewed).await;
    let reply = hub_tests::funnel::REPLY;
    let decisions = app
        .concurrently(RACERS, |i, client, _| {
            client
                .post(format!("{}/api/v1/proposals/{reviewed}/decide", twins.base(i)))
                .bearer_auth(hub)
                .json(&json!({"decision": "reject", "rationale": format!("Rejected by racer {i:02}."),
                               "observations_reply": reply}))
        })
        .await;
    let winner = one_winner(&decisions, 200, 409, &["invalid_transition", "concurrent_change"]);
    assert_eq!(winner.body["state"], "rejected");
    let index = decisions.iter().position(|a| a.status == 200).expect("a winner");

    // Every outbox row is sent, once: as many messages as rows, Message-IDs distinct and each a row's.
    let rows = outbox(app);
    let submitted_rows = rows.iter().filter(|m| m.mail.template == MailTemplate::ProposalSubmitted).count();
    assert_eq!(submitted_rows, 2, "the proposal of (b) and this one, once each: {rows:?}");
    assert_eq!(rows.iter().filter(|m| m.mail.template == MailTemplate::Decision).count(), 1, "one decision: {rows:?}");
    let started = Instant::now();
    while outbox(app).iter().any(|m| m.status != OutboxStatus::Sent) && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let rows = outbox(app);
    assert!(rows.iter().all(|m| m.status == OutboxStatus::Sent && m.attempts == 1), "{rows:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = twins.sink.messages();
    let ids: BTreeSet<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
    let expected: BTreeSet<String> = rows.iter().map(|m| format!("<{}@{MAIL_DOMAIN}>", m.id)).collect();
    assert_eq!(ids.len(), messages.len(), "no Message-ID twice");
    assert_eq!(ids, expected.iter().map(String::as_str).collect(), "one message per outbox row");
    let decided: Vec<&Mail> = messages.iter().filter(|m| m.subject.contains("Decisione")).collect();
    assert_eq!(decided.len(), 1, "{messages:?}");
    assert!(decided[0].body.contains(&format!("Rejected by racer {index:02}.")), "{}", decided[0].body);
    let submitted: Vec<&Mail> = messages.iter().filter(|m| m.subject.contains(title)).collect();
    assert_eq!(submitted.len(), 1, "{messages:?}");
    eprintln!(
        "race mail/two-instances: submit {}, decide {}; {} outbox rows, {} messages delivered, {} distinct Message-IDs",
        tally(&submits),
        tally(&decisions),
        rows.len(),
        messages.len(),
        ids.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
async fn race_without_lost_updates_duplicate_reviews_or_mail_twice() {
    assert!(hub_tests::postgres_available(), "this test needs HUB_TEST_POSTGRES_URL");
    if !SmtpSink::available() {
        return;
    }
    let twins = Twins::start().await;
    let anna = twins.proposer(ANNA).await;
    let hub = manager(&twins.first).await;
    let admin = admin(&twins.first).await;
    no_lost_update(&twins, &anna).await;
    no_lost_challenge_update(&twins, &hub, &admin).await;
    let reviewed = no_duplicate_review(&twins, &anna, &hub, &admin).await;
    no_mail_twice(&twins, &anna, &hub, &reviewed).await;
    chain_intact(&twins.first);
}
