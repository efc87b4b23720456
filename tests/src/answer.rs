//! An HTTP answer as the tests read it.

use serde_json::{Value, json};

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Headers (lower-case names).
    pub headers: reqwest::header::HeaderMap,
    /// The body parsed as JSON (`Null` when empty or not JSON).
    pub body: Value,
    /// The raw body.
    pub text: String,
}

impl Answer {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a problem+json answer with `status` and `code`; returns the body.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status, status, "status of {}", self.text);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "content type of {}", self.text);
        assert_eq!(self.body["status"], json!(status), "problem status in {}", self.text);
        assert_eq!(self.body["code"], json!(code), "problem code in {}", self.text);
        assert!(self.body["title"].is_string() && self.body["detail"].is_string(), "title and detail in {}", self.text);
        &self.body
    }
}
