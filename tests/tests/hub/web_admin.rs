//! The admins' workspace: the desk's counts, users found and their roles granted and revoked (the last
//! admin keeps the role, a stale form is refused), organisations registered and their members invited,
//! the audit log filtered and its chain verified (and found broken when an entry is rewritten), dead
//! letters shown with their error and sent again; who may open and post what. Admins made here read
//! English (their accounts' language).

use hub_tests::funnel::{admin, evaluator, manager, verified_proposer};
use hub_tests::smtp::SmtpSink;
use hub_tests::{Backend, TestApp, hub_test};
use serde_json::{Value, json};

const ADMIN: &str = "admin@hub.example";
const ANNA: &str = "anna@aurora.example";

async fn roles_of(app: &TestApp, admin: &str, email: &str) -> Value {
    let found = app.get(&format!("/api/v1/users?q={email}"), Some(admin)).await;
    assert_eq!(found.status, 200, "{}", found.text);
    let user = found.body["items"].as_array().expect("items").iter().find(|u| u["email"] == email).cloned();
    user.unwrap_or_else(|| panic!("{email} in {}", found.text))["roles"].clone()
}

hub_test!(an_admin_finds_a_user_and_grants_and_revokes_roles_as_the_audit_log_records, |app| {
    let hub = admin(&app).await;
    let (_, anna) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let anna_id = anna["id"].as_str().expect("id").to_owned();
    let person = app.signed_in(ADMIN, "it").await;

    // The desk counts accounts per role, each a link to the list behind it.
    let desk = person.get("/admin").await;
    assert_eq!(desk.status, 200, "{}", desk.text);
    assert!(desk.text.contains("Platform administration"), "{}", desk.text);
    assert!(desk.text.contains("href=\"/admin/users?role=proposer\">1<"), "{}", desk.text);

    // Searched by part of the name or address, filtered by role.
    let found = person.get("/admin/users?q=ANNA%40aurora").await;
    assert!(found.text.contains(&format!("href=\"/admin/users/{anna_id}\"")), "{}", found.text);
    assert!(found.text.contains("Aurora Labs S.r.l."), "{}", found.text);
    let admins = person.get("/admin/users?role=admin").await;
    assert!(!admins.text.contains(&anna_id) && admins.text.contains(ADMIN), "{}", admins.text);
    let nobody = person.get("/admin/users?q=zzz_no_such").await;
    assert!(nobody.text.contains("No user matches the filters."), "{}", nobody.text);

    // Granted the evaluator role through the form: the API sees it at once.
    let page = format!("/admin/users/{anna_id}");
    let action = format!("{page}/roles");
    let shown = person.get(&page).await;
    assert!(shown.text.contains("name=\"seen\" value=\"proposer\""), "{}", shown.text);
    let granted =
        person.submit(&page, &action, &[("role", "proposer"), ("role", "evaluator"), ("seen", "proposer")]).await;
    assert_eq!(granted.header("location"), Some(format!("{page}?done=roles").as_str()), "{}", granted.text);
    assert_eq!(roles_of(&app, &hub, ANNA).await, json!(["proposer", "evaluator"]));
    assert!(person.follow(&granted).await.text.contains("Roles updated."));

    // A form read before that change is refused, and the page shows the roles as they are now.
    let stale = person.submit(&page, &action, &[("role", "proposer"), ("seen", "proposer")]).await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert!(stale.text.contains("Another admin changed this user"), "{}", stale.text);
    assert!(stale.text.contains("name=\"seen\" value=\"proposer evaluator\""), "{}", stale.text);
    assert_eq!(roles_of(&app, &hub, ANNA).await, json!(["proposer", "evaluator"]));

    // An unknown role is refused beside the roles.
    let unknown = person.submit(&page, &action, &[("role", "king"), ("seen", "proposer evaluator")]).await;
    assert_eq!(unknown.status, 422, "{}", unknown.text);
    assert!(unknown.text.contains("href=\"#roles\""), "{}", unknown.text);

    // Revoked: every role unchecked leaves none.
    let revoked = person.submit(&page, &action, &[("seen", "proposer evaluator")]).await;
    assert_eq!(revoked.status, 303, "{}", revoked.text);
    assert_eq!(roles_of(&app, &hub, ANNA).await, json!([]));

    // The hub's only admin keeps the role, and the page says so before trying.
    let me = hub_tests::funnel::user_id(&app, &hub).await;
    let mine = format!("/admin/users/{me}");
    assert!(person.get(&mine).await.text.contains("the platform&#39;s only admin"));
    let last = person.submit(&mine, &format!("{mine}/roles"), &[("role", "evaluator"), ("seen", "admin")]).await;
    assert_eq!(last.status, 409, "{}", last.text);
    assert!(last.text.contains("keeps the role"), "{}", last.text);
    assert_eq!(roles_of(&app, &hub, ADMIN).await, json!(["admin"]));

    // The audit log: filtered by action, by actor (address or id) and by object, each entry's before and after.
    let log = person.get("/admin/audit?action=user.roles_changed").await;
    assert_eq!(log.status, 200, "{}", log.text);
    assert_eq!(log.text.matches("<code>user.roles_changed</code>").count(), 2, "{}", log.text);
    assert!(log.text.contains("<dt>after</dt><dd>proposer,evaluator</dd>"), "{}", log.text);
    assert!(log.text.contains("<dt>before</dt><dd>proposer,evaluator</dd>"), "{}", log.text);
    let by_address = person.get(&format!("/admin/audit?actor={ADMIN}&action=user.roles_changed")).await;
    assert_eq!(by_address.text.matches("<code>user.roles_changed</code>").count(), 2, "{}", by_address.text);
    let by_id = person.get(&format!("/admin/audit?actor={me}&target_type=user&target_id={anna_id}")).await;
    assert!(by_id.text.contains("<code>user.roles_changed</code>"), "{}", by_id.text);
    assert!(!by_id.text.contains("<code>user.registered</code>"), "anna registered herself: {}", by_id.text);
    let stranger = person.get("/admin/audit?actor=nobody%40nowhere.example").await;
    assert!(stranger.text.contains("No account has this email address."), "{}", stranger.text);
    assert!(stranger.text.contains("No entry matches the filters."), "{}", stranger.text);
    let future = person.get("/admin/audit?from=2999-01-01").await;
    assert!(future.text.contains("No entry matches the filters."), "{}", future.text);
});

