//! A browser over plain HTTP for the page tests: it keeps cookies, follows no redirect by itself (a
//! test sees each 303), and reads a form's CSRF token from the page that shows the form.

use crate::{Answer, TestApp};

/// A visitor of the pages, with a cookie jar of its own.
#[derive(Debug, Clone)]
pub struct Visitor {
    base: String,
    client: reqwest::Client,
}

impl TestApp {
    /// A new visitor of the pages, reading them in `language` (an `Accept-Language` value; `""` sends
    /// none).
    pub fn visitor(&self, language: &str) -> Visitor {
        let mut headers = reqwest::header::HeaderMap::new();
        if !language.is_empty() {
            headers.insert(reqwest::header::ACCEPT_LANGUAGE, language.parse().expect("a language header"));
        }
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("a client");
        Visitor { base: self.base.clone(), client }
    }

    /// A visitor signed in as `email` (whose password is [`crate::PASSWORD`]) through the log-in page.
    pub async fn signed_in(&self, email: &str, language: &str) -> Visitor {
        let visitor = self.visitor(language);
        let answer = visitor.submit("/login", "/login", &[("email", email), ("password", crate::PASSWORD)]).await;
        assert_eq!(answer.status, 303, "logging in as {email}: {}", answer.text);
        visitor
    }
}

impl Visitor {
    /// GET `path`.
    pub async fn get(&self, path: &str) -> Answer {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.expect("GET");
        TestApp::answer(response).await
    }

    /// GET `path` with `headers` (a conditional or partial download, say).
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        TestApp::answer(request.send().await.expect("GET")).await
    }

    /// Follows a 303 (or any redirect) once.
    pub async fn follow(&self, answer: &Answer) -> Answer {
        let to = answer.header("location").unwrap_or_else(|| panic!("a Location in {}", answer.status));
        self.get(to).await
    }

    /// POSTs `fields` as a form, with no CSRF token unless a field gives one.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let response = self.client.post(format!("{}{path}", self.base)).form(fields).send().await.expect("POST");
        TestApp::answer(response).await
    }

    /// POSTs `body` as it is, with `content_type` (a multipart form built by the test).
    pub async fn post_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Answer {
        let request =
            self.client.post(format!("{}{path}", self.base)).header(reqwest::header::CONTENT_TYPE, content_type);
        TestApp::answer(request.body(body).send().await.expect("POST")).await
    }

    /// Opens `page`, takes the CSRF token of its form that posts to `action`, and posts `fields` with it.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Answer {
        let shown = self.get(page).await;
        assert_eq!(shown.status, 200, "{page}: {}", shown.text);
        let token = csrf_token(&shown.text, action);
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }
}

/// The CSRF token of the form of `html` that posts to `action`.
///
/// # Panics
/// When the page has no such form or the form no token.
pub fn csrf_token(html: &str, action: &str) -> String {
    let marker = format!("action=\"{action}\"");
    let form =
        html.split("<form").find(|f| f.contains(&marker)).unwrap_or_else(|| panic!("no form posting to {action}"));
    let form = form.split("</form>").next().unwrap_or_default();
    let value = form
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the form posting to {action} has no CSRF token"));
    value.to_owned()
}
