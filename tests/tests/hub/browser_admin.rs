//! The admin's journey in the real browser (in English, the admin account's language), axe-core on
//! every page: the desk, finding a user, granting a role with the keyboard alone, reading the change in
//! the audit log, verifying the chain, and the organisations and outbox pages; the desk on a phone.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::{admin, verified_proposer};

const ADMIN: &str = "admin@hub.example";

fn key(k: Key) -> String {
    char::from(k).to_string()
}

browser_test!(an_admin_grants_a_role_and_reads_it_in_the_audit_log, |app| {
    let hub = admin(&app).await;
    let (_, anna) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let anna_id = anna["id"].as_str().expect("id").to_owned();
    let organization = anna["organization_id"].as_str().expect("organisation").to_owned();

    let browser = Browser::start(&app.base, "en-GB,en", 1280, 900).await;
    browser.open("/login").await;
    browser.fill("#email", ADMIN).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
    browser.click_through("a[href='/admin']").await;
    assert!(browser.html().await.contains("href=\"/admin/users?role=proposer\""), "the desk counts roles");
    browser.assert_accessible().await;
    browser.keep_screenshot("admin-desk").await;

    // Found by a part of her address, then opened.
    browser.click_through("a[href='/admin/users']").await;
    browser.fill("#q", "anna@").await;
    browser.click_through("form[action='/admin/users'] button[type='submit']").await;
    assert!(browser.path().await.contains("q=anna%40"), "{}", browser.path().await);
    browser.assert_accessible().await;
    browser.click_through(&format!("a[href='/admin/users/{anna_id}']")).await;
    browser.assert_accessible().await;

    // The evaluator role granted with the keyboard alone: Tab to its box, Space, Tab to the button, Enter.
    browser.tab_to("the evaluator box", |f| f["id"] == "role-evaluator").await;
    browser.keys(" ").await;
    browser.tab_to("the save button", |f| f["tag"] == "button" && f["text"] == "Save the roles").await;
    browser.keys_through(&key(Key::Enter)).await;
    assert!(browser.path().await.ends_with("?done=roles"), "{}", browser.path().await);
    assert!(browser.html().await.contains("Roles updated."), "the notice");
    browser.assert_accessible().await;
    let me = app.get("/api/v1/users?q=anna%40aurora", Some(&hub)).await;
    assert_eq!(me.body["items"][0]["roles"], serde_json::json!(["proposer", "evaluator"]), "{}", me.text);

    // The change, in the audit log: what was done to her account, with the roles before and after.
    browser.click_through(&format!("a[href='/admin/audit?target_type=user&target_id={anna_id}']")).await;
    let html = browser.html().await;
    assert!(html.contains("<code>user.roles_changed</code>"), "the entry is listed");
    assert!(html.contains("<dd>proposer,evaluator</dd>"), "with the roles after the change");
    browser.assert_accessible().await;
    browser.keep_screenshot("admin-audit").await;
    // Its action is a link that lists every such change.
    browser.click_through("a[href='/admin/audit?action=user.roles_changed']").await;
    assert!(browser.html().await.contains("<code>user.roles_changed</code>"));

    // The chain, verified now.
    browser.click_through("a[href='/admin/audit/verification']").await;
    assert!(browser.html().await.contains("The log is intact"), "intact");
    browser.assert_accessible().await;

    // Her organisation, its members, the invitation form; the outbox.
    browser.open("/admin/organizations").await;
    browser.assert_accessible().await;
    browser.click_through(&format!("a[href='/admin/organizations/{organization}']")).await;
    assert!(browser.html().await.contains("anna@aurora.example"), "her among the members");
    browser.assert_accessible().await;
    browser.open("/admin/organizations/new").await;
    browser.assert_accessible().await;
    browser.open("/admin/outbox?status=all").await;
    assert!(browser.html().await.contains("verify_email"), "her verification email");
    browser.assert_accessible().await;
    browser.close().await;

    // In Italian (the admin's own language now) and on a phone's width: the desk reads without
    // horizontal scrolling, and every page of the workspace passes axe-core.
    let italian =
        app.request(reqwest::Method::PATCH, "/api/v1/me", Some(&hub), serde_json::json!({"locale": "it"})).await;
    assert_eq!(italian.status, 200, "{}", italian.text);
    let phone = Browser::start(&app.base, "it-IT,it", 375, 740).await;
    phone.open("/login").await;
    phone.fill("#email", ADMIN).await;
    phone.fill("#password", hub_tests::PASSWORD).await;
    phone.click_through("form[action='/login'] button[type='submit']").await;
    phone.open("/admin").await;
    let wide = phone
        .client
        .execute("return document.documentElement.scrollWidth > window.innerWidth;", vec![])
        .await
        .expect("widths");
    assert_eq!(wide, serde_json::json!(false), "the desk fits a phone");
    assert!(phone.html().await.contains("Amministrazione della piattaforma"), "in Italian");
    phone.assert_accessible().await;
    for path in [
        "/admin/users".to_owned(),
        format!("/admin/users/{anna_id}"),
        "/admin/audit".to_owned(),
        "/admin/audit/verification".to_owned(),
        format!("/admin/organizations/{organization}"),
        "/admin/organizations/new".to_owned(),
        "/admin/outbox?status=all".to_owned(),
    ] {
        phone.open(&path).await;
        assert!(phone.html().await.contains("lang=\"it\""), "{path} in Italian");
        phone.assert_accessible().await;
    }
    phone.close().await;
});