hub_test!(an_admin_registers_an_organisation_and_invites_its_first_member, |app| {
    admin(&app).await;
    let person = app.signed_in(ADMIN, "it").await;
    let form = "/admin/organizations/new";

    // Invalid fields come back beside their inputs, with what was typed.
    let fields =
        [("name", "Comune di Valdora"), ("kind", "startup"), ("tax_code", "01234567890"), ("ipa_code", "c_valdora")];
    let invalid = person.submit(form, "/admin/organizations", &fields).await;
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    assert!(
        invalid.text.contains("id=\"tax_code-error\"") && invalid.text.contains("id=\"ipa_code-error\""),
        "{}",
        invalid.text
    );
    assert!(invalid.text.contains("value=\"Comune di Valdora\""), "{}", invalid.text);

    let fields = [
        ("name", "Comune di Valdora"),
        ("kind", "public_administration"),
        ("tax_code", "80004739258"),
        ("ipa_code", "c_valdora"),
    ];
    let created = person.submit(form, "/admin/organizations", &fields).await;
    assert_eq!(created.status, 303, "{}", created.text);
    let location = created.header("location").expect("location").to_owned();
    let page = location.split('?').next().expect("path").to_owned();
    let shown = person.follow(&created).await;
    assert!(shown.text.contains("Organisation registered.") && shown.text.contains("c_valdora"), "{}", shown.text);
    assert!(shown.text.contains("The organisation has no members yet"), "{}", shown.text);

    // The same IPA code again: refused beside it.
    let fields = [
        ("name", "Altro Comune"),
        ("kind", "public_administration"),
        ("tax_code", "01234567897"),
        ("ipa_code", "C_VALDORA"),
    ];
    let taken = person.submit(form, "/admin/organizations", &fields).await;
    assert_eq!(taken.status, 409, "{}", taken.text);
    assert!(taken.text.contains("This IPA code is already registered"), "{}", taken.text);

    // Found by words of its name or by its IPA code, and by kind.
    for query in ["q=valdora", "q=C_VALD", "kind=public_administration"] {
        let list = person.get(&format!("/admin/organizations?{query}")).await;
        assert!(list.text.contains(&format!("href=\"{page}\"")), "{query}: {}", list.text);
    }
    let startups = person.get("/admin/organizations?kind=startup").await;
    assert!(!startups.text.contains(&format!("href=\"{page}\"")), "{}", startups.text);

    // An invitation: a malformed address is refused beside the field; a good one writes its email.
    let invite = format!("{page}/invitations");
    let bad = person.submit(&page, &invite, &[("email", "not an address"), ("locale", "it")]).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("href=\"#email\"") && bad.text.contains("value=\"not an address\""), "{}", bad.text);
    let sent = person.submit(&page, &invite, &[("email", "Sindaco@Valdora.example"), ("locale", "it")]).await;
    assert_eq!(sent.header("location"), Some(format!("{page}?done=invited").as_str()), "{}", sent.text);
    assert!(person.follow(&sent).await.text.contains("Invitation sent."));
    let mail = app.mail_to("sindaco@valdora.example").await;
    assert!(mail.body.contains("Comune di Valdora"), "{}", mail.body);

    // The member who accepts appears on the page, with their roles.
    let token = mail.token();
    let body = json!({"email": "sindaco@valdora.example", "password": hub_tests::PASSWORD, "display_name": "Sindaca Rossi", "invitation_token": token});
    let joined = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    let members = person.get(&page).await;
    assert!(members.text.contains("Sindaca Rossi"), "{}", members.text);
    let filtered = person.get(&format!("/admin/users?organization={}", page.rsplit('/').next().expect("id"))).await;
    assert!(
        filtered.text.contains("Sindaca Rossi") && filtered.text.contains("Only the members of Comune di Valdora"),
        "{}",
        filtered.text
    );
});

