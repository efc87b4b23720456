//! Accounts end to end: register, verify by the emailed token, log in, refresh, log out, reset a
//! password, invitations.

use domain::PageRequest;
use hub_tests::funnel::verified_proposer;
use hub_tests::{Answer, PASSWORD, TestApp, hub_test};
use serde_json::{Value, json};

mod invitations;
mod passwords;
mod sessions;

/// The templates of the outbox messages to `to`, oldest first.
fn templates_to(app: &TestApp, to: &str) -> Vec<String> {
    let page = app.store.outbox_list(None, &PageRequest { after: None, limit: 100 }).expect("outbox");
    let mut found: Vec<String> =
        page.items.iter().filter(|m| m.mail.to.as_str() == to).map(|m| m.mail.template.as_str().to_owned()).collect();
    found.reverse();
    found
}

async fn me(app: &TestApp, token: &str) -> Answer {
    app.get("/api/v1/me", Some(token)).await
}

async fn new_pat(app: &TestApp, session: &str) -> String {
    let body = json!({"name": "script", "scopes": ["proposals:read"]});
    let created = app.post("/api/v1/me/tokens", Some(session), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["secret"].as_str().expect("secret").to_owned()
}
