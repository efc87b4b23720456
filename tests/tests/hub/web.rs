//! The pages' frame: language, session, CSRF, error pages and assets, over HTTP as a browser speaks it
//! (the journeys in a real browser are in `browser`).

use hub_tests::hub_test;
use hub_tests::pages::csrf_token;

hub_test!(the_home_page_is_italian_first_and_english_on_request, |app| {
    let italian = app.visitor("").get("/").await;
    assert_eq!(italian.status, 200, "{}", italian.text);
    assert_eq!(italian.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(italian.header("content-language"), Some("it"));
    assert!(
        italian.text.contains("<html lang=\"it\">") && italian.text.contains("I quattro pilastri della valutazione")
    );
    // The open challenges the store lists (the permanent open call) and the four pillars.
    assert!(italian.text.contains("href=\"/challenges/open-call\""), "{}", italian.text);
    assert!(italian.text.contains("Sicurezza e sovranità"));
    // The live numbers are the store's.
    let store = app.store.clone();
    let figures = tokio::task::spawn_blocking(move || store.figures()).await.expect("join").expect("figures");
    assert!(figures.open_challenges >= 1 && figures.organizations >= 1, "{figures:?}");
    for (label, n) in [("Sfide aperte", figures.open_challenges), ("Organizzazioni registrate", figures.organizations)]
    {
        assert!(italian.text.contains(&format!("<dt>{label}</dt><dd>{n}</dd>")), "{label} {n}");
    }
    let csp = italian.header("content-security-policy").expect("a policy");
    assert!(csp.contains("default-src 'none'") && csp.contains("style-src 'self'") && !csp.contains("unsafe"), "{csp}");
    let english = app.visitor("en-GB,en;q=0.9").get("/").await;
    assert_eq!(english.header("content-language"), Some("en"));
    assert!(english.text.contains("<html lang=\"en\">") && english.text.contains("The four pillars of evaluation"));
    // Nothing the page loads comes from elsewhere.
    for attribute in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!italian.text.contains(attribute), "{attribute} in the home page");
    }
});