hub_test!(the_chain_verification_reports_intact_then_names_the_rewritten_entry, |app| {
    admin(&app).await;
    verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let person = app.signed_in(ADMIN, "it").await;
    let intact = person.get("/admin/audit/verification").await;
    assert_eq!(intact.status, 200, "{}", intact.text);
    assert!(intact.text.contains("The log is intact") && intact.text.contains("alert-success"), "{}", intact.text);
    let api = app.get("/api/v1/audit/verification", Some(&app.token(ADMIN).await)).await;
    assert_eq!(api.status, 200, "{}", api.text);
    assert_eq!(api.body["status"], "intact", "{}", api.text);
    let entries = api.body["entries"].as_u64().expect("entries");
    assert!(entries >= 3, "{}", api.text);

    // An entry rewritten behind the hub's back (its triggers lifted, as an intruder with the database would).
    let seq = 2;
    let mut intruder = crate::audit::Intruder::open(&app);
    intruder.drop_triggers();
    intruder.tamper(&format!("UPDATE audit_log SET details = '{{\"forged\":\"yes\"}}' WHERE seq = {seq}"));
    let broken = person.get("/admin/audit/verification").await;
    assert!(broken.text.contains("The log is NOT intact: verification stops at entry no. 2."), "{}", broken.text);
    assert!(broken.text.contains("the entry was rewritten") && broken.text.contains("alert-danger"), "{}", broken.text);
    let api = app.get("/api/v1/audit/verification", Some(&app.token(ADMIN).await)).await;
    assert_eq!(
        (api.body["status"].clone(), api.body["broken_at"].clone()),
        (json!("broken"), json!(2)),
        "{}",
        api.text
    );
    assert_eq!(api.body["reason"], "mac_mismatch", "{}", api.text);
});

