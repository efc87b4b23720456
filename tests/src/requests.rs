//! Speaking HTTP to the hub: requests, answers, other client addresses, concurrent requests.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::{Answer, TestApp};

impl TestApp {
    /// Sends a request; `body` is sent as JSON unless `Null`.
    pub async fn request(&self, method: Method, path: &str, token: Option<&str>, body: Value) -> Answer {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if !body.is_null() {
            request = request.json(&body);
        }
        Self::answer(request.send().await.expect("the hub answers")).await
    }

    /// An HTTP client whose connections come from `address` (on Linux every 127.x.y.z is this
    /// machine): another client address, as the hub's throttles see it.
    pub fn client_from(&self, address: &str) -> reqwest::Client {
        let address: std::net::IpAddr = address.parse().expect("an IP address");
        reqwest::Client::builder().local_address(address).timeout(Duration::from_secs(60)).build().expect("client")
    }

    /// POSTs a JSON body with `client` (see [`TestApp::client_from`]).
    pub async fn post_from(&self, client: &reqwest::Client, path: &str, token: Option<&str>, body: Value) -> Answer {
        let mut request = client.post(format!("{}{path}", self.base)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Self::answer(request.send().await.expect("the hub answers")).await
    }

    /// Sends `n` requests at once, built by `build(i, client, base)`; returns the answers in order.
    pub async fn concurrently(
        &self,
        n: usize,
        build: impl Fn(usize, &reqwest::Client, &str) -> reqwest::RequestBuilder,
    ) -> Vec<Answer> {
        let tasks: Vec<_> = (0..n)
            .map(|i| {
                let request = build(i, &self.client, &self.base);
                tokio::spawn(async move { Self::answer(request.send().await.expect("the hub answers")).await })
            })
            .collect();
        let mut answers = Vec::with_capacity(n);
        for task in tasks {
            answers.push(task.await.expect("join"));
        }
        answers
    }

    /// Reads an answer.
    pub async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, headers, body, text }
    }

    /// GET.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.request(Method::GET, path, token, Value::Null).await
    }

    /// An anonymous conditional GET: `If-None-Match: etag`.
    pub async fn get_if_none_match(&self, path: &str, etag: &str) -> Answer {
        let response =
            self.client.get(format!("{}{path}", self.base)).header("if-none-match", etag).send().await.expect("answer");
        Self::answer(response).await
    }

    /// POST with a JSON body.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.request(Method::POST, path, token, body).await
    }
}
