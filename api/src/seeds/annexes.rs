//! Seeded annexes (issue 20): a challenge's annex rules come with it in `challenges.toml`; a proposal's
//! files in `proposals.toml` (`[[proposal.annexes]]`) are made here as PDFs with a title and numbered pages,
//! and attached through the same path as an upload before the proposal's moves (so a submission freezes
//! them).

use std::sync::Arc;

use anyhow::anyhow;
use domain::{Actor, ProposalId};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use persistence::Store;
use serde::Deserialize;

use crate::annexes::{Annexes, Upload};

/// An annex rule of a seeded challenge.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnnexRuleSeed {
    key: String,
    name: String,
    #[serde(default)]
    required: bool,
    types: Vec<String>,
    max_bytes: Option<u64>,
    max_count: Option<u8>,
    max_pages: Option<u16>,
}

impl From<AnnexRuleSeed> for domain::annex::AnnexRuleInput {
    fn from(s: AnnexRuleSeed) -> Self {
        Self {
            key: s.key,
            name: s.name,
            required: Some(s.required),
            types: s.types,
            max_bytes: s.max_bytes,
            max_count: s.max_count,
            max_pages: s.max_pages,
        }
    }
}

/// A seeded proposal's file: a PDF of `pages` pages titled `title`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnnexSeed {
    rule: String,
    filename: String,
    title: String,
    pages: u32,
}

/// A PDF of `pages` A4 pages, each with `title` and its number (ASCII text, Helvetica).
///
/// # Errors
/// When the document cannot be written.
pub fn sample_pdf(title: &str, pages: u32) -> anyhow::Result<Vec<u8>> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"});
    let resources = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font}});
    let ascii: String = title.chars().map(|c| if c.is_ascii() { c } else { '?' }).collect();
    let mut kids = Vec::new();
    for page in 1..=pages.max(1) {
        let line = |text: String, size: i64, y: i64| {
            vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), size.into()]),
                Operation::new("Td", vec![72.into(), y.into()]),
                Operation::new("Tj", vec![Object::string_literal(text)]),
                Operation::new("ET", vec![]),
            ]
        };
        let mut operations = line(ascii.clone(), 18, 760);
        operations.extend(line(format!("Pagina {page} di {}", pages.max(1)), 11, 730));
        let content = Content { operations }.encode().map_err(|e| anyhow!("sample PDF: {e}"))?;
        let content = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(Object::from(
            doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content}),
        ));
    }
    let count = i64::from(pages.max(1));
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).map_err(|e| anyhow!("sample PDF: {e}"))?;
    Ok(bytes)
}

/// Attaches the seeded files to proposal `id`'s working copy, as `author` would upload them.
///
/// # Errors
/// When a file is refused or cannot be stored.
pub(super) async fn attach(
    annexes: &Arc<Annexes>,
    store: &Store,
    author: &Actor,
    id: ProposalId,
    seeds: Vec<AnnexSeed>,
) -> anyhow::Result<()> {
    for seed in seeds {
        let bytes = sample_pdf(&seed.title, seed.pages)?;
        let body = futures_util::stream::iter([Ok::<_, std::io::Error>(actix_web::web::Bytes::from(bytes))]);
        let received = annexes.receive(body, u64::MAX).await.map_err(|e| anyhow!("{}: {e}", seed.filename))?;
        let checked = annexes.inspect(&received).await.map_err(|e| anyhow!("{}: {e}", seed.filename))?;
        let upload = Upload { rule: seed.rule, filename: seed.filename.clone(), replace_same_name: true };
        annexes
            .add(store, author.clone(), id, upload, received, checked)
            .await
            .map_err(|e| anyhow!("{}: {e}", seed.filename))?;
    }
    Ok(())
}