hub_test!(only_admins_enter_and_every_form_wants_its_token, |app| {
    admin(&app).await;
    manager(&app).await;
    let (_, anna) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let anna_id = anna["id"].as_str().expect("id").to_owned();
    let org = anna["organization_id"].as_str().expect("organisation").to_owned();
    evaluator(&app, "elena@valdora.example", None).await;
    let pages = [
        "/admin".to_owned(),
        "/admin/users".to_owned(),
        format!("/admin/users/{anna_id}"),
        "/admin/organizations".to_owned(),
        "/admin/organizations/new".to_owned(),
        format!("/admin/organizations/{org}"),
        "/admin/audit".to_owned(),
        "/admin/audit/verification".to_owned(),
        "/admin/outbox".to_owned(),
    ];
    let others = [
        ("proposer", app.signed_in(ANNA, "it").await),
        ("evaluator", app.signed_in("elena@valdora.example", "en").await),
        ("hub manager", app.signed_in(hub_tests::funnel::MANAGER, "en").await),
    ];
    for path in &pages {
        for (who, visitor) in &others {
            let answer = visitor.get(path).await;
            assert_eq!(answer.status, 403, "{who} on {path}: {}", answer.text);
            assert!(answer.text.contains("data-error=\"403\""), "an error page: {}", answer.text);
        }
        let anonymous = app.visitor("it").get(path).await;
        assert_eq!(anonymous.status, 303, "{path}");
        assert!(anonymous.header("location").is_some_and(|l| l.starts_with("/login")), "{path}");
    }
    let person = app.signed_in(ADMIN, "it").await;
    for path in &pages {
        assert_eq!(person.get(path).await.status, 200, "admin on {path}");
    }
    for missing in [
        "/admin/users/0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
        "/admin/organizations/0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    ] {
        assert_eq!(person.get(missing).await.status, 404, "{missing}");
    }

    // Every form: refused without the token, with another visitor's token, and to anyone but an admin.
    let posts = [
        (format!("/admin/users/{anna_id}/roles"), vec![("role", "admin"), ("seen", "proposer")]),
        (
            "/admin/organizations".to_owned(),
            vec![("name", "Intrusa S.r.l."), ("kind", "startup"), ("tax_code", "01234567897")],
        ),
        (format!("/admin/organizations/{org}/invitations"), vec![("email", "intruso@example.org")]),
        ("/admin/outbox/0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9/retry".to_owned(), vec![]),
    ];
    let (_, anna_pages) = &others[0];
    let token = hub_tests::pages::csrf_token(&anna_pages.get("/account").await.text, "/logout");
    for (action, fields) in &posts {
        let forged = person.post(action, fields).await;
        assert_eq!(forged.status, 403, "{action}: {}", forged.text);
        let mut stolen: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        stolen.extend_from_slice(fields);
        assert_eq!(person.post(action, &stolen).await.status, 403, "{action} with another's token");
        let mut own: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        own.extend_from_slice(fields);
        assert_eq!(anna_pages.post(action, &own).await.status, 403, "{action} by a proposer with her token");
    }
    let hub = app.token(ADMIN).await;
    assert_eq!(roles_of(&app, &hub, ANNA).await, json!(["proposer"]));
    let intruders = app.get("/api/v1/organizations?q=Intrusa", Some(&hub)).await;
    assert_eq!(intruders.body["items"], json!([]), "{}", intruders.text);
});

/// Dead letters: shown with their last error; sent again from the page and through the API once the
/// relay is back; a message not dead is not sent again.
mod dead_letters_are_shown_with_their_error_and_sent_again {
    use super::*;

