//! The signed-in person's own pages: the account (name, language, password, a new verification
//! link), their data (download, erasure) and their personal access tokens.

use hub_tests::funnel::verified_proposer;
use hub_tests::hub_test;

const EMAIL: &str = "giulia@nuvolaverde.example";

hub_test!(the_account_pages_ask_to_sign_in_first, |app| {
    let visitor = app.visitor("it");
    for page in ["/account", "/account/data", "/account/data/export", "/account/tokens"] {
        let answer = visitor.get(page).await;
        let back = format!("/login?next={}", page.replace('/', "%2F"));
        assert_eq!((answer.status, answer.header("location")), (303, Some(back.as_str())), "{page}");
    }
});

hub_test!(the_profile_changes_the_name_and_the_language_of_the_pages, |app| {
    verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let person = app.signed_in(EMAIL, "it").await;
    let page = person.get("/account").await;
    assert_eq!(page.status, 200, "{}", page.text);
    for shown in [EMAIL, "Nuvola Verde S.r.l.", "titolare", "Proponente", "Il mio account"] {
        assert!(page.text.contains(shown), "{shown}: {}", page.text);
    }
    let empty = person.submit("/account", "/account/profile", &[("display_name", "  "), ("locale", "it")]).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    assert!(empty.text.contains("id=\"display_name-error\"") && empty.text.contains("Questo campo è obbligatorio"));

    let saved = person.submit("/account", "/account/profile", &[("display_name", "Giulia B."), ("locale", "en")]).await;
    assert_eq!((saved.status, saved.header("location")), (303, Some("/account?done=profile")), "{}", saved.text);
    let page = person.follow(&saved).await;
    assert_eq!(page.header("content-language"), Some("en"));
    assert!(page.text.contains("Profile saved.") && page.text.contains("Logged in as Giulia B."), "{}", page.text);
    assert_eq!(app.account(EMAIL).await["locale"], "en", "the emails follow too");
});

hub_test!(changing_the_password_keeps_this_session_and_ends_the_others, |app| {
    verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let person = app.signed_in(EMAIL, "it").await;
    let elsewhere = app.signed_in(EMAIL, "it").await;
    let new = "una nuova password lunga";
    let wrong = person
        .submit("/account", "/account/password", &[("current_password", "not mine at all"), ("new_password", new)])
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert!(wrong.text.contains("La password attuale non è corretta."), "{}", wrong.text);
    let fields = [("current_password", hub_tests::PASSWORD), ("new_password", new)];
    let changed = person.submit("/account", "/account/password", &fields).await;
    assert_eq!((changed.status, changed.header("location")), (303, Some("/account?done=password")), "{}", changed.text);
    assert!(person.follow(&changed).await.text.contains("Password cambiata."));
    assert_eq!(elsewhere.get("/account").await.status, 303, "the other session ended");
    app.token_with(EMAIL, new).await;
    let mails = app.mails_to(EMAIL, 2).await;
    assert!(mails.iter().any(|m| m.body.contains("/forgot-password")), "the password-changed mail");
});

hub_test!(an_unverified_address_asks_for_a_new_link_from_the_account_page, |app| {
    app.register(EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let person = app.signed_in(EMAIL, "it").await;
    let page = person.get("/account").await;
    assert!(page.text.contains("non è ancora confermato") && page.text.contains("action=\"/account/verification\""));
    let asked = person.submit("/account", "/account/verification", &[]).await;
    assert_eq!((asked.status, asked.header("location")), (303, Some("/account?done=verification")), "{}", asked.text);
    let mails = app.mails_to(EMAIL, 2).await;
    assert_eq!(mails.iter().filter(|m| m.body.contains("/verify-email?token=")).count(), 2, "a second link");
});

hub_test!(my_data_downloads_as_json_and_the_account_is_erased_only_once_confirmed, |app| {
    verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let person = app.signed_in(EMAIL, "it").await;
    let page = person.get("/account/data").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("GDPR") && page.text.contains("href=\"/account/data/export\""));
    let export = person.get("/account/data/export").await;
    assert_eq!(export.status, 200);
    assert!(export.header("content-disposition").is_some_and(|d| d.starts_with("attachment")));
    assert_eq!(export.body["account"]["email"], EMAIL, "{}", export.text);

    let unconfirmed = person.submit("/account/data", "/account/erase", &[]).await;
    assert_eq!(unconfirmed.status, 422, "{}", unconfirmed.text);
    assert!(unconfirmed.text.contains("id=\"confirm-error\""), "{}", unconfirmed.text);
    assert_eq!(person.get("/account").await.status, 200, "nothing erased");

    let erased = person.submit("/account/data", "/account/erase", &[("confirm", "yes")]).await;
    assert_eq!((erased.status, erased.header("location")), (303, Some("/?erased=1")), "{}", erased.text);
    assert!(person.follow(&erased).await.text.contains("Il suo account è stato cancellato"));
    assert_eq!(person.get("/account").await.status, 303, "signed out");
    let login = app
        .post("/api/v1/auth/login", None, serde_json::json!({"email": EMAIL, "password": hub_tests::PASSWORD}))
        .await;
    assert_eq!(login.status, 401);
});

