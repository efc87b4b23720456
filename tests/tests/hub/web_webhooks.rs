//! Webhooks on the pages (issue 20), over HTTP as a browser without script: an organisation's owner
//! registers an endpoint at `/area/webhook` (its secret shown once, on the answer only), changes its
//! events, disables and enables it, pings it, reads the delivery in the log, delivers it again, rotates
//! the secret and deletes the endpoint; every form refuses a post without its CSRF token; whoever does
//! not manage the endpoint (a member who is not the owner, another organisation's owner) gets the 404
//! page, and a visitor not signed in the log-in page; an address the hub does not call is refused in the
//! form; an admin registers one for the whole hub and reads anyone's.

use std::time::Duration;

use hub_tests::funnel::verified_proposer;
use hub_tests::hub_test;
use hub_tests::pages::{Visitor, csrf_token};
use hub_tests::receiver::Receiver;
use hub_tests::{Answer, TestApp};
use serde_json::{Value, json};

pub(crate) const ANNA: &str = "anna@aurora.example";
const MARCO: &str = "marco@aurora.example";
const OTHER: &str = "sara@boreale.example";

/// The secret shown on a page (`<code class="secret">`), if any.
pub(crate) fn shown_secret(html: &str) -> Option<String> {
    let start = html.find("<code class=\"secret\"")?;
    let rest = &html[start..];
    let text = &rest[rest.find('>')? + 1..];
    Some(text[..text.find('<')?].trim().to_owned())
}

/// The id of the endpoint the secret page links to.
pub(crate) fn endpoint_id(html: &str) -> String {
    let start = html.find("href=\"/area/webhook/").expect("a link to the endpoint's page") + 20;
    html[start..].split('"').next().expect("an id").to_owned()
}

/// The action of the first redelivery form of an endpoint's page.
fn redelivery_action(html: &str) -> String {
    let start = html.find("/deliveries/").expect("a redelivery form");
    let head = html[..start].rfind("action=\"").expect("its action") + 8;
    html[head..].split('"').next().expect("an action").to_owned()
}

