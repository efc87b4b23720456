//! The evaluator's bundle: every annex of their assigned proposals as one ZIP, written as it is sent (a
//! ZIP stream with data descriptors, entries stored as they are: PDFs and office files are compressed
//! already), one folder per proposal.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use actix_web::HttpResponse;
use actix_web::web::Bytes;
use domain::annex::Annex;
use domain::{Proposal, UserId};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

use super::Annexes;
use crate::error::ApiError;
use crate::streamed::Channel;

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 256 * 1024;

/// A writer that sends what it is given, in chunks, to the response.
struct Sender {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
}

impl Sender {
    fn send(&mut self) -> std::io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the reader left"))
    }
}

impl Write for Sender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() { Ok(()) } else { self.send() }
    }
}

/// The folder of a proposal in the bundle: its title, cleaned, with its id's end to keep it unique.
fn folder(proposal: &Proposal) -> String {
    let title: String = proposal
        .content
        .title
        .chars()
        .map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { '_' })
        .take(60)
        .collect();
    let id = proposal.id.to_string();
    format!("{} ({})", title.trim(), &id[id.len() - 8..])
}

/// The bundles one person may have written at once: a client that stops reading holds its bundle's
/// thread for as long as its connection stays open, and one person must not hold them all.
pub const BUNDLES_PER_PERSON: usize = 2;

/// One of a person's bundles being written, counted for as long as it lives.
struct PersonsBundle {
    writing: Arc<Mutex<HashMap<UserId, usize>>>,
    person: UserId,
}

impl PersonsBundle {
    /// Counts one more bundle of `person`, unless they have [`BUNDLES_PER_PERSON`] being written.
    fn enter(writing: &Arc<Mutex<HashMap<UserId, usize>>>, person: UserId) -> Option<Self> {
        let mut counts = writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = counts.entry(person).or_default();
        if *count >= BUNDLES_PER_PERSON {
            return None;
        }
        *count += 1;
        Some(Self { writing: writing.clone(), person })
    }
}

impl Drop for PersonsBundle {
    fn drop(&mut self) {
        let mut counts = self.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.person) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.remove(&self.person);
            }
        }
    }
}

/// The ZIP of `bundle` for `person`, streamed; named `filename`. It is written on a thread of its own; at most
/// [`super::BUNDLES`] are written at once, [`BUNDLES_PER_PERSON`] of one person's.
///
/// # Errors
/// 429 when the person has as many being written; 503 when as many bundles are being written already, or no
/// thread can be started.
pub fn response(
    annexes: &Arc<Annexes>,
    person: UserId,
    bundle: Vec<(Proposal, Vec<Annex>)>,
    filename: &str,
) -> Result<HttpResponse, ApiError> {
    let persons =
        PersonsBundle::enter(&annexes.bundles_by_person, person).ok_or(ApiError::TooManyRequests { retry_after: 5 })?;
    let permit = annexes.bundles.clone().try_acquire_owned().map_err(|_| {
        ApiError::Unavailable(format!("{} annex bundles are being written already; retry shortly", super::BUNDLES))
    })?;
    let (tx, rx) = mpsc::channel(4);
    let (this, handle) = (annexes.clone(), tokio::runtime::Handle::current());
    let failed = tx.clone();
    let spawned = std::thread::Builder::new().name("annex-bundle".to_owned()).spawn(move || {
        let _permits = (permit, persons);
        if let Err(e) = write(&this, &handle, bundle, Sender { tx, buffer: Vec::with_capacity(CHUNK) })
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            tracing::error!(error = %e, "an annex bundle failed half-way");
            let _ = failed.blocking_send(Err(e));
        }
    });
    spawned.map_err(|e| ApiError::Unavailable(format!("no thread for the bundle: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .insert_header(("Content-Encoding", "identity"))
        .insert_header(("Cache-Control", "no-store"))
        .body(Channel(rx)))
}

fn write(
    annexes: &Annexes,
    handle: &tokio::runtime::Handle,
    bundle: Vec<(Proposal, Vec<Annex>)>,
    sender: Sender,
) -> std::io::Result<()> {
    let mut zip = zip::ZipWriter::new_stream(sender);
    for (proposal, files) in bundle {
        let folder = folder(&proposal);
        let mut names = std::collections::BTreeSet::new();
        for annex in files {
            let mut name = format!("{folder}/{}/{}", annex.rule, annex.filename);
            let mut n = 1;
            while !names.insert(name.clone()) {
                n += 1;
                name = format!("{folder}/{}/{n}-{}", annex.rule, annex.filename);
            }
            let options = SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .large_file(annex.size >= u64::from(u32::MAX));
            zip.start_file(name, options).map_err(std::io::Error::other)?;
            let mut stream =
                handle.block_on(annexes.objects.read(&annex.sha256, None)).map_err(std::io::Error::other)?;
            while let Some(chunk) = handle.block_on(stream.next()) {
                zip.write_all(&chunk?)?;
            }
        }
    }
    let mut sender = zip.finish().map_err(std::io::Error::other)?.into_inner();
    sender.flush()
}
