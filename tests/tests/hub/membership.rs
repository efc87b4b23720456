//! Managing an organisation: its owner lists and revokes the invitations still pending (a revoked link
//! no longer joins), renames it (a verified administration's name only an admin corrects) and hands its
//! ownership over to a colleague (both emailed; from the next request the new owner invites, the former
//! one no longer does).
//! API and pages, every refusal by role.

use hub_tests::funnel::{admin, verified_proposer};
use hub_tests::{Answer, PASSWORD, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

use crate::needs::officer;

const ANNA: &str = "anna@aurora.example";
const MARCO: &str = "marco@aurora.example";

/// Invites `email` to `org` as `owner`; returns the invitation's id.
async fn invite(app: &TestApp, owner: &str, org: &str, email: &str) -> String {
    let sent =
        app.post(&format!("/api/v1/organizations/{org}/invitations"), Some(owner), json!({"email": email})).await;
    assert_eq!(sent.status, 201, "{}", sent.text);
    sent.body["id"].as_str().expect("id").to_owned()
}

/// Joins by the invitation emailed to `email`.
async fn join(app: &TestApp, email: &str, name: &str) -> Answer {
    let token = app.mails_to(email, 1).await[0].token();
    let body = json!({"email": email, "password": PASSWORD, "display_name": name, "invitation_token": token});
    app.post("/api/v1/auth/register", None, body).await
}

fn emails(list: &Answer) -> Vec<String> {
    assert_eq!(list.status, 200, "{}", list.text);
    list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["email"].as_str().map(str::to_owned))
        .collect()
}

hub_test!(an_owner_revokes_invitations_renames_the_organisation_and_hands_it_over, |app| {
    let root = admin(&app).await;
    let (anna, account) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let (stranger, _) = verified_proposer(&app, "nina@nuvola.example", "Nuvola S.r.l.", "07390162480").await;
    invite(&app, &anna, &org, MARCO).await;
    let joined = join(&app, MARCO, "Marco Bianchi").await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    let marco_id = joined.body["id"].as_str().expect("id").to_owned();
    let marco = app.token(MARCO).await;
    let luca = invite(&app, &anna, &org, "luca@aurora.example").await;
    invite(&app, &anna, &org, "giulia@aurora.example").await;

    // Pending invitations: the owner and admins see them; a member is refused; an outsider is told nothing.
    let pending = format!("/api/v1/organizations/{org}/invitations");
    assert_eq!(emails(&app.get(&pending, Some(&anna)).await), ["giulia@aurora.example", "luca@aurora.example"]);
    assert_eq!(emails(&app.get(&pending, Some(&root)).await).len(), 2);
    app.get(&pending, Some(&marco)).await.assert_problem(403, "forbidden");
    app.get(&pending, Some(&stranger)).await.assert_problem(404, "not_found");
    // Revoked: its link no longer joins, and revoking it again finds nothing.
    let revoke = format!("{pending}/{luca}");
    app.request(Method::DELETE, &revoke, Some(&marco), Value::Null).await.assert_problem(403, "forbidden");
    assert_eq!(app.request(Method::DELETE, &revoke, Some(&anna), Value::Null).await.status, 204);
    app.request(Method::DELETE, &revoke, Some(&anna), Value::Null).await.assert_problem(404, "not_found");
    assert_eq!(emails(&app.get(&pending, Some(&anna)).await), ["giulia@aurora.example"]);
    let late = join(&app, "luca@aurora.example", "Luca").await;
    assert_ne!(late.status, 201, "a revoked invitation joins nobody: {}", late.text);

    // Renamed by its owner, validated; a member may not.
    let path = format!("/api/v1/organizations/{org}");
    let rename = |token: &str, name: &str| {
        let (token, body) = (token.to_owned(), json!({"name": name}));
        let (app, path) = (&app, path.clone());
        async move { app.request(Method::PATCH, &path, Some(&token), body).await }
    };
    rename(&marco, "Aurora Due").await.assert_problem(403, "forbidden");
    rename(&anna, " ").await.assert_problem(422, "validation_failed");
    let renamed = rename(&anna, "Aurora Labs S.p.A.").await;
    assert_eq!((renamed.status, renamed.body["name"].as_str()), (200, Some("Aurora Labs S.p.A.")), "{}", renamed.text);

    // Handed over: only by its owner, to a member; both are emailed.
    let ownership = format!("/api/v1/organizations/{org}/ownership");
    app.post(&ownership, Some(&marco), json!({"user_id": marco_id})).await.assert_problem(403, "forbidden");
    let nina_id = app.get("/api/v1/me", Some(&stranger)).await.body["id"].as_str().expect("id").to_owned();
    app.post(&ownership, Some(&anna), json!({"user_id": nina_id})).await.assert_problem(404, "not_found");
    app.post(&ownership, Some(&anna), json!({})).await.assert_problem(422, "validation_failed");
    let handed = app.post(&ownership, Some(&anna), json!({"user_id": marco_id})).await;
    assert_eq!((handed.status, handed.body["is_org_owner"].as_bool()), (200, Some(true)), "{}", handed.text);
    for to in [ANNA, MARCO] {
        let told = app.mails_to(to, 2).await;
        assert!(
            told.iter().any(|m| m.body.contains("Marco Bianchi") && m.body.contains("/account")),
            "{to} is told: {:?}",
            told.iter().map(|m| &m.subject).collect::<Vec<_>>()
        );
    }
    let members = app.get(&format!("/api/v1/organizations/{org}/members"), Some(&marco)).await;
    let owners: Vec<&str> = members.body["items"]
        .as_array()
        .expect("members")
        .iter()
        .filter(|m| m["is_org_owner"] == true)
        .filter_map(|m| m["email"].as_str())
        .collect();
    assert_eq!(owners, [MARCO], "one owner: {}", members.text);
    // The new owner invites; the former one no longer does, with the very token they held.
    app.post(&format!("/api/v1/organizations/{org}/invitations"), Some(&anna), json!({"email": "sara@aurora.example"}))
        .await
        .assert_problem(403, "forbidden");
    invite(&app, &marco, &org, "sara@aurora.example").await;
    let audit = app.get("/api/v1/audit?limit=100", Some(&root)).await;
    for action in ["organization.ownership_transferred", "organization.renamed", "invitation.revoked"] {
        assert!(audit.text.contains(action), "{action} in the audit log");
    }
});

