//! The account pages: register, verify, passwords, invitations, profile, personal data, tokens.

use hub_tests::hub_test;

/// The path of the hub's page that a mail's link points to, found in the mail's text.
fn link_path(body: &str, page: &str) -> String {
    let start = body.find(&format!("{page}?token=")).expect("a link to the page");
    body[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .next()
        .expect("a link")
        .to_owned()
}

const REGISTRATION: [(&str, &str); 8] = [
    ("org_name", "Nuvola Verde S.r.l."),
    ("kind", "startup"),
    ("tax_code", "04987650753"),
    ("ipa_code", ""),
    ("display_name", "Giulia Bianchi"),
    ("email", "giulia@nuvolaverde.example"),
    ("password", "correct horse battery staple"),
    ("locale", "it"),
];

hub_test!(registering_verifying_and_logging_in_through_the_pages, |app| {
    let visitor = app.visitor("it");
    let form = visitor.get("/register").await;
    assert_eq!((form.status, form.header("content-language")), (200, Some("it")), "{}", form.text);
    assert!(form.text.contains("Registri la sua organizzazione") && form.text.contains("<legend>"));
    let english = app.visitor("en").get("/register").await;
    assert_eq!(english.header("content-language"), Some("en"));
    assert!(english.text.contains("Register your organisation"));

    let sent = visitor.submit("/register", "/register", &REGISTRATION).await;
    assert_eq!((sent.status, sent.header("location")), (303, Some("/register/sent")), "{}", sent.text);
    let page = visitor.follow(&sent).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Controlli la sua casella di posta"));

    // The same answer for an address that has an account already (its owner is told by mail).
    let again = app.visitor("it").submit("/register", "/register", &REGISTRATION).await;
    assert_eq!((again.status, again.header("location")), (303, Some("/register/sent")), "{}", again.text);

    // Opening the mail's link changes nothing (mail scanners follow links); its button verifies.
    let mails = app.mails_to("giulia@nuvolaverde.example", 2).await;
    let mail = mails.iter().find(|m| m.body.contains("/verify-email?token=")).expect("the verification mail");
    let link = link_path(&mail.body, "/verify-email");
    let opened = visitor.get(&link).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    assert!(
        opened.text.contains("Confermi il suo indirizzo email") && opened.text.contains("action=\"/verify-email\"")
    );
    // The form's hidden field carries the link's token (a browser sends it; the test client sends what it is given).
    let token = link.split("token=").nth(1).expect("a token");
    assert!(opened.text.contains(&format!("name=\"token\" value=\"{token}\"")), "{}", opened.text);
    let verified = visitor.submit(&link, "/verify-email", &[("token", token)]).await;
    assert_eq!(verified.status, 200, "{}", verified.text);
    assert!(verified.text.contains("Indirizzo confermato"), "{}", verified.text);
    // The token is single-use.
    let twice = visitor.submit(&link, "/verify-email", &[("token", token)]).await;
    assert_eq!(twice.status, 422);
    assert!(twice.text.contains("Collegamento non valido"));
    let unknown = visitor.submit("/verify-email?token=nope", "/verify-email", &[("token", "nope")]).await;
    assert_eq!(unknown.status, 422);

    let fields = [("email", "giulia@nuvolaverde.example"), ("password", "correct horse battery staple")];
    let login = visitor.submit("/login", "/login", &fields).await;
    assert_eq!(login.status, 303, "{}", login.text);
    let home = visitor.get("/").await;
    assert!(home.text.contains("Giulia Bianchi"), "{}", home.text);
});

hub_test!(invalid_registration_fields_are_shown_next_to_them_and_kept, |app| {
    let visitor = app.visitor("it");
    let mut fields = REGISTRATION;
    fields[2] = ("tax_code", "04987650754");
    fields[5] = ("email", "not an address");
    fields[6] = ("password", "short secret");
    let invalid = visitor.submit("/register", "/register", &fields).await;
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    let html = &invalid.text;
    assert!(
        html.contains("id=\"form-error\"") && html.contains("href=\"#tax_code\"") && html.contains("href=\"#email\"")
    );
    assert!(html.contains("id=\"tax_code-error\"") && html.contains("aria-invalid=\"true\""), "{html}");
    assert!(html.contains("Il codice fiscale o la partita IVA non è valido"), "{html}");
    assert!(html.contains("value=\"Nuvola Verde S.r.l.\"") && html.contains("value=\"not an address\""));
    assert!(!html.contains("short secret"), "the password is never echoed");
});

hub_test!(account_forms_refuse_a_post_without_its_token, |app| {
    let visitor = app.visitor("it");
    visitor.get("/register").await;
    let fields: Vec<(&str, &str)> = REGISTRATION.to_vec();
    let refused = visitor.post("/register", &fields).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let refused = visitor.post("/verify-email", &[("token", "x")]).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
});
