//! Public administrations as actors: one a user founds gives its IPA code and waits for an admin, who
//! verifies it (its tax code unique among the verified); its owner then is its officer and appoints
//! others; only a verified administration sponsors a challenge; who may do what, and what the audit
//! log and the emails say.

use hub_tests::funnel::{
    admin, founded_administration, manager, organization, verified_proposer, verify_administration,
};
use hub_tests::{Answer, PASSWORD, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

const FOUNDER: &str = "innovazione@comune.valdora.example";

async fn audit(app: &TestApp, admin: &str, action: &str, target: &str) -> Vec<Value> {
    let found = app.get(&format!("/api/v1/audit?action={action}&target_id={target}"), Some(admin)).await;
    assert_eq!(found.status, 200, "{}", found.text);
    found.body["items"].as_array().expect("items").clone()
}

async fn officer(app: &TestApp, token: &str, org: &str, user: &str, appoint: bool) -> Answer {
    let method = if appoint { Method::PUT } else { Method::DELETE };
    app.request(method, &format!("/api/v1/organizations/{org}/officers/{user}"), Some(token), Value::Null).await
}

fn challenge(slug: &str, sponsor: &str) -> Value {
    json!({
        "slug": slug, "title_it": "Sfida dei comuni", "description_it": "Una descrizione della sfida.",
        "sponsor_id": sponsor,
        "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339(),
        "closes_at": (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339(),
    })
}

hub_test!(a_founded_administration_waits_for_an_admin_who_verifies_it_and_makes_its_owner_an_officer, |app| {
    // Without its IPA code an administration is not registered at all.
    let nameless = app
        .post("/api/v1/auth/register", None, json!({
            "email": "x@comune.example", "password": PASSWORD, "display_name": "X",
            "organization": {"name": "Comune di Valdora", "kind": "public_administration", "tax_code": "80214573604"}
        }))
        .await;
    let errors = nameless.assert_problem(422, "validation_failed")["errors"].clone();
    assert_eq!(errors[0]["field"], "organization.ipa_code", "{errors}");
    assert_eq!(errors[0]["code"], "required", "{errors}");

    let (founder, account) = founded_administration(&app, FOUNDER, "Comune di Valdora", "80214573604", "C_L219").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    assert_eq!(account["roles"], json!(["proposer"]), "a founder proposes until verified");
    let read = app.get(&format!("/api/v1/organizations/{org}"), Some(&founder)).await;
    assert_eq!(
        (read.body["administration_status"].clone(), read.body["verified_at"].clone()),
        (json!("pending"), Value::Null)
    );
    assert_eq!(read.body["ipa_code"], "c_l219");

    // Pending: it sponsors nothing, and has no officers.
    let hub = manager(&app).await;
    let sponsored = app.post("/api/v1/challenges", Some(&hub), challenge("sfida-valdora", &org)).await;
    let errors = sponsored.assert_problem(422, "validation_failed")["errors"].clone();
    assert_eq!(
        (errors[0]["field"].clone(), errors[0]["code"].clone()),
        (json!("sponsor_id"), json!("administration_unverified"))
    );
    let me = account["id"].as_str().expect("id");
    officer(&app, &founder, &org, me, true).await.assert_problem(409, "administration_unverified");

    // The admins' queue lists it; nobody but an admin verifies.
    let root = admin(&app).await;
    let queue = app.get("/api/v1/organizations?status=pending", Some(&root)).await;
    let ids: Vec<&str> =
        queue.body["items"].as_array().expect("items").iter().filter_map(|o| o["id"].as_str()).collect();
    assert_eq!(ids, [org.as_str()], "{}", queue.text);
    let verified_list = app.get("/api/v1/organizations?status=verified", Some(&root)).await;
    assert!(!verified_list.text.contains(&org), "{}", verified_list.text);
    app.get("/api/v1/organizations?status=maybe", Some(&root)).await.assert_problem(422, "validation_failed");
    let path = format!("/api/v1/organizations/{org}/verification");
    for who in [&founder, &hub] {
        app.post(&path, Some(who), Value::Null).await.assert_problem(403, "forbidden");
    }

    let verified = verify_administration(&app, &root, &org).await;
    assert_eq!(verified["administration_status"], "verified");
    assert!(verified["verified_at"].is_string(), "{verified}");
    app.post(&path, Some(&root), Value::Null).await.assert_problem(409, "administration_verified");
    let unknown = format!("/api/v1/organizations/{}/verification", uuid::Uuid::now_v7());
    app.post(&unknown, Some(&root), Value::Null).await.assert_problem(404, "not_found");

    // Its owner is its officer now: the token that carried the old roles stops working, a new one has the role.
    app.get("/api/v1/me", Some(&founder)).await.assert_problem(401, "unauthenticated");
    let founder = app.token(FOUNDER).await;
    assert_eq!(app.get("/api/v1/me", Some(&founder)).await.body["roles"], json!(["proposer", "administration"]));
    let mails = app.mails_to(FOUNDER, 2).await;
    let told = mails.iter().find(|m| m.subject.contains("verificata")).expect("the verification email");
    assert!(told.body.contains("c_l219") && told.body.contains("/account"), "{}", told.body);

    // The audit log says who verified what, and who became an officer.
    let entries = audit(&app, &root, "organization.verified", &org).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["details"]["officers"], me, "{entries:?}");

    // Verified, it sponsors.
    let sponsored = app.post("/api/v1/challenges", Some(&hub), challenge("sfida-valdora", &org)).await;
    assert_eq!(sponsored.status, 201, "{}", sponsored.text);

    // Only administrations are verified.
    let (_, startup) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let startup_org = startup["organization_id"].as_str().expect("organisation");
    app.post(&format!("/api/v1/organizations/{startup_org}/verification"), Some(&root), Value::Null)
        .await
        .assert_problem(409, "not_an_administration");
});

hub_test!(the_owner_of_a_verified_administration_appoints_and_removes_its_officers, |app| {
    let root = admin(&app).await;
    let (_, account) = founded_administration(&app, FOUNDER, "Comune di Valdora", "80214573604", "c_l219").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    verify_administration(&app, &root, &org).await;
    // The token from before the verification no longer works: the new one carries the role.
    let founder = app.token(FOUNDER).await;

    // A colleague joins by invitation.
    let invited = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            Some(&founder),
            json!({"email": "marta@comune.valdora.example"}),
        )
        .await;
    assert_eq!(invited.status, 201, "{}", invited.text);
    let token = app.mail_to("marta@comune.valdora.example").await.token();
    let joined = app
        .post("/api/v1/auth/register", None, json!({"email": "marta@comune.valdora.example", "password": PASSWORD, "display_name": "Marta", "invitation_token": token}))
        .await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    let marta_id = joined.body["id"].as_str().expect("id").to_owned();
    let marta = app.token("marta@comune.valdora.example").await;

    // Members read who belongs to it, with their roles.
    let members = app.get(&format!("/api/v1/organizations/{org}/members"), Some(&marta)).await;
    assert_eq!(members.status, 200, "{}", members.text);
    let listed: Vec<(String, Value, bool)> = members.body["items"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| (m["email"].as_str().unwrap_or("").to_owned(), m["roles"].clone(), m["is_org_owner"] == true))
        .collect();
    assert_eq!(
        listed,
        [
            ("marta@comune.valdora.example".to_owned(), json!(["proposer"]), false),
            (FOUNDER.to_owned(), json!(["proposer", "administration"]), true),
        ]
    );

    // A member who does not own it appoints nobody; the owner does, and appointing again changes nothing.
    officer(&app, &marta, &org, &marta_id, true).await.assert_problem(403, "forbidden");
    let appointed = officer(&app, &founder, &org, &marta_id, true).await;
    assert_eq!(appointed.status, 200, "{}", appointed.text);
    assert_eq!(appointed.body["roles"], json!(["proposer", "administration"]));
    app.get("/api/v1/me", Some(&marta)).await.assert_problem(401, "unauthenticated");
    let again = officer(&app, &founder, &org, &marta_id, true).await;
    assert_eq!(again.body["roles"], json!(["proposer", "administration"]));
    assert_eq!(audit(&app, &root, "organization.officer_appointed", &org).await.len(), 1);

    // A personal access token does not appoint, even the owner's.
    let pat =
        app.post("/api/v1/me/tokens", Some(&founder), json!({"name": "script", "scopes": ["proposals:write"]})).await;
    assert_eq!(pat.status, 201, "{}", pat.text);
    let pat = pat.body["secret"].as_str().expect("secret").to_owned();
    officer(&app, &pat, &org, &marta_id, false).await.assert_problem(403, "forbidden");

    // Outsiders see no such organisation; an outsider is no member of it.
    let (outsider, stranger) =
        verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let stranger_id = stranger["id"].as_str().expect("id");
    app.get(&format!("/api/v1/organizations/{org}/members"), Some(&outsider)).await.assert_problem(404, "not_found");
    officer(&app, &outsider, &org, &marta_id, false).await.assert_problem(404, "not_found");
    officer(&app, &founder, &org, stranger_id, true).await.assert_problem(404, "not_found");

    // Removed: the member keeps the account and other roles.
    let removed = officer(&app, &founder, &org, &marta_id, false).await;
    assert_eq!(removed.status, 204, "{}", removed.text);
    assert_eq!(app.account("marta@comune.valdora.example").await["roles"], json!(["proposer"]));
    assert_eq!(audit(&app, &root, "organization.officer_removed", &org).await.len(), 1);

    // The role goes only to members of a verified administration, whoever grants it.
    let startup_org = stranger["organization_id"].as_str().expect("organisation");
    officer(&app, &outsider, startup_org, stranger_id, true).await.assert_problem(409, "not_an_administration");
    let roles = |id: &str| format!("/api/v1/users/{id}/roles");
    app.request(Method::PUT, &roles(stranger_id), Some(&root), json!({"roles": ["proposer", "administration"]}))
        .await
        .assert_problem(409, "not_an_administration");
    let granted = app.request(Method::PUT, &roles(&marta_id), Some(&root), json!({"roles": ["administration"]})).await;
    assert_eq!(granted.status, 200, "{}", granted.text);
    let by_admin = officer(&app, &root, &org, &marta_id, false).await;
    assert_eq!(by_admin.status, 204, "an admin removes an officer too: {}", by_admin.text);
});

hub_test!(a_tax_code_belongs_to_one_verified_administration, |app| {
    let root = admin(&app).await;
    let (_, first) =
        founded_administration(&app, "a@comune.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (_, second) =
        founded_administration(&app, "b@comune.example", "Comune di Valdora (doppio)", "80214573604", "c_l220").await;
    verify_administration(&app, &root, first["organization_id"].as_str().expect("id")).await;
    let twice = format!("/api/v1/organizations/{}/verification", second["organization_id"].as_str().expect("id"));
    app.post(&twice, Some(&root), Value::Null).await.assert_problem(409, "tax_code_taken");
    // An admin registering it again is refused too; another kind with the same tax code is not an administration.
    let again = json!({"name": "Comune di Valdora", "kind": "public_administration", "tax_code": "80214573604", "ipa_code": "c_l221"});
    app.post("/api/v1/organizations", Some(&root), again).await.assert_problem(409, "tax_code_taken");
    organization(&app, &root, "Azienda speciale di Valdora", "company", "80214573604").await;
    let pending = app.get("/api/v1/organizations?status=pending", Some(&root)).await;
    assert_eq!(pending.body["items"].as_array().map(Vec::len), Some(1), "{}", pending.text);
});
