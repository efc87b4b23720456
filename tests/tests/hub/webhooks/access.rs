//! Who manages an endpoint, role by role: its organisation's owner (a token needs `webhooks`) and admins;
//! a member who is not the owner may not register one, another organisation's owner does not know it
//! exists (404 on every operation), only admins register the hub's; the list shows each their own; and
//! the wrong fields a registration is refused for, with their paths.

use std::collections::BTreeSet;

use super::*;

const MEMBER: &str = "marco@uniprova.example";

/// Invites `email` to `org` as its owner and joins by the emailed invitation; returns their token.
async fn member(app: &TestApp, owner: &str, org: &str, email: &str) -> String {
    let path = format!("/api/v1/organizations/{org}/invitations");
    let sent = app.post(&path, Some(owner), json!({"email": email})).await;
    assert_eq!(sent.status, 201, "invite: {}", sent.text);
    let token = app.mails_to(email, 1).await[0].token();
    let body = json!({"email": email, "password": PASSWORD, "display_name": "Marco", "invitation_token": token});
    let joined = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(joined.status, 201, "join: {}", joined.text);
    app.token(email).await
}

/// A personal access token of the session's user with `scopes`.
async fn pat(app: &TestApp, session: &str, scopes: &[&str]) -> String {
    let created = app.post("/api/v1/me/tokens", Some(session), json!({"name": "script", "scopes": scopes})).await;
    assert_eq!(created.status, 201, "token: {}", created.text);
    created.body["secret"].as_str().expect("secret").to_owned()
}

/// The ids the list shows `token`.
async fn listed(app: &TestApp, token: &str) -> BTreeSet<String> {
    let list = app.get("/api/v1/webhooks?limit=100", Some(token)).await;
    assert_eq!(list.status, 200, "list: {}", list.text);
    list.body["items"].as_array().expect("items").iter().map(|e| e["id"].as_str().expect("id").to_owned()).collect()
}