hub_test!(a_personal_access_token_is_shown_once_works_and_is_revoked_from_the_page, |app| {
    verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let person = app.signed_in(EMAIL, "it").await;
    let page = person.get("/account/tokens").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Non ha ancora creato token."), "{}", page.text);

    let no_scope = person.submit("/account/tokens", "/account/tokens", &[("name", "Script"), ("days", "30")]).await;
    assert_eq!(no_scope.status, 422, "{}", no_scope.text);
    assert!(no_scope.text.contains("id=\"scopes-error\"") && no_scope.text.contains("value=\"Script\""));
    let not_days = [("name", "Script"), ("scopes", "proposals:read"), ("days", "tanti")];
    let invalid = person.submit("/account/tokens", "/account/tokens", &not_days).await;
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    assert!(invalid.text.contains("id=\"days-error\"") && invalid.text.contains("checked"), "{}", invalid.text);

    let fields =
        [("name", "Script di valutazione"), ("scopes", "proposals:read"), ("scopes", "reviews:read"), ("days", "30")];
    let created = person.submit("/account/tokens", "/account/tokens", &fields).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let secret = created.text.split("class=\"secret\">").nth(1).and_then(|s| s.split('<').next()).expect("the secret");
    assert!(secret.starts_with("hubpat_"), "{secret}");
    let me = app.get("/api/v1/me", Some(secret)).await;
    assert_eq!(me.status, 200, "the token works: {}", me.text);
    let listed = person.get("/account/tokens").await;
    assert!(!listed.text.contains(secret), "the secret is shown once");
    assert!(listed.text.contains("Script di valutazione") && listed.text.contains("Attivo"), "{}", listed.text);
    assert!(listed.text.contains("Leggere le proposte, Leggere le valutazioni"), "{}", listed.text);

    // Another person cannot revoke it (a 404 page); its owner can.
    let id = listed.text.split("action=\"/account/tokens/").nth(1).and_then(|s| s.split('/').next()).expect("an id");
    verified_proposer(&app, "marco@altro.example", "Altro S.r.l.", "07390162480").await;
    let other = app.signed_in("marco@altro.example", "it").await;
    let own = other.get("/account/tokens").await;
    let csrf = hub_tests::pages::csrf_token(&own.text, "/account/tokens");
    let refused = other.post(&format!("/account/tokens/{id}/revoke"), &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, 404, "{}", refused.text);
    assert_eq!(app.get("/api/v1/me", Some(secret)).await.status, 200);
    let revoked = person.submit("/account/tokens", &format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!((revoked.status, revoked.header("location")), (303, Some("/account/tokens?done=revoked")));
    let after = person.follow(&revoked).await;
    assert!(after.text.contains("Revocato") && after.text.contains("non funziona più"), "{}", after.text);
    assert_eq!(app.get("/api/v1/me", Some(secret)).await.status, 401);
});

hub_test!(the_owner_invites_a_colleague_from_the_account_page_and_only_the_owner_may, |app| {
    verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let owner = app.signed_in(EMAIL, "it").await;
    assert!(owner.get("/account").await.text.contains("action=\"/account/invitations\""), "the owner sees the form");

    // A malformed address is refused beside the field, with what was typed.
    let bad =
        owner.submit("/account", "/account/invitations", &[("invite_email", "luca@"), ("invite_locale", "it")]).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("id=\"invite_email-error\"") && bad.text.contains("value=\"luca@\""), "{}", bad.text);

    let sent = owner
        .submit(
            "/account",
            "/account/invitations",
            &[("invite_email", "luca@nuvolaverde.example"), ("invite_locale", "en")],
        )
        .await;
    assert_eq!(sent.header("location"), Some("/account?done=invited"), "{}", sent.text);
    assert!(owner.follow(&sent).await.text.contains("Invito inviato."));
    let mail = app.mail_to("luca@nuvolaverde.example").await;
    assert!(mail.body.contains("Nuvola Verde S.r.l."), "{}", mail.body);

    // The colleague joins; not the owner, he sees no form, and a post of his own is refused.
    let body = serde_json::json!({"email": "luca@nuvolaverde.example", "password": hub_tests::PASSWORD,
        "display_name": "Luca Ferri", "invitation_token": mail.token()});
    assert_eq!(app.post("/api/v1/auth/register", None, body).await.status, 201);
    let colleague = app.signed_in("luca@nuvolaverde.example", "it").await;
    let page = colleague.get("/account").await;
    assert!(!page.text.contains("action=\"/account/invitations\""), "{}", page.text);
    let token = hub_tests::pages::csrf_token(&page.text, "/account/profile");
    let refused = colleague
        .post("/account/invitations", &[("csrf", &token), ("invite_email", "altro@nuvolaverde.example")])
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert!(refused.text.contains("Può invitare solo il titolare"), "{}", refused.text);
    // Without the form's token, nothing is sent.
    let forged = owner.post("/account/invitations", &[("invite_email", "terzo@nuvolaverde.example")]).await;
    assert_eq!(forged.status, 403, "{}", forged.text);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let outbox = app.store.outbox_list(None, &domain::PageRequest { after: None, limit: 100 }).expect("outbox");
    let recipients: Vec<&str> = outbox.items.iter().map(|m| m.mail.to.as_str()).collect();
    assert!(!recipients.contains(&"altro@nuvolaverde.example") && !recipients.contains(&"terzo@nuvolaverde.example"));
});
