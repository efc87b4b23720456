//! Annexes (issue 20): the files a challenge asks proposals for, stored content-addressed on the file
//! system (the default) or an S3-compatible store (moto). Uploads (multipart, raw PUT), downloads (ETag,
//! ranges), the checks by content, the versions submission freezes, who reads them, the evaluator's
//! ZIP, the objects' deduplication, release and sweep.

use std::path::PathBuf;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, SubsecRound, Utc};
use hub_tests::funnel::{admin, draft, manager, moved, organization, verified_proposer};
use hub_tests::s3::S3Bucket;
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

mod access;
mod checks;
mod concurrency;
mod journey;
mod objects;
mod privacy;
mod versions;

/// A minimal valid PDF of `pages` empty pages, with a correct cross-reference table; `marker` (a
/// comment) makes its bytes differ from another's.
pub(crate) fn pdf(pages: usize, marker: &str) -> Vec<u8> {
    pdf_claiming(pages, u64::try_from(pages).expect("a count"), marker)
}

/// A PDF of `pages` blank pages whose page tree claims `count` (its `/Count`), its offsets right.
pub(crate) fn pdf_claiming(pages: usize, count: u64, marker: &str) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!("<< /Type /Pages /Kids [{}] /Count {count} >>", kids.join(" ")),
    ];
    objects.extend((0..pages).map(|_| "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned()));
    pdf_of(&objects, marker)
}

/// A PDF of `objects` (numbered from 1, the catalogue first) with a correct cross-reference table; `marker`
/// (a comment) makes its bytes differ from another's.
pub(crate) fn pdf_of(objects: &[impl AsRef<str>], marker: &str) -> Vec<u8> {
    let mut out = format!("%PDF-1.4\n% {marker}\n").into_bytes();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, object.as_ref()).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A PNG's signature and header chunk (a 1×1 image): a PNG by its content.
pub(crate) fn png() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend_from_slice(&[0, 0, 0, 13]);
    out.extend_from_slice(b"IHDR");
    out.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    out.extend_from_slice(&[0x1f, 0x15, 0xc4, 0x89]);
    out
}

/// The SHA-256 of `bytes`, lowercase hex.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The budget annex's largest file.
pub(crate) const BUDGET_MAX: usize = 4096;
const _: () = assert!(BUDGET_MAX == 4096, "the challenge below writes it as 4096.0");

/// A challenge asking for a required deck (PDF, at most 3 pages) and an optional budget (PDF or PNG, at
/// most [`BUDGET_MAX`] bytes), opened; returns its id.
pub(crate) async fn open_challenge(app: &TestApp, hub: &str, admin: &str) -> String {
    let sponsor = organization(app, admin, "Comune di Prova", "public_administration", "80004739258").await;
    let body = json!({
        "slug": "sfida-allegati",
        "title_it": "Sfida con allegati",
        "description_it": "Una sfida che chiede allegati.",
        "sponsor_id": sponsor,
        "opens_at": (Utc::now() - Duration::hours(1)).trunc_subsecs(0).to_rfc3339(),
        // The limits written as a client computing in floating point sends them (`3.0`): JSON Schema
        // counts a whole number so written as an integer, and the tests below rely on both being kept.
        "annexes": [
            {"key": "deck", "name": "Presentazione", "required": true, "types": ["pdf"], "max_pages": 3.0},
            {"key": "budget", "name": "Piano economico", "types": ["pdf", "png"], "max_bytes": 4096.0}
        ]
    });
    let created = app.post("/api/v1/challenges", Some(hub), body).await;
    assert_eq!(created.status, 201, "challenge: {}", created.text);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let opened = app.post(&format!("/api/v1/challenges/{id}/open"), Some(hub), Value::Null).await;
    assert_eq!(opened.status, 200, "open: {}", opened.text);
    id
}

/// A hub manager, an open challenge with annexes and its first proposer (Aurora Labs).
pub(crate) struct Setup {
    pub hub: String,
    pub anna: String,
    pub challenge: String,
}

pub(crate) async fn setup(app: &TestApp) -> Setup {
    let (hub, admin) = (manager(app).await, admin(app).await);
    let challenge = open_challenge(app, &hub, &admin).await;
    let (anna, _) = verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    Setup { hub, anna, challenge }
}

/// A multipart upload: `rule`, then `file` named `filename`.
pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    proposal: &str,
    rule: &str,
    filename: &str,
    bytes: &[u8],
) -> Answer {
    let boundary = "annex-boundary-7d11";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"rule\"\r\n\r\n{rule}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let response = app
        .client
        .post(format!("{}/api/v1/proposals/{proposal}/annexes", app.base))
        .bearer_auth(token)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .expect("the hub answers");
    TestApp::answer(response).await
}

