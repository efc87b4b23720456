//! The credential pages: a forgotten password (ask, the mail's link, a new password that ends every
//! session) and an invitation (the mail's link, joining, signed in at once).

use hub_tests::funnel::verified_proposer;
use hub_tests::hub_test;
use serde_json::json;

/// The path and query of the link to `page` in a mail's text.
fn link_path(body: &str, page: &str) -> String {
    let start = body.find(&format!("{page}?token=")).unwrap_or_else(|| panic!("a link to {page} in {body}"));
    body[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .next()
        .expect("a link")
        .to_owned()
}

const EMAIL: &str = "giulia@nuvolaverde.example";
const NEW_PASSWORD: &str = "una nuova password lunga";

hub_test!(a_forgotten_password_is_reset_from_the_mails_link_and_every_session_ends, |app| {
    verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let elsewhere = app.signed_in(EMAIL, "it").await;
    assert_eq!(elsewhere.get("/account").await.status, 200);

    let visitor = app.visitor("it");
    let form = visitor.get("/forgot-password").await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("Reimposti la password"), "{}", form.text);
    let invalid = visitor.submit("/forgot-password", "/forgot-password", &[("email", "not an address")]).await;
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    assert!(invalid.text.contains("id=\"email-error\"") && invalid.text.contains("value=\"not an address\""));
    // The same answer for an address without an account.
    let unknown = visitor.submit("/forgot-password", "/forgot-password", &[("email", "nobody@example.org")]).await;
    assert_eq!((unknown.status, unknown.header("location")), (303, Some("/forgot-password?sent=1")));
    let asked = visitor.submit("/forgot-password", "/forgot-password", &[("email", EMAIL)]).await;
    assert_eq!((asked.status, asked.header("location")), (303, Some("/forgot-password?sent=1")));
    assert!(visitor.follow(&asked).await.text.contains("riceverà a breve"));

    let mails = app.mails_to(EMAIL, 2).await;
    let mail = mails.iter().find(|m| m.body.contains("/reset-password?token=")).expect("the reset mail");
    let link = link_path(&mail.body, "/reset-password");
    let token = link.split("token=").nth(1).expect("a token").to_owned();
    // Opening the link spends nothing; a password the policy refuses keeps the link usable.
    let opened = visitor.get(&link).await;
    assert_eq!(opened.status, 200);
    assert!(opened.text.contains(&format!("name=\"token\" value=\"{token}\"")), "{}", opened.text);
    let short = visitor.submit(&link, "/reset-password", &[("token", &token), ("new_password", "short")]).await;
    assert_eq!(short.status, 422, "{}", short.text);
    assert!(short.text.contains("id=\"new_password-error\"") && short.text.contains("troppo corto"), "{}", short.text);
    let done = visitor.submit(&link, "/reset-password", &[("token", &token), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert!(done.text.contains("Password cambiata"), "{}", done.text);

    // The other browser's session ended; the new password logs in; the link is spent.
    let gone = elsewhere.get("/account").await;
    assert_eq!((gone.status, gone.header("location")), (303, Some("/login?next=%2Faccount")), "{}", gone.text);
    app.token_with(EMAIL, NEW_PASSWORD).await;
    let again = visitor.submit(&link, "/reset-password", &[("token", &token), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!(again.status, 422);
    assert!(again.text.contains("Collegamento non valido"), "{}", again.text);
});

hub_test!(an_invitation_is_accepted_from_the_mails_link_and_the_new_member_is_signed_in, |app| {
    let (owner, user) = verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let org = user["organization_id"].as_str().expect("organisation");
    let invited = "luca@nuvolaverde.example";
    let sent = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            Some(&owner),
            json!({"email": invited, "locale": "en"}),
        )
        .await;
    assert_eq!(sent.status, 201, "{}", sent.text);
    let mail = app.mail_to(invited).await;
    let link = link_path(&mail.body, "/accept-invitation");
    let token = link.split("token=").nth(1).expect("a token").to_owned();

    let visitor = app.visitor("en");
    let page = visitor.get(&link).await;
    assert_eq!((page.status, page.header("content-language")), (200, Some("en")), "{}", page.text);
    assert!(page.text.contains("Nuvola Verde S.r.l.") && page.text.contains(invited), "{}", page.text);
    let short = [("token", token.as_str()), ("display_name", "Luca Ferri"), ("password", "short"), ("locale", "en")];
    let invalid = visitor.submit(&link, "/accept-invitation", &short).await;
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    assert!(invalid.text.contains("id=\"password-error\"") && invalid.text.contains("value=\"Luca Ferri\""));
    let mut good = short;
    good[2] = ("password", hub_tests::PASSWORD);
    let joined = visitor.submit(&link, "/accept-invitation", &good).await;
    assert_eq!((joined.status, joined.header("location")), (303, Some("/account?done=joined")), "{}", joined.text);
    let account = visitor.follow(&joined).await;
    assert_eq!(account.status, 200, "{}", account.text);
    assert!(
        account.text.contains("Welcome to Nuvola Verde S.r.l.") && account.text.contains(invited),
        "{}",
        account.text
    );
    assert!(!account.text.contains("action=\"/account/verification\""), "the invitation verified the address");

    // The link is spent; an unknown one says so.
    let spent = app.visitor("it").get(&link).await;
    assert_eq!(spent.status, 404);
    assert!(spent.text.contains("invito non è valido"), "{}", spent.text);
    let unknown = app.visitor("it").get("/accept-invitation?token=nope").await;
    assert_eq!(unknown.status, 404);
    assert!(!unknown.text.contains("action=\"/accept-invitation\""), "no form for a dead link");
});

hub_test!(every_credential_and_account_form_refuses_a_post_without_its_token, |app| {
    verified_proposer(&app, EMAIL, "Nuvola Verde S.r.l.", "04817250931").await;
    let anonymous = app.visitor("it");
    anonymous.get("/forgot-password").await;
    for action in ["/forgot-password", "/reset-password", "/accept-invitation"] {
        let refused = anonymous.post(action, &[("email", EMAIL), ("token", "x"), ("new_password", NEW_PASSWORD)]).await;
        assert_eq!(refused.status, 403, "{action}: {}", refused.text);
    }
    let person = app.signed_in(EMAIL, "it").await;
    for action in [
        "/account/profile",
        "/account/password",
        "/account/verification",
        "/account/erase",
        "/account/tokens",
        "/account/tokens/x/revoke",
    ] {
        let refused = person.post(action, &[("display_name", "X"), ("confirm", "yes"), ("name", "x")]).await;
        assert_eq!(refused.status, 403, "{action}: {}", refused.text);
        assert!(refused.text.contains("Modulo scaduto"), "{action}: {}", refused.text);
    }
    // Nothing changed: the account is still there, with its name.
    let account = person.get("/account").await;
    assert!(account.text.contains("Test User"), "{}", account.text);
});
