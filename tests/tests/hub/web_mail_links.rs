//! Every link in every email lands on a working page for its recipient, in their language: signed out
//! it opens (or asks to log in and then opens), never a 404.

use std::collections::BTreeSet;

use domain::{MailTemplate, PageRequest, Role};
use hub_tests::funnel::{
    MANAGER, admin, assigned, evaluator, founded_administration, in_days, manager, moved, submitted, under_review,
    verify_administration,
};
use hub_tests::{PASSWORD, TestApp, hub_test};
use serde_json::{Value, json};

use crate::catalogue::{accepted, completion, editor, proposer, publish};

const NEW_PASSWORD: &str = "una nuova password lunga";

/// Makes the hub write every kind of mail.
pub(crate) async fn every_kind_of_mail(app: &TestApp) {
    let (anna, org) = proposer(app).await;
    let email = "anna@aurora.example";
    let hub = manager(app).await;
    let again = json!({"email": email, "password": PASSWORD, "display_name": "Anna",
                       "organization": {"name": "Aurora Due", "kind": "startup", "tax_code": "07390162480"}});
    assert_eq!(app.post("/api/v1/auth/register", None, again).await.status, 202);
    for address in ["nobody@example.org", email] {
        assert_eq!(app.post("/api/v1/auth/password-reset", None, json!({"email": address})).await.status, 202);
    }
    for (from, to) in [(PASSWORD, NEW_PASSWORD), (NEW_PASSWORD, PASSWORD)] {
        let body = json!({"current_password": from, "new_password": to});
        assert_eq!(app.post("/api/v1/me/password", Some(&anna), body).await.status, 204);
    }
    for (address, locale) in [("luca@aurora.example", "en"), (MANAGER, "it")] {
        let body = json!({"email": address, "locale": locale});
        let invited = app.post(&format!("/api/v1/organizations/{org}/invitations"), Some(&anna), body).await;
        assert_eq!(invited.status, 201, "{}", invited.text);
    }
    let revising = under_review(app, &anna, &hub, "Da rivedere", "open-call").await;
    // An evaluator assigned, reminded as the worker reminds, then cancelled by the revision request.
    let (ev_token, evaluator_id) = evaluator(app, "ev-mail@hub.example", None).await;
    assigned(app, &hub, &revising, &evaluator_id, &in_days(1)).await;
    // (The hub's own worker may have written it first: either way there is one.)
    app.store.reviews_remind_due(chrono::Duration::hours(48), "http://hub.test").expect("reminders");
    moved(app, &hub, &revising, "request-revision", json!({"note": "Precisi dove sono i dati."}), "revision_requested")
        .await;
    moved(app, &anna, &revising, "resubmit", Value::Null, "submitted").await;
    let out = submitted(app, &anna, "Fuori tema", "open-call").await;
    moved(app, &hub, &out, "screen", json!({"eligible": false, "reason": "Non riguarda il cloud."}), "rejected").await;
    // The team asks for a review; another hub manager (not the one who screened) does not uphold it.
    let asked =
        app.post(&format!("/api/v1/proposals/{out}/redress"), Some(&anna), json!({"statement": "È cloud."})).await;
    assert_eq!(asked.status, 201, "{}", asked.text);
    let second = app.user_with_roles("second@hub.example", &[Role::HubManager], None).await;
    let handled = json!({"outcome": "reject", "reason": "Il tema resta fuori dalla call."});
    let handled = app.post(&format!("/api/v1/proposals/{out}/redress/handle"), Some(&second), handled).await;
    assert_eq!(handled.status, 200, "{}", handled.text);
    let id = accepted(app, &anna, &hub, "Accolta", 3.5).await;
    let editor = editor(app).await;
    let promoted = app.post(&format!("/api/v1/proposals/{id}/promote"), Some(&editor), Value::Null).await;
    assert_eq!(promoted.status, 201, "{}", promoted.text);
    let slug = promoted.body["slug"].as_str().expect("slug").to_owned();
    publish(app, &editor, &slug, completion("Dati in Italia", "saas", "data-analytics")).await;
    let (_, founder) =
        founded_administration(app, "sindaco@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219")
            .await;
    let root = admin(app).await;
    let org = founder["organization_id"].as_str().expect("organisation").to_owned();
    verify_administration(app, &root, &org).await;
    // The administration adopts the service and writes to its provider; then the service is deprecated.
    let officer = app.token("sindaco@comune.valdora.example").await;
    let adoption = format!("/api/v1/catalogue/services/{slug}/adoptions/{org}");
    let adopted = app.request(reqwest::Method::PUT, &adoption, Some(&officer), json!({"state": "in_use"})).await;
    assert_eq!(adopted.status, 201, "{}", adopted.text);
    let message = json!({"subject": "Configurazione", "body": "Come avete configurato la conservazione?"});
    let relayed = app.post(&format!("/api/v1/catalogue/services/{slug}/messages"), Some(&officer), message).await;
    assert_eq!(relayed.status, 202, "{}", relayed.text);
    let deprecate = json!({"reason": "Superato da una nuova versione."});
    let deprecated = app.post(&format!("/api/v1/catalogue/services/{slug}/deprecate"), Some(&editor), deprecate).await;
    assert_eq!(deprecated.status, 200, "{}", deprecated.text);
    // Needs: one merged into another, which becomes a challenge; a third edited, then closed.
    let mut needs = Vec::new();
    for title in ["Prenotazione degli sportelli", "Sportelli su appuntamento", "Firma dei verbali"] {
        needs.push(crate::needs::stated(app, &officer, title, true).await["id"].as_str().expect("id").to_owned());
    }
    // Another administration co-signs the third, which Valdora then edits: the co-signer is told.
    let borgo = cosigning_officer(app, &root).await;
    let cosigned = app.post(&format!("/api/v1/needs/{}/cosignatures", needs[2]), Some(&borgo), json!({})).await;
    assert_eq!(cosigned.status, 201, "{}", cosigned.text);
    let edited = crate::needs::editing::edit(app, Some(&officer), &needs[2], json!({"urgency": "low"})).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let merged = app.post(&format!("/api/v1/needs/{}/merge", needs[1]), Some(&hub), json!({"into": needs[0]})).await;
    assert_eq!(merged.status, 200, "{}", merged.text);
    let challenge = json!({"slug": "sportelli", "title_it": "Sportelli comunali", "description_it": "Una descrizione della sfida.",
                           "sponsor_id": org, "opens_at": in_days(-1)});
    let created = app.post("/api/v1/challenges", Some(&hub), challenge).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let body = json!({"challenge_id": created.body["id"]});
    assert_eq!(app.post(&format!("/api/v1/needs/{}/conversion", needs[0]), Some(&hub), body).await.status, 200);
    let closed = app
        .post(&format!("/api/v1/needs/{}/close", needs[2]), Some(&hub), json!({"reason": "Già nel catalogo."}))
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    // The administration drafts a challenge and proposes it; the hub returns it with a note, then opens it.
    let drafted = json!({"slug": "sportelli-civici", "title_it": "Sportelli civici", "description_it": "Una descrizione della sfida.",
                         "sponsor_id": org, "opens_at": in_days(-1), "sponsor_opinions": true});
    assert_eq!(app.post("/api/v1/challenges", Some(&officer), drafted).await.status, 201);
    let act = |action: &str| format!("/api/v1/challenges/sportelli-civici/{action}");
    assert_eq!(app.post(&act("propose"), Some(&officer), Value::Null).await.status, 200);
    let note = json!({"note": "Indicare quanti sportelli."});
    assert_eq!(app.post(&act("return"), Some(&hub), note).await.status, 200);
    assert_eq!(app.post(&act("propose"), Some(&officer), Value::Null).await.status, 200);
    assert_eq!(app.post(&act("open"), Some(&hub), Value::Null).await.status, 200);
    // It asks for opinions: a proposal admitted to it is announced to the officer.
    under_review(app, &anna, &hub, "Sportello per tutti", "sportelli-civici").await;
    reconciled(app, &anna, &hub, (&ev_token, &evaluator_id)).await;
    answered(app, &anna, &hub, &org, (&ev_token, &evaluator_id)).await;
    // Anna hands her organisation over to a colleague (provisioned: an accepted invitation's link is dead).
    let anna_org = app.get("/api/v1/me", Some(&anna)).await.body["organization_id"].as_str().expect("org").to_owned();
    let paola =
        app.user_with_roles("paola@aurora.example", &[Role::Proposer], Some(anna_org.parse().expect("id"))).await;
    let paola_id = app.get("/api/v1/me", Some(&paola)).await.body["id"].clone();
    let handed = app
        .post(&format!("/api/v1/organizations/{anna_org}/ownership"), Some(&anna), json!({"user_id": paola_id}))
        .await;
    assert_eq!(handed.status, 200, "{}", handed.text);
    // Paola, the new owner, removes Luca (the mail links to the public privacy notice).
    let luca = app.user_with_roles("luca@aurora.example", &[Role::Proposer], Some(anna_org.parse().expect("id"))).await;
    let luca_id = app.get("/api/v1/me", Some(&luca)).await.body["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/organizations/{anna_org}/members/{luca_id}");
    let removed = app.request(reqwest::Method::DELETE, &path, Some(&paola), Value::Null).await;
    assert_eq!(removed.status, 204, "{}", removed.text);
    // Paola's webhook endpoint fails and the hub's worker disables it (under [`SETTINGS`], at the first
    // failure): the mail links to the endpoint's page.
    let hook = json!({"url": "http://127.0.0.1:9/hook", "events": ["proposal.decided"]});
    let registered = app.post("/api/v1/webhooks", Some(&paola), hook).await;
    assert_eq!(registered.status, 201, "{}", registered.text);
    let endpoint = registered.body["endpoint"]["id"].as_str().expect("id").to_owned();
    let pinged = app.post(&format!("/api/v1/webhooks/{endpoint}/ping"), Some(&paola), Value::Null).await;
    assert_eq!(pinged.status, 202, "{}", pinged.text);
    let started = std::time::Instant::now();
    loop {
        let read = app.get(&format!("/api/v1/webhooks/{endpoint}"), Some(&paola)).await;
        if read.body["state"] == "disabled" {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "never disabled: {}", read.text);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// What the hubs of [`every_kind_of_mail`] run with: a webhook endpoint disabled at its first failure.
pub(crate) const SETTINGS: &[(&str, &str)] =
    &[("HUB_WEBHOOK_DISABLE_AFTER_FAILURES", "1"), ("HUB_WEBHOOK_DISABLE_AFTER_HOURS", "0")];

/// A proposal reconciled: the hub manager, its rapporteur, is told; the evaluator gets the draft, then
/// the final report. (No new account: the walk below logs in once per page, within the per-address limit.)
async fn reconciled(app: &TestApp, anna: &str, hub: &str, (token, id): (&str, &str)) {
    let proposal = under_review(app, anna, hub, "Da conciliare", "open-call").await;
    let review = assigned(app, hub, &proposal, id, &in_days(7)).await;
    hub_tests::funnel::confirm(app, token, &review).await;
    let body = json!({"scores": {"security_sovereignty": 4.0, "growth_development": 4.0, "talent_skills": 4.0,
                      "effectiveness_sustainability": 4.0}, "overall_comment": "Solida.", "recommendation": "accept"});
    hub_tests::funnel::save_and_submit(app, token, &review, body).await;
    let path = format!("/api/v1/proposals/{proposal}/consensus");
    let designate = json!({"rapporteur_id": hub_tests::funnel::user_id(app, hub).await});
    let designated = app.request(reqwest::Method::PUT, &format!("{path}/rapporteur"), Some(hub), designate).await;
    assert_eq!(designated.status, 200, "{}", designated.text);
    let keys = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    let draft = json!({
        "scores": keys.iter().map(|k| ((*k).to_owned(), json!(4.0))).collect::<serde_json::Map<_, _>>(),
        "justifications": keys.iter().map(|k| ((*k).to_owned(), json!("Concordato."))).collect::<serde_json::Map<_, _>>()
    });
    let drafted = app.request(reqwest::Method::PUT, &path, Some(hub), draft).await;
    assert_eq!(drafted.status, 200, "{}", drafted.text);
    let finalised = app.post(&format!("{path}/finalise"), Some(hub), Value::Null).await;
    assert_eq!(finalised.status, 200, "{}", finalised.text);
    // The hub rates the review: its evaluator is told (the link opens their review's page).
    let rating = json!({"labels": ["helpful"], "note": "Chiara e motivata."});
    let rated = app.request(reqwest::Method::PUT, &format!("/api/v1/reviews/{review}/rating"), Some(hub), rating).await;
    assert_eq!(rated.status, 201, "{}", rated.text);
    // The open call gives notice of the grounds before a rejection: the team is told, answers, the hub is told.
    hub_tests::funnel::notice_answered(app, hub, anna, &proposal).await;
}

/// A challenge letting the team answer the reviews: once the one review it needs is in, the team is told;
/// it answers, and the evaluator (the consensus page) and the responsible officer (the manager's page) are
/// told.
async fn answered(app: &TestApp, anna: &str, hub: &str, sponsor: &str, (token, id): (&str, &str)) {
    let challenge = json!({"slug": "risposte", "title_it": "Con risposta", "description_it": "Il gruppo risponde.",
                           "sponsor_id": sponsor, "opens_at": in_days(-1),
                           "evaluation": {"min_reviews": 1, "response": true}});
    assert_eq!(app.post("/api/v1/challenges", Some(hub), challenge).await.status, 201);
    assert_eq!(app.post("/api/v1/challenges/risposte/open", Some(hub), Value::Null).await.status, 200);
    let proposal = under_review(app, anna, hub, "Da discutere", "risposte").await;
    let review = assigned(app, hub, &proposal, id, &in_days(7)).await;
    hub_tests::funnel::confirm(app, token, &review).await;
    let body = json!({"scores": {"security_sovereignty": 4.0, "growth_development": 4.0, "talent_skills": 4.0,
                      "effectiveness_sustainability": 4.0}, "overall_comment": "Solida.", "recommendation": "accept"});
    hub_tests::funnel::save_and_submit(app, token, &review, body).await;
    let answer = json!({"response": "Le chiavi sono descritte nella sezione 4."});
    let sent = app.post(&format!("/api/v1/proposals/{proposal}/response"), Some(anna), answer).await;
    assert_eq!(sent.status, 200, "{}", sent.text);
}

/// The officer of a second verified administration, Comune di Borgo. Their one login comes from another
/// client address: the walk below logs in from this one once per page, within the per-address limit.
async fn cosigning_officer(app: &TestApp, root: &str) -> String {
    let email = "b@comune.borgo.example";
    let body = json!({"email": email, "password": PASSWORD, "display_name": "Referente di Borgo",
                      "organization": {"name": "Comune di Borgo", "kind": "public_administration",
                                       "tax_code": "80139582748", "ipa_code": "c_b001"}});
    assert_eq!(app.post("/api/v1/auth/register", None, body).await.status, 202);
    let token = app.mail_to(email).await.token();
    assert_eq!(app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await.status, 204);
    let found = app.get("/api/v1/organizations?q=Borgo", Some(root)).await;
    let org = found.body["items"][0]["id"].as_str().unwrap_or_else(|| panic!("Borgo: {}", found.text)).to_owned();
    verify_administration(app, root, &org).await;
    let elsewhere = app.client_from("127.0.0.2");
    let body = json!({"email": email, "password": PASSWORD});
    let session = app.post_from(&elsewhere, "/api/v1/auth/login", None, body).await;
    session.body["access_token"].as_str().unwrap_or_else(|| panic!("logged in: {}", session.text)).to_owned()
}

/// Whether a link's page is one of the account's entry pages (log in, register, verify, reset, accept an
/// invitation), which a signed-out recipient opens: someone signed in is sent on from them.
pub(crate) fn entry_page(path: &str) -> bool {
    ["/login", "/register", "/forgot-password", "/reset-password", "/verify-email", "/accept-invitation"]
        .iter()
        .any(|entry| path.starts_with(entry))
}

/// One link of each template: the template, its recipient, their language and the link's path.
pub(crate) struct MailLink {
    pub template: MailTemplate,
    pub to: String,
    pub locale: &'static str,
    pub path: String,
}

/// The first link of every template the hub wrote. Sent mails keep no content in the outbox: the links
/// are read from the delivered files, found by their Message-ID (the outbox message's id).
pub(crate) async fn one_link_per_template(app: &TestApp) -> Vec<MailLink> {
    let page = app.store.outbox_list(None, &PageRequest { after: None, limit: 100 }).expect("outbox");
    let dir = app.mail_dir();
    let mut files = Vec::new();
    for _ in 0..300 {
        files = hub_tests::mail::read_all(&[dir.as_path()]);
        if files.len() >= page.items.len() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mut seen = BTreeSet::new();
    let mut links = Vec::new();
    for message in page.items {
        let mail = message.mail;
        let file = files
            .iter()
            .find(|f| f.message_id.contains(&message.id))
            .unwrap_or_else(|| panic!("the file of {:?} to {}", mail.template, mail.to.as_str()));
        let start = file.body.find("http://hub.test/").unwrap_or_else(|| panic!("{:?} has no link", mail.template));
        let link = file.body[start..].split_whitespace().next().expect("a link");
        if seen.insert(mail.template.as_str()) {
            let path = link["http://hub.test".len()..].to_owned();
            links.push(MailLink {
                template: mail.template,
                to: mail.to.as_str().to_owned(),
                locale: mail.locale.as_str(),
                path,
            });
        }
    }
    let expected: BTreeSet<&str> = MailTemplate::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(seen, expected, "every template was written");
    links
}

hub_test!(every_mails_link_lands_on_a_working_page_for_its_recipient, settings = SETTINGS, |app| {
    every_kind_of_mail(&app).await;
    // Each recipient reads their mail in their own browser: signed out at their first link, which asks
    // them to log in (once: the hub throttles logins from one address), signed in at the next ones.
    let mut visitors: std::collections::HashMap<String, hub_tests::pages::Visitor> = std::collections::HashMap::new();
    for MailLink { template, to, locale, path } in one_link_per_template(&app).await {
        let path = path.as_str();
        let fresh = app.visitor(locale);
        let visitor =
            if entry_page(path) { &fresh } else { visitors.entry(to.clone()).or_insert_with(|| app.visitor(locale)) };
        let mut opened = visitor.get(path).await;
        if opened.status == 303 {
            let login = opened.header("location").expect("a location").to_owned();
            assert!(login.starts_with("/login?next="), "{template:?}: {path} goes to {login}");
            let fields = [("email", to.as_str()), ("password", PASSWORD), ("next", path)];
            let signed_in = visitor.submit(&login, "/login", &fields).await;
            assert_eq!(signed_in.header("location"), Some(path), "{template:?}: {}", signed_in.text);
            opened = visitor.follow(&signed_in).await;
        }
        assert_eq!(opened.status, 200, "{template:?}: {path}: {}", opened.text);
        assert_eq!(opened.header("content-language"), Some(locale), "{template:?}: {path}");
    }
});
