//! A member leaves their organisation, or its owner (or an admin) removes them: the account closes at
//! once (tokens, sessions and personal access tokens stop working, logging in is refused with
//! `account_closed`), the member is emailed, and an invitation to the same address reopens the same
//! account elsewhere. Never the owner, the hub's last admin, or an evaluator with reviews open.
//! API and pages, both engines.

use hub_tests::funnel::{admin, assigned, evaluator, manager, organization, under_review, verified_proposer};
use hub_tests::{Answer, PASSWORD, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

const ANNA: &str = "anna@aurora.example";
const MARCO: &str = "marco@aurora.example";
const GIULIA: &str = "giulia@aurora.example";

/// Invites `email` to `org` as `owner` and registers them by the mailed link; returns their id.
async fn member(app: &TestApp, owner: &str, org: &str, email: &str, name: &str) -> String {
    let sent =
        app.post(&format!("/api/v1/organizations/{org}/invitations"), Some(owner), json!({"email": email})).await;
    assert_eq!(sent.status, 201, "{}", sent.text);
    let token = app.mails_to(email, 1).await[0].token();
    let body = json!({"email": email, "password": PASSWORD, "display_name": name, "invitation_token": token});
    let joined = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    joined.body["id"].as_str().expect("id").to_owned()
}

async fn remove(app: &TestApp, token: &str, org: &str, user: &str) -> Answer {
    app.request(Method::DELETE, &format!("/api/v1/organizations/{org}/members/{user}"), Some(token), Value::Null).await
}

fn member_emails(list: &Answer) -> Vec<String> {
    assert_eq!(list.status, 200, "{}", list.text);
    let mut found: Vec<String> = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|m| m["email"].as_str().map(str::to_owned))
        .collect();
    found.sort();
    found
}