/// A raw upload: `PUT /proposals/{id}/annexes/{rule}/{filename}`.
pub(crate) async fn put(
    app: &TestApp,
    token: &str,
    proposal: &str,
    rule: &str,
    filename: &str,
    bytes: &[u8],
) -> Answer {
    let response = app
        .client
        .put(format!("{}/api/v1/proposals/{proposal}/annexes/{rule}/{filename}", app.base))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .expect("the hub answers");
    TestApp::answer(response).await
}

/// An upload that must be accepted with `status`; returns the annex.
#[track_caller]
pub(crate) fn accepted(answer: &Answer, status: u16) -> Value {
    assert_eq!(answer.status, status, "upload: {}", answer.text);
    answer.body.clone()
}

/// The id of an annex.
pub(crate) fn id_of(annex: &Value) -> String {
    annex["id"].as_str().expect("an annex id").to_owned()
}

/// `GET /proposals/{id}/annexes`.
pub(crate) async fn list(app: &TestApp, token: Option<&str>, proposal: &str) -> Answer {
    app.get(&format!("/api/v1/proposals/{proposal}/annexes"), token).await
}

/// The `(version, rule, sha256)` of a list's items.
#[track_caller]
pub(crate) fn items(answer: &Answer) -> Vec<(Value, String, String)> {
    assert_eq!(answer.status, 200, "list: {}", answer.text);
    answer.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| {
            (
                a["version"].clone(),
                a["rule"].as_str().expect("rule").to_owned(),
                a["sha256"].as_str().expect("sha").to_owned(),
            )
        })
        .collect()
}

/// A download: status, headers, bytes.
pub(crate) struct Download {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Download {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// `GET /annexes/{id}/content` (or any path) with `headers`.
pub(crate) async fn fetch(app: &TestApp, token: Option<&str>, path: &str, headers: &[(&str, &str)]) -> Download {
    let mut request = app.client.get(format!("{}{path}", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the hub answers");
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    let bytes = response.bytes().await.expect("a body").to_vec();
    Download { status, headers, bytes }
}

/// An annex's bytes.
pub(crate) async fn content(app: &TestApp, token: Option<&str>, annex: &str) -> Download {
    fetch(app, token, &format!("/api/v1/annexes/{annex}/content"), &[]).await
}

/// `DELETE /annexes/{id}`.
pub(crate) async fn delete(app: &TestApp, token: &str, annex: &str) -> Answer {
    app.request(Method::DELETE, &format!("/api/v1/annexes/{annex}"), Some(token), Value::Null).await
}

/// The `(field, code)` pairs of a 422 answer.
#[track_caller]
pub(crate) fn invalid(answer: &Answer) -> Vec<(String, String)> {
    let body = answer.assert_problem(422, "validation_failed");
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (e["field"].as_str().expect("field").to_owned(), e["code"].as_str().expect("code").to_owned()))
        .collect()
}

/// A draft with the required deck attached, submitted and screened eligible: under review.
pub(crate) async fn reviewed_with_deck(app: &TestApp, s: &Setup, title: &str, deck: &[u8], filename: &str) -> String {
    let id = draft(app, &s.anna, title, &s.challenge).await;
    accepted(&upload(app, &s.anna, &id, "deck", filename, deck).await, 201);
    moved(app, &s.anna, &id, "submit", Value::Null, "submitted").await;
    moved(app, &s.hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    id
}

/// Where the hub stores its annexes: a local folder or a moto bucket.
pub(crate) enum Objects {
    Local(PathBuf),
    S3(S3Bucket),
}

impl Objects {
    /// The local store of `app` (its default, under the data folder).
    pub(crate) fn local(app: &TestApp) -> Self {
        match &app.settings.annexes.store {
            api::settings::ObjectStoreSettings::Local(root) => Self::Local(root.clone()),
            other => panic!("not a local store: {other:?}"),
        }
    }

    /// Whether object `sha256` is stored.
    pub(crate) fn has(&self, sha256: &str) -> bool {
        match self {
            Self::Local(root) => root.join("annexes").join(&sha256[..2]).join(sha256).is_file(),
            Self::S3(bucket) => bucket.has(&format!("annexes/{}/{sha256}", &sha256[..2])),
        }
    }

    /// Writes an object straight into the store, as a crash between storing and recording would leave it.
    pub(crate) fn plant(&self, bytes: &[u8]) -> String {
        let sha = sha256(bytes);
        match self {
            Self::Local(root) => {
                let dir = root.join("annexes").join(&sha[..2]);
                std::fs::create_dir_all(&dir).expect("object folder");
                std::fs::write(dir.join(&sha), bytes).expect("write the object");
            }
            Self::S3(bucket) => assert_eq!(bucket.put(&format!("annexes/{}/{sha}", &sha[..2]), bytes), 200),
        }
        sha
    }

    /// Waits up to ten seconds for object `sha256` to be gone (releases run in the background).
    pub(crate) async fn wait_gone(&self, sha256: &str) -> bool {
        let started = Instant::now();
        while self.has(sha256) {
            if started.elapsed() > StdDuration::from_secs(10) {
                return false;
            }
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
        true
    }
}
