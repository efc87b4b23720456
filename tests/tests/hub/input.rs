//! Input at the edge (issue 14, items 9–14): no text makes a 500, one rule for free text and
//! emails, CSV cells that never open as formulas, bounded arrays, a locked SQLite file answers 503,
//! and the embedded default's files are the owner's only.

use base64::Engine as _;
use domain::Role;
use hub_tests::funnel::{complete, draft, fields, manager, under_review, user_id, verified_proposer};
use hub_tests::{Answer, Backend, PASSWORD, TestApp, backend_tests, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod field_paths;
mod nul_bytes;
mod storage;
mod text;

/// Whether a probe's answer is a 400 or 422 problem (never a 500); notes it in `holes` otherwise.
fn refused(answer: &Answer, probe: &str, holes: &mut Vec<String>) {
    let problem = answer.header("content-type") == Some("application/problem+json") && answer.body["code"].is_string();
    if !(answer.status == 400 || answer.status == 422) || !problem {
        holes.push(format!("{probe} -> {} {}", answer.status, answer.body["code"]));
    }
}