/// The endpoint as the API reads it for `token`.
async fn endpoint(app: &TestApp, token: &str, id: &str) -> Value {
    let answer = app.get(&format!("/api/v1/webhooks/{id}"), Some(token)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body
}

/// Registers an endpoint through the API (for the tests of the pages around it): its id.
async fn registered(app: &TestApp, token: &str, url: &str) -> String {
    let body = json!({"url": url, "description": "Protocollo", "events": ["proposal.decided"]});
    let created = app.post("/api/v1/webhooks", Some(token), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["endpoint"]["id"].as_str().expect("an id").to_owned()
}

/// The endpoint's page once `check` holds for it (the worker delivers meanwhile), or after ten seconds.
async fn page_when(visitor: &Visitor, path: &str, check: impl Fn(&str) -> bool) -> Answer {
    for _ in 0..200 {
        let page = visitor.get(path).await;
        assert_eq!(page.status, 200, "{}", page.text);
        if check(&page.text) {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    visitor.get(path).await
}

/// Asserts a 303 to `to` and follows it.
async fn followed(visitor: &Visitor, answer: &Answer, to: &str) -> Answer {
    assert_eq!((answer.status, answer.header("location")), (303, Some(to)), "{}", answer.text);
    let page = visitor.follow(answer).await;
    assert_eq!(page.status, 200, "{}", page.text);
    page
}

hub_test!(an_owner_registers_an_endpoint_and_manages_it_from_its_pages, |app| {
    if !Receiver::available() {
        return;
    }
    let receiver = Receiver::start();
    let url = receiver.url("/hub");
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let visitor = app.signed_in(ANNA, "it").await;
    assert!(visitor.get("/account").await.text.contains("href=\"/area/webhook\""), "the account links the pages");

    let empty = visitor.get("/area/webhook").await;
    assert_eq!(empty.status, 200, "{}", empty.text);
    assert!(empty.text.contains("Registri un endpoint") && empty.text.contains("value=\"proposal.decided\""));
    assert!(empty.text.contains("Proposta: decisione"), "the events by name: {}", empty.text);
    let fields = [("url", url.as_str()), ("description", "Protocollo dell'ateneo"), ("events", "proposal.decided")];
    let created = visitor.submit("/area/webhook", "/area/webhook", &fields).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert!(created.text.contains("Endpoint registrato") && created.text.contains("webhook-signature"));
    let secret = shown_secret(&created.text).expect("the secret, shown once");
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(created.header("cache-control"), Some("no-store"));
    receiver.trust("/hub", &[&secret]);
    let id = endpoint_id(&created.text);
    let page_path = format!("/area/webhook/{id}");

    let list = visitor.get("/area/webhook").await;
    assert!(list.text.contains(&url) && list.text.contains("Attivo") && !list.text.contains(&secret));
    let page = visitor.get(&page_path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains(&url) && page.text.contains("Protocollo dell&#39;ateneo"), "{}", page.text);
    assert!(!page.text.contains(&secret), "the secret is shown on the answer to the form only");

    // The events: none is refused in place, with what was typed; two are saved.
    let none = [("url", url.as_str()), ("description", "Protocollo rinominato")];
    let refused = visitor.submit(&page_path, &page_path, &none).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"events-error\"") && refused.text.contains("value=\"Protocollo rinominato\""));
    let two = [
        ("url", url.as_str()),
        ("description", "Protocollo"),
        ("events", "proposal.decided"),
        ("events", "proposal.moved"),
    ];
    let saved = visitor.submit(&page_path, &page_path, &two).await;
    let shown = followed(&visitor, &saved, &format!("{page_path}?done=saved")).await;
    assert!(shown.text.contains("Modifiche salvate.") && shown.text.contains("Proposta: cambio di stato"));
    let events = endpoint(&app, &anna, &id).await["events"].clone();
    assert_eq!(events, json!(["proposal.moved", "proposal.decided"]));

    // Disabled, then enabled again.
    let state = format!("{page_path}/state");
    // Anything but 1 or 0 is a malformed form, and changes nothing.
    for odd in ["", "yes", "true", "10"] {
        let refused = visitor.submit(&page_path, &state, &[("enabled", odd)]).await;
        assert_eq!(refused.status, 400, "enabled={odd:?}: {}", refused.text);
        assert_eq!(endpoint(&app, &anna, &id).await["state"], "active", "enabled={odd:?}");
    }
    let off = visitor.submit(&page_path, &state, &[("enabled", "0")]).await;
    let shown = followed(&visitor, &off, &format!("{page_path}?done=disabled")).await;
    assert!(shown.text.contains("Endpoint disattivato") && shown.text.contains("Riattiva l&#39;endpoint"));
    assert_eq!(endpoint(&app, &anna, &id).await["state"], "disabled");
    let on = visitor.submit(&page_path, &state, &[("enabled", "1")]).await;
    let shown = followed(&visitor, &on, &format!("{page_path}?done=enabled")).await;
    assert!(shown.text.contains("Endpoint riattivato") && shown.text.contains("Disattiva l&#39;endpoint"));
    assert_eq!(endpoint(&app, &anna, &id).await["state"], "active");

    // A test event reaches the receiver, signed with the secret, and shows in the log.
    let pinged = visitor.submit(&page_path, &format!("{page_path}/ping"), &[]).await;
    let shown = followed(&visitor, &pinged, &format!("{page_path}?done=pinged")).await;
    assert!(shown.text.contains("Evento di prova in coda"), "{}", shown.text);
    let got = receiver.wait_until(Duration::from_secs(10), |r| r.iter().any(|d| d.verified)).await;
    let ping = got.iter().find(|d| d.body["type"] == "webhook.ping").expect("the test event");
    assert!(ping.verified, "signed with the secret shown: {ping:?}");
    let logged = page_when(&visitor, &page_path, |html| html.contains("consegnata il")).await;
    assert!(logged.text.contains(&ping.id) && logged.text.contains("consegnata il"), "{}", logged.text);
    assert!(logged.text.contains(">204<") && logged.text.contains(" ms"), "status and latency: {}", logged.text);

    // Delivered again, with the same webhook-id.
    let action = redelivery_action(&logged.text);
    let again = visitor.submit(&page_path, &action, &[]).await;
    let shown = followed(&visitor, &again, &format!("{page_path}?done=redelivered")).await;
    assert!(shown.text.contains("Consegna rimessa in coda"), "{}", shown.text);
    let got = receiver.wait_until(Duration::from_secs(10), |r| r.iter().filter(|d| d.id == ping.id).count() == 2).await;
    assert_eq!(got.iter().filter(|d| d.id == ping.id && d.verified).count(), 2, "{got:?}");

    // A new secret: refused out of range, then shown once; the receiver that trusts it alone verifies.
    let rotate = format!("{page_path}/rotate");
    let wrong = visitor.submit(&page_path, &rotate, &[("overlap_hours", "999")]).await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert!(wrong.text.contains("id=\"overlap_hours-error\"") && wrong.text.contains("value=\"999\""));
    let rotated = visitor.submit(&page_path, &rotate, &[("overlap_hours", "0")]).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text);
    assert!(rotated.text.contains("Nuovo segreto creato") && rotated.text.contains("non vale più"));
    let new_secret = shown_secret(&rotated.text).expect("the new secret");
    assert_ne!(new_secret, secret);
    assert!(!visitor.get(&page_path).await.text.contains(&new_secret));
    receiver.trust("/hub", &[&new_secret]);
    visitor.submit(&page_path, &format!("{page_path}/ping"), &[]).await;
    let got = receiver.wait_until(Duration::from_secs(10), |r| r.iter().filter(|d| d.verified).count() == 3).await;
    assert_eq!(got.iter().filter(|d| d.verified).count(), 3, "the new secret signs: {got:?}");
    let overlap = visitor.submit(&page_path, &rotate, &[("overlap_hours", "")]).await;
    assert!(overlap.text.contains("Fino al") && overlap.text.contains("segreto precedente"), "{}", overlap.text);

    // Deleted after the confirmation only.
    let delete = format!("{page_path}/delete");
    let unconfirmed = visitor.submit(&page_path, &delete, &[]).await;
    assert_eq!(unconfirmed.status, 422, "{}", unconfirmed.text);
    assert!(unconfirmed.text.contains("id=\"confirm-error\""), "{}", unconfirmed.text);
    let deleted = visitor.submit(&page_path, &delete, &[("confirm", "yes")]).await;
    let shown = followed(&visitor, &deleted, "/area/webhook?done=deleted").await;
    assert!(shown.text.contains("è stato eliminato") && !shown.text.contains(&page_path), "{}", shown.text);
    assert_eq!(visitor.get(&page_path).await.status, 404);
});

hub_test!(every_webhook_form_refuses_a_post_without_its_token, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let id = registered(&app, &anna, "http://127.0.0.1:9/hub").await;
    let visitor = app.signed_in(ANNA, "it").await;
    let page = format!("/area/webhook/{id}");
    let delivery = uuid::Uuid::now_v7();
    for action in [
        "/area/webhook".to_owned(),
        page.clone(),
        format!("{page}/state"),
        format!("{page}/rotate"),
        format!("{page}/ping"),
        format!("{page}/delete"),
        format!("{page}/deliveries/{delivery}/redeliver"),
    ] {
        let fields =
            [("url", "http://127.0.0.1:9/other"), ("events", "proposal.moved"), ("enabled", "0"), ("confirm", "yes")];
        let refused = visitor.post(&action, &fields).await;
        assert_eq!(refused.status, 403, "{action}: {}", refused.text);
        assert!(refused.text.contains("Modulo scaduto"), "{action}: {}", refused.text);
    }
    // Nothing changed: one endpoint, as registered, active, never pinged.
    let listed = app.get("/api/v1/webhooks", Some(&anna)).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(1), "{}", listed.text);
    let kept = endpoint(&app, &anna, &id).await;
    assert_eq!((kept["url"].as_str(), kept["state"].as_str()), (Some("http://127.0.0.1:9/hub"), Some("active")));
    let log = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), Some(&anna)).await;
    assert_eq!(log.body["items"], json!([]), "{}", log.text);
});

