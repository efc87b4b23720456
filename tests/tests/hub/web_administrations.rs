//! Administrations in the browser: a municipality registered through the page gives its IPA code, its
//! founder reads that it waits for verification, the admin finds it on the desk and verifies it on its
//! page (a form without its CSRF token is refused), and the founder, now its officer, appoints a
//! colleague from the account page — which nobody else may.

use hub_tests::funnel::{admin, founded_administration};
use hub_tests::{PASSWORD, TestApp, hub_test};
use serde_json::json;

const FOUNDER: &str = "innovazione@comune.valdora.example";
const MARTA: &str = "marta@comune.valdora.example";

/// Marta joins the founder's organisation by invitation; returns her user id.
async fn colleague(app: &TestApp, org: &str) -> String {
    let owner = app.token(FOUNDER).await;
    let invited =
        app.post(&format!("/api/v1/organizations/{org}/invitations"), Some(&owner), json!({"email": MARTA})).await;
    assert_eq!(invited.status, 201, "{}", invited.text);
    let token = app.mail_to(MARTA).await.token();
    let body = json!({"email": MARTA, "password": PASSWORD, "display_name": "Marta Neri", "invitation_token": token});
    let joined = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    joined.body["id"].as_str().expect("id").to_owned()
}

hub_test!(a_municipality_registered_on_the_page_gives_its_ipa_code, |app| {
    let visitor = app.visitor("it");
    let fields = [
        ("email", FOUNDER),
        ("password", PASSWORD),
        ("display_name", "Lucia Serra"),
        ("locale", "it"),
        ("org_name", "Comune di Valdora"),
        ("kind", "public_administration"),
        ("tax_code", "80214573604"),
        ("ipa_code", ""),
    ];
    let refused = visitor.submit("/register", "/register", &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"ipa_code-error\""), "{}", refused.text);
    assert!(
        refused.text.contains("Indice delle Pubbliche Amministrazioni"),
        "the hint says where the code is: {}",
        refused.text
    );
    let mut with_code = fields;
    with_code[7] = ("ipa_code", "c_l219");
    let registered = visitor.submit("/register", "/register", &with_code).await;
    assert_eq!(registered.status, 303, "{}", registered.text);
    let org = app.account(FOUNDER).await["organization_id"].as_str().expect("organisation").to_owned();
    let root = admin(&app).await;
    let read = app.get(&format!("/api/v1/organizations/{org}"), Some(&root)).await;
    assert_eq!(
        (read.body["ipa_code"].as_str(), read.body["administration_status"].as_str()),
        (Some("c_l219"), Some("pending"))
    );
});