hub_test!(a_member_leaves_or_is_removed_and_the_account_closes_until_an_invitation_reopens_it, |app| {
    let root = admin(&app).await;
    let (anna, account) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let anna_id = account["id"].as_str().expect("id").to_owned();
    let (nina, nuvola) = verified_proposer(&app, "nina@nuvola.example", "Nuvola S.r.l.", "07390162480").await;
    let marco_id = member(&app, &anna, &org, MARCO, "Marco Bianchi").await;
    let giulia_id = member(&app, &anna, &org, GIULIA, "Giulia Verdi").await;
    let (marco, giulia) = (app.token(MARCO).await, app.token(GIULIA).await);
    let pat =
        app.post("/api/v1/me/tokens", Some(&marco), json!({"name": "script", "scopes": ["proposals:read"]})).await;
    assert_eq!(pat.status, 201, "{}", pat.text);
    let pat = pat.body["secret"].as_str().expect("secret").to_owned();

    // Refused: an outsider is told nothing, a colleague may not, a token may not even leave, the owner
    // hands over first (to the admin too).
    remove(&app, &nina, &org, &marco_id).await.assert_problem(404, "not_found");
    remove(&app, &giulia, &org, &marco_id).await.assert_problem(403, "forbidden");
    remove(&app, &pat, &org, &marco_id).await.assert_problem(403, "forbidden");
    remove(&app, &anna, &org, &anna_id).await.assert_problem(409, "owner_must_hand_over");
    remove(&app, &root, &org, &anna_id).await.assert_problem(409, "owner_must_hand_over");
    let nina_id = nuvola["id"].as_str().expect("id");
    remove(&app, &anna, &org, nina_id).await.assert_problem(404, "not_found");

    // Marco leaves: what he held stops working at once; logging in is refused with the reason.
    assert_eq!(remove(&app, &marco, &org, &marco_id).await.status, 204);
    app.get("/api/v1/me", Some(&marco)).await.assert_problem(401, "unauthenticated");
    app.get("/api/v1/me", Some(&pat)).await.assert_problem(401, "unauthenticated");
    let login = app.post("/api/v1/auth/login", None, json!({"email": MARCO, "password": PASSWORD})).await;
    login.assert_problem(409, "account_closed");
    let wrong = app.post("/api/v1/auth/login", None, json!({"email": MARCO, "password": "not the password"})).await;
    wrong.assert_problem(401, "unauthenticated");
    remove(&app, &anna, &org, &marco_id).await.assert_problem(404, "not_found");
    // No reset link reopens it: the address is answered as one without an account.
    let reset = app.post("/api/v1/auth/password-reset", None, json!({"email": MARCO})).await;
    assert_eq!(reset.status, 202, "{}", reset.text);
    let left = app.mails_to(MARCO, 3).await;
    let with_token = left.iter().filter(|m| m.body.contains("token\": \"")).count();
    assert_eq!(with_token, 1, "the invitation's, and no reset token for a closed account");
    let departures = left.iter().filter(|m| m.subject.contains("Aurora Labs") && m.body.contains("/privacy")).count();
    assert_eq!(departures, 1, "told of the departure, with the privacy notice's link");

    // Anna removes Giulia; the members are who remains.
    assert_eq!(remove(&app, &anna, &org, &giulia_id).await.status, 204);
    app.get("/api/v1/me", Some(&giulia)).await.assert_problem(401, "unauthenticated");
    let told = app.mails_to(GIULIA, 2).await;
    assert!(
        told.iter().any(|m| m.body.contains("/privacy") && m.subject.contains("Aurora Labs")),
        "told of the removal"
    );
    let members = app.get(&format!("/api/v1/organizations/{org}/members"), Some(&anna)).await;
    assert_eq!(member_emails(&members), [ANNA]);
    for (action, user) in [("organization.member_left", &marco_id), ("organization.member_removed", &giulia_id)] {
        let audit = app.get(&format!("/api/v1/audit?action={action}&target_id={org}"), Some(&root)).await;
        assert!(audit.text.contains(user.as_str()), "{action} of {user} in the audit log: {}", audit.text);
    }

    // Nuvola invites Marco: accepting reopens the same account there, as a proposer with a new password.
    let nuvola_org = nuvola["organization_id"].as_str().expect("organisation");
    let sent = app
        .post(&format!("/api/v1/organizations/{nuvola_org}/invitations"), Some(&nina), json!({"email": MARCO}))
        .await;
    assert_eq!(sent.status, 201, "{}", sent.text);
    let token =
        app.mails_to(MARCO, 4).await.iter().find(|m| m.body.contains("Nuvola")).expect("the invitation").token();
    let body = json!({"email": MARCO, "password": "a brand new passphrase", "display_name": "Marco B.",
        "invitation_token": token});
    let reopened = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(reopened.status, 201, "{}", reopened.text);
    assert_eq!(reopened.body["id"], marco_id.as_str(), "the same account");
    assert_eq!(reopened.body["organization_id"], nuvola_org);
    assert_eq!(reopened.body["roles"], json!(["proposer"]));
    let marco = app.token_with(MARCO, "a brand new passphrase").await;
    let me = app.get("/api/v1/me", Some(&marco)).await;
    assert_eq!((me.body["display_name"].as_str(), me.body["is_org_owner"].as_bool()), (Some("Marco B."), Some(false)));
    let members = app.get(&format!("/api/v1/organizations/{nuvola_org}/members"), Some(&nina)).await;
    assert_eq!(member_emails(&members), [MARCO, "nina@nuvola.example"]);
});

hub_test!(an_evaluator_with_reviews_open_stays_until_they_are_reassigned, |app| {
    let root = admin(&app).await;
    let hub = manager(&app).await;
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let uni = organization(&app, &root, "Università di Prova", "university", "80214573604").await;
    let (_, eva_id) = evaluator(&app, "eva@uni.example", Some(&uni)).await;
    let proposal = under_review(&app, &anna, &hub, "Sportello digitale", "open-call").await;
    let review = assigned(&app, &hub, &proposal, &eva_id, &hub_tests::funnel::in_days(7)).await;
    remove(&app, &root, &uni, &eva_id).await.assert_problem(409, "open_reviews");
    let released = app
        .request(Method::DELETE, &format!("/api/v1/proposals/{proposal}/assignments/{review}"), Some(&hub), Value::Null)
        .await;
    assert_eq!(released.status, 204, "{}", released.text);
    assert_eq!(remove(&app, &root, &uni, &eva_id).await.status, 204);
    let directory = app.get("/api/v1/evaluators", Some(&hub)).await;
    assert_eq!(directory.status, 200, "{}", directory.text);
    assert!(!directory.text.contains(&eva_id), "no longer an evaluator to assign: {}", directory.text);
});