hub_test!(assets_have_hashed_names_and_a_long_life, |app| {
    let home = app.visitor("").get("/").await;
    let css = home
        .text
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a CSS link");
    assert!(
        css.starts_with("/assets/hub.") && css.ends_with(".css") && css.len() > "/assets/hub..css".len() + 8,
        "{css}"
    );
    let sheet = app.visitor("").get(css).await;
    assert_eq!(sheet.status, 200);
    assert_eq!(sheet.header("content-type"), Some("text/css"));
    assert_eq!(sheet.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert!(sheet.text.contains(":focus-visible"));
    let unknown = app.visitor("").get("/assets/hub.000000000000.css").await;
    assert_eq!(unknown.status, 404);
});

hub_test!(logging_in_and_out_through_the_pages, |app| {
    app.user_with_roles("giulia@hub.example", &[domain::Role::Proposer], None).await;
    let visitor = app.visitor("it");
    let wrong =
        visitor.submit("/login", "/login", &[("email", "giulia@hub.example"), ("password", "not the password")]).await;
    assert_eq!(wrong.status, 401);
    assert!(
        wrong.text.contains("Indirizzo email o password non corretti.")
            && wrong.text.contains("value=\"giulia@hub.example\"")
    );
    let fields = [("email", "giulia@hub.example"), ("password", hub_tests::PASSWORD), ("next", "/privacy")];
    let ok = visitor.submit("/login", "/login", &fields).await;
    assert_eq!((ok.status, ok.header("location")), (303, Some("/privacy")), "{}", ok.text);
    let cookie = ok.header("set-cookie").expect("a session cookie").to_owned();
    assert!(
        cookie.starts_with("hub_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not over plain HTTP: {cookie}");
    // The person's own language (English, as provisioned) wins over the browser's.
    let home = visitor.get("/").await;
    assert!(
        home.text.contains("Logged in as Staff Member") && home.text.contains("<html lang=\"en\">"),
        "{}",
        home.text
    );
    // Logging out ends the hub session: the same cookie, sent again, is nobody's.
    let logout = visitor.submit("/", "/logout", &[]).await;
    assert_eq!((logout.status, logout.header("location")), (303, Some("/?logged-out=1")));
    let session = cookie.split(';').next().expect("name=value").to_owned();
    let replayed = app.client.get(format!("{}/", app.base)).header("cookie", session).send().await.expect("GET");
    let replayed = hub_tests::TestApp::answer(replayed).await;
    assert!(!replayed.text.contains("Staff Member"), "an ended session signs nobody in");
    assert!(
        replayed.header("set-cookie").is_some_and(|c| c.starts_with("hub_session=;")),
        "the stale cookie is cleared"
    );
});

hub_test!(a_form_without_its_sessions_token_is_refused, |app| {
    app.user_with_roles("giulia@hub.example", &[domain::Role::Proposer], None).await;
    let fields = [("email", "giulia@hub.example"), ("password", hub_tests::PASSWORD)];
    let visitor = app.visitor("it");
    let shown = visitor.get("/login").await;
    let token = csrf_token(&shown.text, "/login");
    for (why, csrf) in [("missing", None), ("garbage", Some("garbage")), ("empty", Some(""))] {
        let mut all = fields.to_vec();
        if let Some(csrf) = csrf {
            all.push(("csrf", csrf));
        }
        let refused = visitor.post("/login", &all).await;
        assert_eq!(refused.status, 403, "{why}: {}", refused.text);
        // An expired form is said as such, not as a missing permission.
        assert!(refused.text.contains("<h1 data-error=\"403\">Modulo scaduto</h1>"), "{why}: {}", refused.text);
        assert!(refused.header("set-cookie").is_none_or(|c| !c.starts_with("hub_session=")), "{why}: not signed in");
    }
    // Another browser's token is not this one's.
    let other = app.visitor("it");
    let refused = other.post("/login", &[fields[0], fields[1], ("csrf", token.as_str())]).await;
    assert_eq!(refused.status, 403);
    // A signed-in session's forms are bound to it: a token of the visit before is refused.
    let signed = app.signed_in("giulia@hub.example", "it").await;
    let refused = signed.post("/logout", &[("csrf", token.as_str())]).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert!(signed.get("/").await.text.contains("Staff Member"), "still signed in");
    // The error page reads no account, yet does not offer to log in whoever has a session.
    assert!(
        refused.text.contains("href=\"/account\"") && !refused.text.contains("href=\"/login\""),
        "{}",
        refused.text
    );

    // A page the account may not open says so, and how an administration's officer gets there.
    let denied = signed.get("/needs/new").await;
    assert_eq!(denied.status, 403, "{}", denied.text);
    // (In the account's language, English here.)
    assert!(denied.text.contains("<h1 data-error=\"403\">Not allowed</h1>"), "{}", denied.text);
    assert!(denied.text.contains("awaits verification") && !denied.text.contains("expired"), "{}", denied.text);
    assert!(app.visitor("it").get("/no/such/page").await.text.contains("href=\"/login\""), "a visitor may log in");
});

hub_test!(the_next_page_after_login_is_always_on_this_hub, |app| {
    app.user_with_roles("giulia@hub.example", &[domain::Role::Proposer], None).await;
    for hostile in ["https://evil.example/", "//evil.example/x", "/\\evil.example"] {
        let visitor = app.visitor("it");
        let fields = [("email", "giulia@hub.example"), ("password", hub_tests::PASSWORD), ("next", hostile)];
        let answer = visitor.submit("/login", "/login", &fields).await;
        assert_eq!((answer.status, answer.header("location")), (303, Some("/")), "{hostile}");
    }
});

hub_test!(the_language_switch, |app| {
    // Not signed in: a link that sets a cookie and comes back.
    let visitor = app.visitor("it-IT,it");
    let home = visitor.get("/privacy").await;
    assert!(home.text.contains("href=\"/language/en?next=/privacy\""), "{}", home.text);
    let switched = visitor.get("/language/en?next=%2Fprivacy").await;
    assert_eq!((switched.status, switched.header("location")), (303, Some("/privacy")));
    assert!(visitor.get("/privacy").await.text.contains("<html lang=\"en\">"));
    assert_eq!(visitor.get("/language/xx").await.status, 404);
    // Signed in: a form that changes the person's own setting, which the API shows too.
    let token = app.user_with_roles("giulia@hub.example", &[domain::Role::Proposer], None).await;
    let signed = app.signed_in("giulia@hub.example", "en").await;
    let answer = signed.submit("/", "/language", &[("lang", "it"), ("next", "/")]).await;
    assert_eq!(answer.status, 303, "{}", answer.text);
    assert!(signed.get("/").await.text.contains("<html lang=\"it\">"));
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.body["locale"], "it");
});

hub_test!(error_pages_speak_the_visitors_language, |app| {
    let english = app.visitor("en").get("/no/such/page").await;
    assert_eq!(english.status, 404);
    assert_eq!(english.header("content-language"), Some("en"));
    let id = english.header("x-request-id").expect("an id").to_owned();
    assert!(english.text.contains("<h1 data-error=\"404\">Page not found</h1>") && english.text.contains(&id));
    // The API keeps its problems.
    app.get("/api/v1/no-such-thing", None).await.assert_problem(404, "not_found");
});