    async fn scenario(backend: Backend) {
        if !SmtpSink::available() {
            return;
        }
        let mut relay = SmtpSink::start();
        relay.stop();
        let app =
            TestApp::spawn_with(backend, &[("HUB_SMTP_URL", &relay.url()), ("HUB_OUTBOX_MAX_ATTEMPTS", "1")]).await;
        let hub = admin(&app).await;
        for (email, tax_code) in [("lost@aurora.example", "04817250931"), ("gone@nuvola.example", "07390162480")] {
            app.register(email, "Aurora Labs S.r.l.", tax_code).await;
        }
        let dead = wait_dead(&app, 2).await;
        let person = app.signed_in(ADMIN, "it").await;

        // Listed by default with their last error, each with its button; the desk calls them out.
        let page = person.get("/admin/outbox").await;
        assert_eq!(page.status, 200, "{}", page.text);
        for (id, _) in &dead {
            assert!(page.text.contains(&format!("action=\"/admin/outbox/{id}/retry\"")), "{}", page.text);
        }
        assert!(page.text.contains("lost@aurora.example") && page.text.contains("verify_email"), "{}", page.text);
        assert!(page.text.contains(&html_escape(&dead[0].1)), "the last error is shown: {}", page.text);
        let desk = person.get("/admin").await;
        assert!(desk.text.contains("2 emails were not delivered"), "{}", desk.text);

        // The relay is back: one sent again from the page, the other through the API.
        relay.resume();
        let (first, second) = (dead[0].0.clone(), dead[1].0.clone());
        let retried = person.submit("/admin/outbox", &format!("/admin/outbox/{first}/retry"), &[]).await;
        assert_eq!(retried.header("location"), Some("/admin/outbox?status=dead&done=retried"), "{}", retried.text);
        let api = app.post(&format!("/api/v1/admin/outbox/{second}/retry"), Some(&hub), json!({})).await;
        assert_eq!(api.status, 200, "{}", api.text);
        assert_eq!(
            (api.body["status"].clone(), api.body["attempts"].clone()),
            (json!("pending"), json!(0)),
            "{}",
            api.text
        );
        for to in ["lost@aurora.example", "gone@nuvola.example"] {
            assert_eq!(relay.wait_for(to, 1).await.len(), 1, "{to} got the verification email");
        }
        let sent = wait_status(&app, "sent", 2).await;
        assert_eq!(sent.len(), 2, "both delivered: {sent:?}");

        // Not dead any more: refused on the page and through the API; an unknown id is not found.
        let listed = person.get("/admin/outbox?status=all").await;
        assert!(!listed.text.contains(&format!("/admin/outbox/{first}/retry")), "no button once sent: {}", listed.text);
        let token = hub_tests::pages::csrf_token(&listed.text, "/logout");
        let again = person.post(&format!("/admin/outbox/{first}/retry"), &[("csrf", &token)]).await;
        assert_eq!(again.status, 409, "{}", again.text);
        assert!(again.text.contains("this one is waiting or delivered"), "{}", again.text);
        app.post(&format!("/api/v1/admin/outbox/{second}/retry"), Some(&hub), json!({}))
            .await
            .assert_problem(409, "not_dead");
        app.post("/api/v1/admin/outbox/0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9/retry", Some(&hub), json!({}))
            .await
            .assert_problem(404, "not_found");
        let user = app.token("lost@aurora.example").await;
        app.post(&format!("/api/v1/admin/outbox/{second}/retry"), Some(&user), json!({}))
            .await
            .assert_problem(403, "forbidden");

        // Each retry is in the audit log, by the admin who asked.
        let log = person.get("/admin/audit?action=outbox.retried").await;
        assert_eq!(log.text.matches("<code>outbox.retried</code>").count(), 2, "{}", log.text);
    }

    /// The text as the page escapes it.
    fn html_escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    }

    async fn wait_status(app: &TestApp, status: &str, count: usize) -> Vec<(String, String)> {
        let hub = app.token(ADMIN).await;
        for _ in 0..200 {
            let listed = app.get(&format!("/api/v1/admin/outbox?status={status}"), Some(&hub)).await;
            let items = listed.body["items"].as_array().cloned().unwrap_or_default();
            if items.len() >= count {
                return items
                    .iter()
                    .map(|m| {
                        let error = m["last_error"].as_str().unwrap_or_default().to_owned();
                        (m["id"].as_str().expect("id").to_owned(), error)
                    })
                    .collect();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{count} messages {status} within 20 s");
    }

    async fn wait_dead(app: &TestApp, count: usize) -> Vec<(String, String)> {
        wait_status(app, "dead", count).await
    }

    hub_tests::backend_tests!(|backend| scenario(backend).await);
}