hub_test!(the_admin_verifies_an_administration_whose_owner_then_appoints_an_officer, |app| {
    admin(&app).await;
    let (_, account) = founded_administration(&app, FOUNDER, "Comune di Valdora", "80214573604", "c_l219").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let marta = colleague(&app, &org).await;

    // Before: the founder reads that the administration waits, and appoints nobody.
    let founder = app.signed_in(FOUNDER, "it").await;
    let before = founder.get("/account").await;
    assert!(before.text.contains("deve ancora verificare Comune di Valdora"), "{}", before.text);
    assert!(before.text.contains("Marta Neri") && !before.text.contains("/account/officers/"), "{}", before.text);

    // A pending administration is no sponsor the manager's challenge form offers.
    hub_tests::funnel::manager(&app).await;
    let manager = app.signed_in("manager@hub.example", "it").await;
    assert!(!manager.get("/manage/challenges/new").await.text.contains("Comune di Valdora"));

    // The admin's desk points to the queue; the queue and the page show the state.
    let person = app.signed_in("admin@hub.example", "en").await;
    let desk = person.get("/admin").await;
    assert!(
        desk.text.contains(
            "href=\"/admin/organizations?status=pending\">One public administration is awaiting verification."
        ),
        "{}",
        desk.text
    );
    let queue = person.get("/admin/organizations?status=pending").await;
    assert!(
        queue.text.contains(&format!("href=\"/admin/organizations/{org}\""))
            && queue.text.contains("Awaiting verification"),
        "{}",
        queue.text
    );
    assert!(!person.get("/admin/organizations?status=verified").await.text.contains(&org));
    let page = format!("/admin/organizations/{org}");
    let action = format!("{page}/verification");

    // A form without its token changes nothing.
    let forged = person.post(&action, &[]).await;
    assert_eq!(forged.status, 403, "{}", forged.text);
    assert_eq!(
        app.get(&format!("/api/v1/organizations/{org}"), Some(&app.token("admin@hub.example").await)).await.body["administration_status"],
        "pending"
    );

    let verified = person.submit(&page, &action, &[]).await;
    assert_eq!(verified.header("location"), Some(format!("{page}?done=verified").as_str()), "{}", verified.text);
    let shown = person.follow(&verified).await;
    assert!(shown.text.contains("Administration verified") && shown.text.contains("Verified on"), "{}", shown.text);
    assert!(!shown.text.contains(&action), "no second verification offered: {}", shown.text);
    // Verifying again (a second tab) is refused in words.
    let token = hub_tests::pages::csrf_token(&shown.text, &format!("{page}/invitations"));
    let again = person.post(&action, &[("csrf", &token)]).await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert!(again.text.contains("already verified"), "{}", again.text);

    assert!(manager.get("/manage/challenges/new").await.text.contains("Comune di Valdora"), "verified, it sponsors");

    // The founder, now its officer (a new sign-in carries the role), appoints Marta from the account page.
    let founder = app.signed_in(FOUNDER, "it").await;
    let after = founder.get("/account").await;
    assert!(
        after.text.contains("è un&#39;amministrazione verificata")
            && after.text.contains("Referente dell&#39;amministrazione"),
        "{}",
        after.text
    );
    let appoint = format!("/account/officers/{marta}");
    let appointed = founder.submit("/account", &appoint, &[("officer", "1")]).await;
    assert_eq!(appointed.header("location"), Some("/account?done=appointed"), "{}", appointed.text);
    assert!(founder.follow(&appointed).await.text.contains("Referente nominato"));
    assert_eq!(app.account(MARTA).await["roles"], json!(["proposer", "administration"]));

    // Marta owns nothing: her page offers no buttons, and her post is refused.
    let colleague = app.signed_in(MARTA, "it").await;
    let hers = colleague.get("/account").await;
    assert!(!hers.text.contains("/account/officers/"), "{}", hers.text);
    let token = hub_tests::pages::csrf_token(&hers.text, "/account/profile");
    let refused = colleague.post(&appoint, &[("csrf", &token), ("officer", "0")]).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(app.account(MARTA).await["roles"], json!(["proposer", "administration"]));

    // The admin removes her from the organisation's page.
    let dismissed = person.submit(&page, &format!("{page}/officers/{marta}"), &[("officer", "0")]).await;
    assert_eq!(dismissed.header("location"), Some(format!("{page}?done=dismissed").as_str()), "{}", dismissed.text);
    assert_eq!(app.account(MARTA).await["roles"], json!(["proposer"]));
});

hub_test!(hub_managers_find_evaluators_by_name_and_expertise, |app| {
    let hub = hub_tests::funnel::manager(&app).await;
    let evaluator = [domain::Role::Evaluator];
    let elena = app.provision("elena@uni.example", &evaluator, None, &["cloud", "cyber-security"]).await;
    let elena_id = hub_tests::funnel::user_id(&app, &elena).await;
    app.provision("paolo@uni.example", &evaluator, None, &["open-data"]).await;

    let all = app.get("/api/v1/evaluators?q=STAFF", Some(&hub)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(2), "{}", all.text);
    let nobody = app.get("/api/v1/evaluators?q=nessuno", Some(&hub)).await;
    assert_eq!(nobody.body["items"].as_array().map(Vec::len), Some(0), "{}", nobody.text);
    let cloud = app.get("/api/v1/evaluators?expertise=CLOUD", Some(&hub)).await;
    let ids: Vec<&str> =
        cloud.body["items"].as_array().expect("items").iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids, [elena_id.as_str()], "{}", cloud.text);
    assert_eq!(cloud.body["items"][0]["expertise"], json!(["cloud", "cyber-security"]));
    assert_eq!(cloud.body["items"][0]["open_reviews"], 0);
    // A whole tag, not a pattern: `_` and `%` are characters, not wildcards.
    for pattern in ["cyber_security", "cyber%25", "clo"] {
        let found = app.get(&format!("/api/v1/evaluators?expertise={pattern}"), Some(&hub)).await;
        assert_eq!(found.body["items"].as_array().map(Vec::len), Some(0), "{pattern}: {}", found.text);
    }
    app.get("/api/v1/evaluators", Some(&elena)).await.assert_problem(403, "forbidden");

    let person = app.signed_in("manager@hub.example", "it").await;
    let page = person.get("/manage/evaluators?expertise=cloud").await;
    assert_eq!(page.status, 200, "{}", page.text);
    // The page's own content (every page's footer links the open data).
    let content = page.text.split("<footer").next().unwrap_or_default();
    assert!(content.contains("cloud, cyber-security") && !content.contains("open-data"), "{}", page.text);
    assert!(person.get("/manage").await.text.contains("href=\"/manage/evaluators\""));
    assert_eq!(app.signed_in("elena@uni.example", "it").await.get("/manage/evaluators").await.status, 403);
});