hub_test!(whoever_does_not_manage_an_endpoint_gets_the_404_page, |app| {
    let (anna, account) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").parse().expect("an id");
    let id = registered(&app, &anna, "http://127.0.0.1:9/hub").await;
    app.user_with_roles(MARCO, &[domain::Role::Proposer], Some(org)).await;
    verified_proposer(&app, OTHER, "Boreale S.r.l.", "01234567897").await;
    let page = format!("/area/webhook/{id}");
    let delivery = uuid::Uuid::now_v7();

    // A member who is not the owner: told who registers them, no form, and the endpoint does not exist.
    // (Provisioned, Marco reads the pages in English.)
    let marco = app.signed_in(MARCO, "it").await;
    let list = marco.get("/area/webhook").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(list.text.contains("Only the owner") && !list.text.contains("action=\"/area/webhook\""), "{}", list.text);
    assert!(!marco.get("/account").await.text.contains("href=\"/area/webhook\""), "no link for a member");
    // Any form of the session carries its token: the header's log-out form.
    let token = csrf_token(&list.text, "/logout");
    let forbidden = [("csrf", token.as_str()), ("url", "http://127.0.0.1:9/x"), ("events", "proposal.moved")];
    assert_eq!(marco.post("/area/webhook", &forbidden).await.status, 403, "only the owner registers");

    for (who, visitor) in [("a member", marco), ("another owner", app.signed_in(OTHER, "it").await)] {
        let shown = visitor.get(&page).await;
        assert_eq!(shown.status, 404, "{who}: {}", shown.text);
        assert!(!shown.text.contains("127.0.0.1:9"), "{who}: nothing of the endpoint shows");
        let token = csrf_token(&visitor.get("/area/webhook").await.text, "/logout");
        for action in [
            page.clone(),
            format!("{page}/state"),
            format!("{page}/rotate"),
            format!("{page}/ping"),
            format!("{page}/delete"),
            format!("{page}/deliveries/{delivery}/redeliver"),
        ] {
            let fields = [
                ("csrf", token.as_str()),
                ("url", "http://127.0.0.1:9/taken"),
                ("events", "proposal.moved"),
                ("enabled", "0"),
                ("overlap_hours", "0"),
                ("confirm", "yes"),
            ];
            let answer = visitor.post(&action, &fields).await;
            assert_eq!(answer.status, 404, "{who} posting to {action}: {}", answer.text);
        }
        let theirs = visitor.get("/area/webhook").await;
        assert!(!theirs.text.contains("127.0.0.1:9"), "{who}: not listed");
    }

    // A visitor not signed in is sent to log in.
    let anonymous = app.visitor("it");
    for path in ["/area/webhook".to_owned(), page.clone()] {
        let answer = anonymous.get(&path).await;
        assert_eq!(answer.status, 303, "{path}");
        assert!(answer.header("location").is_some_and(|l| l.starts_with("/login?next=%2Farea%2Fwebhook")), "{path}");
    }

    // The endpoint is as it was.
    let kept = endpoint(&app, &anna, &id).await;
    assert_eq!((kept["url"].as_str(), kept["state"].as_str()), (Some("http://127.0.0.1:9/hub"), Some("active")));
    assert_eq!(kept["events"], json!(["proposal.decided"]));
    assert_eq!(kept["previous_secret_until"], Value::Null, "not rotated");
});