hub_test!(a_verified_administration_keeps_the_name_of_the_ipa_unless_an_admin_corrects_it, |app| {
    let root = admin(&app).await;
    let (valdora, org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let path = format!("/api/v1/organizations/{org}");
    app.request(Method::PATCH, &path, Some(&valdora), json!({"name": "Ministero di Valdora"}))
        .await
        .assert_problem(403, "forbidden");
    let corrected = app.request(Method::PATCH, &path, Some(&root), json!({"name": "Comune di Valdora Alta"})).await;
    assert_eq!(corrected.body["name"], "Comune di Valdora Alta", "{}", corrected.text);
});

hub_test!(the_owner_manages_the_organisation_from_its_page, |app| {
    let (anna, account) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    invite(&app, &anna, &org, MARCO).await;
    assert_eq!(join(&app, MARCO, "Marco Bianchi").await.status, 201);
    let luca = invite(&app, &anna, &org, "luca@aurora.example").await;
    let owner = app.signed_in(ANNA, "it").await;
    let page = "/account/organization";
    assert!(owner.get("/account").await.text.contains(&format!("href=\"{page}\"")));

    let shown = owner.get(page).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert!(shown.text.contains("luca@aurora.example") && shown.text.contains("Cedi la titolarità a Marco Bianchi"));
    // A member reads who belongs, and manages nothing.
    let member = app.signed_in(MARCO, "it").await;
    let read = member.get(page).await;
    assert!(read.text.contains("Test User") && !read.text.contains("luca@aurora.example"), "{}", read.text);
    assert!(!read.text.contains("action=\"/account/organization/name\""), "{}", read.text);
    let revoke = format!("/account/organization/invitations/{luca}/revoke");
    // (The member's page has no such button; posted with their own valid CSRF token, it is refused.)
    let csrf = member
        .get("/account")
        .await
        .text
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("a CSRF token")
        .to_owned();
    assert_eq!(member.post(&revoke, &[("csrf", csrf.as_str())]).await.status, 403);

    // Revoked; renamed (refused first, the typed name shown again); a post without CSRF refused.
    let revoked = owner.submit(page, &revoke, &[]).await;
    assert_eq!(revoked.header("location"), Some("/account/organization?done=revoked"), "{}", revoked.text);
    assert!(!owner.get(page).await.text.contains("luca@aurora.example"));
    let refused = owner.submit(page, "/account/organization/name", &[("name", "A")]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"name-error\"") && refused.text.contains("value=\"A\""), "{}", refused.text);
    assert_eq!(owner.post("/account/organization/name", &[("name", "Aurora Tre")]).await.status, 403);
    let renamed = owner.submit(page, "/account/organization/name", &[("name", "Aurora Labs S.p.A.")]).await;
    assert_eq!(renamed.header("location"), Some("/account/organization?done=renamed"));
    assert!(owner.follow(&renamed).await.text.contains("si chiama Aurora Labs S.p.A."));

    // Handed over to Marco, who now has the forms; Anna no longer does.
    let members = app.get(&format!("/api/v1/organizations/{org}/members"), Some(&anna)).await;
    let marco_id = members.body["items"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["email"] == MARCO)
        .and_then(|m| m["id"].as_str())
        .expect("Marco")
        .to_owned();
    let handed = owner.submit(page, &format!("/account/organization/owner/{marco_id}"), &[]).await;
    assert_eq!(handed.header("location"), Some("/account/organization?done=owner"), "{}", handed.text);
    assert!(!owner.get(page).await.text.contains("action=\"/account/organization/name\""));
    assert!(member.get(page).await.text.contains("action=\"/account/organization/name\""));
});

hub_test!(hub_managers_look_organisations_up_and_never_their_members, |app| {
    let (anna, account) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let hub = hub_tests::funnel::manager(&app).await;
    let found = app.get("/api/v1/organizations?q=aurora", Some(&hub)).await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert!(
        found.body["items"].as_array().is_some_and(|o| o.iter().any(|o| o["id"] == org.as_str())),
        "{}",
        found.text
    );
    assert_eq!(app.get(&format!("/api/v1/organizations/{org}"), Some(&hub)).await.body["name"], "Aurora Labs S.r.l.");
    let members = app.get(&format!("/api/v1/organizations/{org}/members"), Some(&hub)).await;
    members.assert_problem(404, "not_found");
    app.get("/api/v1/organizations", Some(&anna)).await.assert_problem(403, "forbidden");
    // The desk's page lists them with their ids; a proposer has no such page.
    let desk = app.signed_in(hub_tests::funnel::MANAGER, "it").await;
    assert!(desk.get("/manage").await.text.contains("href=\"/manage/organizations\""));
    let page = desk.get("/manage/organizations?q=aurora").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains(&format!("<code>{org}</code>")) && !page.text.contains("/admin/organizations/"),
        "{}",
        page.text
    );
    assert_eq!(app.signed_in(ANNA, "it").await.get("/manage/organizations").await.status, 403);
});