hub_test!(the_owner_removes_a_member_and_a_member_leaves_from_the_organisation_page, |app| {
    let (anna, account) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let marco_id = member(&app, &anna, &org, MARCO, "Marco Bianchi").await;
    member(&app, &anna, &org, GIULIA, "Giulia Verdi").await;
    let page = "/account/organization";
    let owner = app.signed_in(ANNA, "it").await;
    let shown = owner.get(page).await;
    assert!(shown.text.contains("Togli Marco Bianchi dall"), "{}", shown.text);
    assert!(shown.text.contains("ceda prima la titolarità"), "the owner is told how to leave: {}", shown.text);
    assert!(!shown.text.contains("action=\"/account/organization/leave\""));

    // Giulia reads no removal button, and posting one (with her own CSRF token) is refused.
    let giulia = app.signed_in(GIULIA, "it").await;
    let read = giulia.get(page).await;
    assert!(!read.text.contains("/remove\""), "{}", read.text);
    let remove_marco = format!("/account/organization/members/{marco_id}/remove");
    let csrf = read.text.split("name=\"csrf\" value=\"").nth(1).and_then(|t| t.split('"').next()).expect("csrf");
    assert_eq!(giulia.post(&remove_marco, &[("csrf", csrf)]).await.status, 403);
    // Without a CSRF token the owner is refused too.
    assert_eq!(owner.post(&remove_marco, &[]).await.status, 403);

    let removed = owner.submit(page, &remove_marco, &[]).await;
    assert_eq!(removed.header("location"), Some("/account/organization?done=removed"), "{}", removed.text);
    let after = owner.follow(&removed).await;
    assert!(after.text.contains("Membro tolto") && !after.text.contains("Marco Bianchi"), "{}", after.text);

    // Giulia leaves: her session ends, the home page says so, and logging in again is refused with the reason.
    let gone = giulia.submit(page, "/account/organization/leave", &[]).await;
    assert_eq!(gone.header("location"), Some("/?left=1"), "{}", gone.text);
    let home = giulia.follow(&gone).await;
    assert!(home.text.contains("Ha lasciato l"), "{}", home.text);
    assert_ne!(giulia.get("/account").await.status, 200, "signed out");
    let again = app.visitor("it").submit("/login", "/login", &[("email", GIULIA), ("password", PASSWORD)]).await;
    assert_eq!(again.status, 401, "{}", again.text);
    assert!(again.text.contains("ha lasciato la propria organizzazione"), "{}", again.text);
});

hub_test!(the_admins_user_list_marks_a_closed_account_with_the_day_it_closed, |app| {
    let root = admin(&app).await;
    let (anna, account) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let marco_id = member(&app, &anna, &org, MARCO, "Marco Bianchi").await;
    let marco = app.token(MARCO).await;
    let listed = |users: &Answer, id: &str| {
        assert_eq!(users.status, 200, "{}", users.text);
        users.body["items"].as_array().expect("items").iter().find(|u| u["id"] == id).cloned().expect("listed")
    };
    let users = format!("/api/v1/users?organization_id={org}");
    let before = app.get(&users, Some(&root)).await;
    assert_eq!(listed(&before, &marco_id)["left_at"], Value::Null, "an open account: {}", before.text);

    let left_before = chrono::Utc::now() - chrono::Duration::seconds(1);
    assert_eq!(remove(&app, &marco, &org, &marco_id).await.status, 204);
    let after = app.get(&users, Some(&root)).await;
    let closed = listed(&after, &marco_id);
    let at: chrono::DateTime<chrono::Utc> =
        closed["left_at"].as_str().expect("left_at, a date-time").parse().expect("RFC 3339");
    assert!(at >= left_before && at <= chrono::Utc::now(), "{at}");
    assert_eq!(closed["roles"], json!([]));
    assert_eq!(listed(&after, account["id"].as_str().expect("id"))["left_at"], Value::Null, "Anna stays");

    // The admins' list and the account's page say so, in the admin's language.
    let person = app.signed_in("admin@hub.example", "en").await;
    let page = person.get(&format!("/admin/users?organization={org}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(page.text.matches("Account closed on ").count(), 1, "Marco only: {}", page.text);
    let year = at.format("%Y").to_string();
    let marker = page.text.split("Account closed on ").nth(1).and_then(|t| t.split('<').next()).unwrap_or_default();
    assert!(marker.contains(&year), "the day it closed: {marker}");
    let shown = person.get(&format!("/admin/users/{marco_id}")).await;
    assert!(shown.text.contains("Account closed on "), "{}", shown.text);
    let italian = app.request(Method::PATCH, "/api/v1/me", Some(&root), json!({"locale": "it"})).await;
    assert_eq!(italian.status, 200, "{}", italian.text);
    let person = app.signed_in("admin@hub.example", "it").await;
    let page = person.get(&format!("/admin/users?organization={org}")).await;
    assert!(page.text.contains("Account chiuso il "), "{}", page.text);
    assert!(!page.text.contains("Account closed on"), "{}", page.text);
});