hub_test!(an_admin_registers_the_hubs_endpoint_and_reads_every_one, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let anna_endpoint = registered(&app, &anna, "http://127.0.0.1:9/aurora").await;
    hub_tests::funnel::admin(&app).await;
    let admin = app.signed_in("admin@hub.example", "en").await;
    assert!(admin.get("/account").await.text.contains("href=\"/area/webhook\""), "the account links the pages");
    let list = admin.get("/area/webhook").await;
    assert!(list.text.contains("Aurora Labs S.r.l.") && list.text.contains("the whole Innovation Hub"));
    let fields = [("scope", "hub"), ("url", "http://127.0.0.1:9/hub"), ("events", "service.published")];
    let created = admin.submit("/area/webhook", "/area/webhook", &fields).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert!(created.text.contains("Endpoint registered") && shown_secret(&created.text).is_some());
    let list = admin.get("/area/webhook").await;
    assert!(list.text.contains("The whole Innovation Hub") && list.text.contains("http://127.0.0.1:9/hub"));
    assert_eq!(admin.get(&format!("/area/webhook/{anna_endpoint}")).await.status, 200, "an admin manages any");
    // Anna's list holds her organisation's endpoint only.
    let theirs = app.signed_in(ANNA, "it").await.get("/area/webhook").await;
    assert!(theirs.text.contains("127.0.0.1:9/aurora") && !theirs.text.contains("127.0.0.1:9/hub"));
});

hub_test!(
    an_address_the_hub_does_not_call_is_refused_in_the_form,
    settings = &[("HUB_WEBHOOK_ALLOW_ADDRESSES", "")],
    |app| {
        let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
        let visitor = app.signed_in(ANNA, "it").await;
        for url in ["http://10.0.0.1/", "http://127.0.0.1:8080/hub"] {
            let fields = [("url", url), ("description", "Rete interna"), ("events", "proposal.moved")];
            let refused = visitor.submit("/area/webhook", "/area/webhook", &fields).await;
            assert_eq!(refused.status, 422, "{url}: {}", refused.text);
            assert!(
                refused.text.contains("id=\"url-error\"") && refused.text.contains("rete locale, privata o riservata")
            );
            assert!(
                refused.text.contains(&format!("value=\"{url}\"")) && refused.text.contains("value=\"Rete interna\"")
            );
            assert!(
                refused.text.contains("value=\"proposal.moved\" aria-describedby=\"event-1-hint\" checked"),
                "kept ticked"
            );
            assert!(refused.text.contains("href=\"#url\""), "the summary links the field");
        }
        let wrong = [("url", "ftp://example.org/"), ("events", "proposal.moved")];
        let refused = visitor.submit("/area/webhook", "/area/webhook", &wrong).await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        assert!(refused.text.contains("deve iniziare con https://"), "{}", refused.text);
        let listed = app.get("/api/v1/webhooks", Some(&anna)).await;
        assert_eq!(listed.body["items"], json!([]), "nothing registered: {}", listed.text);
    }
);