hub_test!(a_member_may_not_register_and_another_owner_gets_404_on_every_operation, |app| {
    let Some(receiver) = receiver("access") else { return };
    let (uni, uni_org) = university(&app).await;
    let (other, _) = other_owner(&app).await;
    let marco = member(&app, &uni, &uni_org, MEMBER).await;
    let url = receiver.url("/uni");

    // A member who is not the owner: 403, nothing registered.
    post_endpoint(&app, &marco, json!({"url": url, "events": FUNNEL})).await.assert_problem(403, "forbidden");
    assert!(listed(&app, &uni).await.is_empty());

    let (id, secret) = register(&app, &uni, &url, &FUNNEL).await;
    receiver.trust("/uni", &[&secret]);
    let queued = ping(&app, &uni, &id).await;
    let delivery = queued["id"].as_str().expect("a delivery id").to_owned();

    // Another organisation's owner, and the member: the endpoint does not exist for them.
    for token in [&other, &marco] {
        app.get(&at(&id, ""), Some(token)).await.assert_problem(404, "not_found");
        patch(&app, token, &id, json!({"description": "mine now"})).await.assert_problem(404, "not_found");
        patch(&app, token, &id, json!({"enabled": false})).await.assert_problem(404, "not_found");
        app.request(Method::DELETE, &at(&id, ""), Some(token), Value::Null).await.assert_problem(404, "not_found");
        app.get(&at(&id, "/deliveries"), Some(token)).await.assert_problem(404, "not_found");
        let redeliver = at(&id, &format!("/deliveries/{delivery}/redeliver"));
        app.post(&redeliver, Some(token), Value::Null).await.assert_problem(404, "not_found");
        app.post(&at(&id, "/ping"), Some(token), Value::Null).await.assert_problem(404, "not_found");
        app.post(&at(&id, "/rotate-secret"), Some(token), json!({})).await.assert_problem(404, "not_found");
    }
    // Anonymous: 401.
    assert_eq!(app.get(&at(&id, ""), None).await.status, 401);
    assert_eq!(app.get("/api/v1/webhooks", None).await.status, 401);

    // Nothing changed: still active, described as registered, one delivery (the owner's ping), one secret.
    let read = app.get(&at(&id, ""), Some(&uni)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!((read.body["state"].as_str(), read.body["description"].as_str()), (Some("active"), Some("")));
    assert_eq!(read.body["previous_secret_until"], Value::Null);
    assert_eq!(deliveries(&app, &uni, &id).await.len(), 1);
    let record = wait_received(&receiver, "/uni", queued["event_id"].as_str().expect("event"), 204).await;
    assert!(record.verified && signatures(&record) == 1, "{record:?}");
    // The owner may do all of it.
    let redelivered = app.post(&at(&id, &format!("/deliveries/{delivery}/redeliver")), Some(&uni), Value::Null).await;
    assert_eq!(redelivered.status, 202, "{}", redelivered.text);
    assert_eq!(app.request(Method::DELETE, &at(&id, ""), Some(&uni), Value::Null).await.status, 204);
    app.get(&at(&id, ""), Some(&uni)).await.assert_problem(404, "not_found");
});

hub_test!(a_token_needs_the_webhooks_scope_and_only_an_admin_registers_for_the_hub, |app| {
    let Some(receiver) = receiver("scopes") else { return };
    let root = admin(&app).await;
    let (uni, uni_org) = university(&app).await;
    let url = receiver.url("/uni");
    let body = json!({"url": url, "events": ["proposal.decided"]});

    // A token without `webhooks`: 403 on registration and on the endpoint; its list is empty.
    let reader = pat(&app, &uni, &["proposals:read"]).await;
    post_endpoint(&app, &reader, body.clone()).await.assert_problem(403, "forbidden");
    let (id, _) = register(&app, &uni, &url, &["proposal.decided"]).await;
    app.get(&at(&id, ""), Some(&reader)).await.assert_problem(403, "forbidden");
    app.post(&at(&id, "/ping"), Some(&reader), Value::Null).await.assert_problem(403, "forbidden");
    assert!(listed(&app, &reader).await.is_empty());
    // With it: 201, and the endpoint is theirs to read.
    let scoped = pat(&app, &uni, &["webhooks"]).await;
    let answer = post_endpoint(&app, &scoped, body.clone()).await;
    let (by_token, _) = created(&answer);
    assert_eq!(answer.body["endpoint"]["organization_id"], uni_org.as_str());
    assert_eq!(app.get(&at(&id, ""), Some(&scoped)).await.status, 200);
    assert_eq!(listed(&app, &scoped).await, BTreeSet::from([id.clone(), by_token.clone()]));

    // The hub's scope: an organisation's owner 403, an admin 201 (no organisation); an unknown scope 422.
    let hub_body = json!({"url": url, "events": ["proposal.decided"], "scope": "hub"});
    post_endpoint(&app, &uni, hub_body.clone()).await.assert_problem(403, "forbidden");
    post_endpoint(&app, &scoped, hub_body.clone()).await.assert_problem(403, "forbidden");
    let answer = post_endpoint(&app, &root, hub_body).await;
    let (hub_id, _) = created(&answer);
    assert_eq!(answer.body["endpoint"]["scope"], "hub");
    assert_eq!(answer.body["endpoint"]["organization_id"], Value::Null);
    let planet = json!({"url": url, "events": ["proposal.decided"], "scope": "planet"});
    assert_eq!(errors(&post_endpoint(&app, &uni, planet).await), [("scope".to_owned(), "unknown_scope".to_owned())]);
    // An organisation's owner does not know the hub's endpoint exists.
    app.get(&at(&hub_id, ""), Some(&uni)).await.assert_problem(404, "not_found");
});

hub_test!(the_list_shows_an_admin_every_endpoint_and_an_owner_only_their_organisations, |app| {
    let Some(receiver) = receiver("list") else { return };
    let root = admin(&app).await;
    let (uni, uni_org) = university(&app).await;
    let (other, other_org) = other_owner(&app).await;
    let marco = member(&app, &uni, &uni_org, MEMBER).await;
    let (a, _) = register(&app, &uni, &receiver.url("/a"), &["proposal.moved"]).await;
    let (b, _) = register(&app, &uni, &receiver.url("/b"), &["review.submitted", "notice.issued"]).await;
    let (c, _) = register(&app, &other, &receiver.url("/c"), &["adoption.declared"]).await;
    let (h, _) = register_hub(&app, &root, &receiver.url("/h"), &["service.published"]).await;

    let all = BTreeSet::from([a.clone(), b.clone(), c.clone(), h.clone()]);
    assert_eq!(listed(&app, &root).await, all, "an admin sees every endpoint");
    assert_eq!(listed(&app, &uni).await, BTreeSet::from([a.clone(), b.clone()]));
    assert_eq!(listed(&app, &other).await, BTreeSet::from([c.clone()]));
    assert!(listed(&app, &marco).await.is_empty(), "a member manages none");
    // Newest first, with their organisations.
    let list = app.get("/api/v1/webhooks", Some(&root)).await;
    let items = list.body["items"].as_array().expect("items");
    let order: Vec<&str> = items.iter().map(|e| e["id"].as_str().expect("id")).collect();
    assert_eq!(order, [h.as_str(), c.as_str(), b.as_str(), a.as_str()]);
    assert_eq!(items[1]["organization_id"], other_org.as_str());
    assert_eq!(items[1]["organization_name"], "Nuvola Sicura S.r.l.");
    assert_eq!(items[0]["organization_id"], Value::Null);
    // Paged.
    let first = app.get("/api/v1/webhooks?limit=3", Some(&root)).await;
    let cursor = first.body["next_cursor"].as_str().expect("a next page").to_owned();
    let second = app.get(&format!("/api/v1/webhooks?limit=3&cursor={cursor}"), Some(&root)).await;
    assert_eq!(second.body["items"][0]["id"], a.as_str(), "{}", second.text);
    assert_eq!(second.body["next_cursor"], Value::Null);
    // An admin manages any of them.
    assert_eq!(app.get(&at(&a, ""), Some(&root)).await.status, 200);
});

hub_test!(wrong_fields_are_422_with_their_paths, |app| {
    let Some(receiver) = receiver("fields") else { return };
    let (uni, _) = university(&app).await;
    let url = receiver.url("/uni");
    let refused = |body: Value| {
        let (app, uni) = (&app, uni.clone());
        async move { errors(&post_endpoint(app, &uni, body).await) }
    };
    let pair = |field: &str, code: &str| (field.to_owned(), code.to_owned());

    assert_eq!(refused(json!({"url": url, "events": ["proposal.eaten"]})).await, [pair("events[0]", "unknown_event")]);
    assert_eq!(
        refused(json!({"url": url, "events": ["proposal.moved", "webhook.ping"]})).await,
        [pair("events[1]", "unknown_event")],
        "the ping is not subscribable"
    );
    assert_eq!(refused(json!({"url": url, "events": []})).await, [pair("events", "required")]);
    let ftp = json!({"url": "ftp://127.0.0.1/hooks", "events": ["proposal.moved"]});
    assert_eq!(refused(ftp).await, [pair("url", "unsupported_scheme")]);
    let credentials = url.replace("http://", "http://user:secret@");
    let with_credentials = json!({"url": credentials, "events": ["proposal.moved"]});
    assert_eq!(refused(with_credentials).await, [pair("url", "credentials_in_url")]);
    let relative = json!({"url": "/hooks", "events": ["proposal.moved"]});
    assert_eq!(refused(relative).await, [pair("url", "invalid_url")]);
    // Short as typed, too long as stored (each `é` written out as `%C3%A9`): 422, never a 500.
    let accented = json!({"url": format!("{url}/{}", "é".repeat(700)), "events": ["proposal.moved"]});
    assert_eq!(refused(accented).await, [pair("url", "too_long")]);
    // Every wrong field at once.
    let all = json!({"url": "ftp://127.0.0.1/", "events": ["webhook.ping", "proposal.moved", "nope"]});
    assert_eq!(
        refused(all).await,
        [pair("url", "unsupported_scheme"), pair("events[0]", "unknown_event"), pair("events[2]", "unknown_event")]
    );
    assert!(deliveries_free(&app, &uni).await, "nothing registered");

    // A change is checked the same way, and leaves the endpoint as it was.
    let (id, _) = register(&app, &uni, &url, &["proposal.moved"]).await;
    assert_eq!(errors(&patch(&app, &uni, &id, json!({"events": []})).await), [pair("events", "required")]);
    let ping_only = patch(&app, &uni, &id, json!({"events": ["webhook.ping"]})).await;
    assert_eq!(errors(&ping_only), [pair("events[0]", "unknown_event")]);
    assert_eq!(errors(&patch(&app, &uni, &id, json!({"url": "ftp://x"})).await), [pair("url", "unsupported_scheme")]);
    let accented = json!({"url": format!("{url}/{}", "é".repeat(700))});
    assert_eq!(errors(&patch(&app, &uni, &id, accented).await), [pair("url", "too_long")]);
    let read = app.get(&at(&id, ""), Some(&uni)).await;
    assert_eq!((read.body["url"].as_str(), &read.body["events"]), (Some(url.as_str()), &json!(["proposal.moved"])));
    // And a good change is kept.
    let changed =
        patch(&app, &uni, &id, json!({"events": ["notice.issued", "proposal.moved"], "description": "Ok"})).await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["description"], "Ok");
    assert_eq!(changed.body["events"].as_array().map(Vec::len), Some(2));
    // As a merge patch: `null` removes the description; the address and the events cannot be removed.
    let cleared = patch(&app, &uni, &id, json!({"description": null})).await;
    assert_eq!((cleared.status, &cleared.body["description"]), (200, &json!("")), "{}", cleared.text);
    let removed = patch(&app, &uni, &id, json!({"url": null, "events": null})).await;
    assert_eq!(errors(&removed), [pair("url", "required"), pair("events", "required")]);
    assert_eq!(app.get(&at(&id, ""), Some(&uni)).await.body["events"].as_array().map(Vec::len), Some(2));
});

/// Whether `token`'s organisation has no endpoint.
async fn deliveries_free(app: &TestApp, token: &str) -> bool {
    listed(app, token).await.is_empty()
}
