//! Annexes' files (issue 20): received in a stream into the staging folder (never held whole in memory),
//! then hashed, their kind and a PDF's pages found (a PDF's hash and parse side by side, on the one copy the
//! parser needs), then stored in the object store under their SHA-256 before the row that names them
//! commits; released (the object deleted) once no annex names them; and the periodic sweep of objects a
//! crash left without a row.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::web::Bytes;
use domain::annex::{AnnexType, Inspected, SNIFF_BYTES};
use domain::{Actor, DomainError, ProposalId};
use futures_util::{Stream, StreamExt};
use persistence::{NewAnnex, Store, Uploaded};
use sha2::{Digest, Sha256};
use tokio::sync::{Mutex, Semaphore};

use crate::error::ApiError;
use crate::routes::blocking;
use crate::settings::AnnexSettings;

pub mod bundle;
pub mod inspect;
pub mod objects;

pub use objects::Objects;

/// The memory the write blocks of the uploads being received share (see [`write_block`]).
const WRITE_BUDGET: usize = 4 * 1024 * 1024;
/// An upload's smallest write block: what each of many uploads at once takes (256 KiB put fifty 20 MiB
/// uploads at once 2 MiB over P12's 150 MiB).
const WRITE_BLOCK_MIN: usize = 128 * 1024;
/// An upload's largest write block: one thread call per MiB, where 128 KiB blocks made 160 calls of a 20 MiB
/// upload, each a thread woken and put to sleep (a lone upload 9 % faster in P12, stop 47).
const WRITE_BLOCK_MAX: usize = 1024 * 1024;
/// The blocks a file that is no PDF is read back in, to be hashed.
const READ_BLOCK: usize = 128 * 1024;
/// How long an upload waits for a PDF check to be free, and for its own to end.
const PDF_WAIT: std::time::Duration = std::time::Duration::from_secs(30);
/// Evaluators' bundles written at once (each on a thread of its own).
pub const BUNDLES: usize = 8;
/// How old an object without annexes must be before the sweep deletes it (an upload may be between
/// storing it and committing its row).
const SWEEP_GRACE: chrono::Duration = chrono::Duration::hours(1);

/// The annexes' files.
#[derive(Debug)]
pub struct Annexes {
    /// The object store.
    pub objects: Objects,
    staging: PathBuf,
    /// The one PDF check's buffer (see [`inspect::pdf`]): PDFs are checked one at a time, each read whole
    /// into it, which bounds the memory uploads take; kept between checks, its pages already mapped.
    pdf_buffer: Arc<Mutex<Vec<u8>>>,
    pdf_checker: inspect::PdfChecker,
    bundles: Arc<Semaphore>,
    /// Each person's bundles being written (see [`bundle::BUNDLES_PER_PERSON`]).
    bundles_by_person: Arc<std::sync::Mutex<std::collections::HashMap<domain::UserId, usize>>>,
    /// One archive looked into at a time: a hostile one's central directory, up to the rule's largest
    /// file, is indexed in memory whole.
    archives: Arc<Semaphore>,
    /// The uploads being received, which share [`WRITE_BUDGET`].
    receiving: Arc<AtomicUsize>,
}

/// The write block of each of `receiving` uploads at once: two per upload (one being written, one filling)
/// within [`WRITE_BUDGET`], between [`WRITE_BLOCK_MIN`] and [`WRITE_BLOCK_MAX`]. A lone upload writes in
/// large blocks (fewer thread calls); many at once in small ones (their memory bounded as before).
fn write_block(receiving: usize) -> usize {
    (WRITE_BUDGET / receiving.max(1) / 2).clamp(WRITE_BLOCK_MIN, WRITE_BLOCK_MAX)
}

/// One upload being received, counted while it lives (however its receive ends: done, refused, dropped
/// when the client leaves).
struct Receiving(Arc<AtomicUsize>);

impl Receiving {
    fn enter(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Self(count.clone())
    }

    /// The write block of this upload now (see [`write_block`]).
    fn block(&self) -> usize {
        write_block(self.0.load(Ordering::Relaxed))
    }
}

impl Drop for Receiving {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A file received into the staging folder, deleted when dropped.
#[derive(Debug)]
pub struct Staged(PathBuf);

impl Drop for Staged {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A staged file being written.
struct Writer(std::fs::File);

impl Writer {
    fn create(path: &std::path::Path) -> std::io::Result<Self> {
        Ok(Self(crate::files::private_options().write(true).create_new(true).open(path)?))
    }

    fn write(mut self, block: &[Bytes]) -> std::io::Result<Self> {
        for chunk in block {
            self.0.write_all(chunk)?;
        }
        Ok(self)
    }
}

/// The SHA-256 (lowercase hex) of the staged file `path`, read in blocks.
fn hash_file(path: &std::path::Path) -> std::io::Result<String> {
    let (mut file, mut hash, mut block) = (std::fs::File::open(path)?, Sha256::new(), vec![0; READ_BLOCK]);
    loop {
        match file.read(&mut block)? {
            0 => return Ok(hex::encode(hash.finalize())),
            read => hash.update(&block[..read]),
        }
    }
}

/// A blocking write's outcome as the API says it: 503 when the staging folder cannot be written.
fn written<T>(joined: Result<std::io::Result<T>, tokio::task::JoinError>) -> Result<T, ApiError> {
    let unavailable = |e: String| ApiError::Unavailable(format!("the staging folder: {e}"));
    joined.map_err(|e| unavailable(e.to_string()))?.map_err(|e| unavailable(e.to_string()))
}

/// A received file.
#[derive(Debug)]
pub struct Received {
    /// Where it is staged.
    pub staged: Staged,
    /// Its size.
    pub size: u64,
    /// Its first bytes, for [`inspect::sniff`].
    pub head: Vec<u8>,
    /// Its bytes being made durable (`fsync`) while it is inspected; awaited before it is stored.
    pub durable: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// A received file as [`Annexes::inspect`] found it.
#[derive(Debug)]
pub struct Checked {
    /// What it is.
    pub inspected: Inspected,
    /// Its SHA-256, lowercase hex: the object's name.
    pub sha256: String,
}

/// An upload as the API and the pages take it.
#[derive(Debug)]
pub struct Upload {
    /// The rule's key.
    pub rule: String,
    /// The file's name as sent.
    pub filename: String,
    /// Replace the working copy's file of that rule with the same name (the raw `PUT`).
    pub replace_same_name: bool,
}

impl Annexes {
    /// Opens the object store and the staging folder.
    ///
    /// # Errors
    /// When either cannot be used.
    pub fn open(settings: &AnnexSettings) -> anyhow::Result<Self> {
        crate::files::private_dir(&settings.staging).map_err(|e| {
            anyhow::anyhow!("HUB_DATA_DIR: cannot create {} or make it private: {e}", settings.staging.display())
        })?;
        Ok(Self {
            objects: Objects::open(&settings.store)?,
            staging: settings.staging.clone(),
            pdf_buffer: Arc::new(Mutex::new(Vec::new())),
            pdf_checker: inspect::PdfChecker::start()?,
            bundles: Arc::new(Semaphore::new(BUNDLES)),
            bundles_by_person: Arc::default(),
            archives: Arc::new(Semaphore::new(1)),
            receiving: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// The uploads being received now (a gauge of `/metrics`).
    pub fn receiving(&self) -> usize {
        self.receiving.load(Ordering::Relaxed)
    }

    /// Receives a body into the staging folder; stops with 413 past `max` bytes. The bytes go to the disk in
    /// blocks (see [`write_block`]), each written on a blocking thread while the next arrives (one thread
    /// call per block, not per network chunk; the chunks are not copied). They are hashed by
    /// [`Self::inspect`]: a PDF's hash then runs beside its parse instead of before it.
    ///
    /// # Errors
    /// 413 past `max`; 400 when the body breaks off; 503 when the staging folder cannot be written.
    pub async fn receive<S, E>(&self, mut body: S, max: u64) -> Result<Received, ApiError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let receiving = Receiving::enter(&self.receiving);
        let staged = Staged(self.staging.join(format!("{}.part", uuid::Uuid::now_v7().simple())));
        let path = staged.0.clone();
        let mut writing = tokio::task::spawn_blocking(move || Writer::create(&path));
        let (mut size, mut head, mut block, mut filled) = (0_u64, Vec::new(), Vec::new(), 0_usize);
        while let Some(chunk) = body.next().await {
            let chunk =
                chunk.map_err(|e| ApiError::bad_request("malformed_body", format!("the upload broke off: {e}")))?;
            size += chunk.len() as u64;
            if size > max {
                return Err(ApiError::PayloadTooLarge { limit: usize::try_from(max).unwrap_or(usize::MAX) });
            }
            if head.len() < SNIFF_BYTES {
                let take = (SNIFF_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            filled += chunk.len();
            block.push(chunk);
            if filled >= receiving.block() {
                let writer = written(writing.await)?;
                let full = std::mem::take(&mut block);
                writing = tokio::task::spawn_blocking(move || writer.write(&full));
                filled = 0;
            }
        }
        let writer = written(writing.await)?;
        let Writer(file) = written(tokio::task::spawn_blocking(move || writer.write(&block)).await)?;
        // Made durable while the file is hashed and inspected (a PDF parsed), not before: they overlap.
        let durable = tokio::task::spawn_blocking(move || file.sync_data());
        Ok(Received { staged, size, head, durable })
    }

    /// What a received file is (its kind by content — a ZIP that `infer` cannot name, or names an Office
    /// Open XML document, looked into for the document's main part —, a PDF's pages) and its SHA-256: a PDF
    /// read once into the PDF check's buffer and hashed there while it is parsed, any other file hashed from
    /// the disk.
    ///
    /// # Errors
    /// 422 `unreadable_pdf` for a file that starts as a PDF and does not open as one (in time); 503 when
    /// the PDF check is not free in time or the staged file cannot be read.
    pub async fn inspect(&self, received: &Received) -> Result<Checked, ApiError> {
        let path = received.staged.0.clone();
        let kind = match inspect::sniff(&received.head) {
            // `infer` names an Office Open XML file by its first entries' names alone (`word/…`), which a
            // macro-enabled document or any ZIP may have too: its main part's content type decides.
            None | Some(AnnexType::Docx | AnnexType::Xlsx | AnnexType::Pptx) if inspect::is_zip(&received.head) => {
                self.office_kind(path.clone()).await?
            }
            sniffed => sniffed,
        };
        let (sha256, pages) = if kind == Some(AnnexType::Pdf) {
            // The buffer goes with the parse: a client that leaves does not free it before the parse ends.
            let buffer = tokio::time::timeout(PDF_WAIT, self.pdf_buffer.clone().lock_owned())
                .await
                .map_err(|_| ApiError::Unavailable("the PDF check is busy; retry shortly".to_owned()))?;
            let (sha256, pages) =
                inspect::pdf(&self.pdf_checker, path, received.size, buffer, PDF_WAIT).await.map_err(|e| match e {
                    inspect::PdfFault::Unreadable(e) => {
                        DomainError::invalid("file", "unreadable_pdf", format!("the file does not open as a PDF: {e}"))
                            .into()
                    }
                    inspect::PdfFault::Staging(e) => ApiError::Unavailable(format!("the staging folder: {e}")),
                })?;
            (sha256, Some(pages))
        } else {
            (written(tokio::task::spawn_blocking(move || hash_file(&path)).await)?, None)
        };
        Ok(Checked { inspected: Inspected { kind, size: received.size, pages }, sha256 })
    }

    /// The kind of the staged ZIP `path` if it is an Office Open XML document (see
    /// [`inspect::office_open_xml`]), one archive at a time.
    ///
    /// # Errors
    /// 503 when no archive check is free in time or the file cannot be read.
    async fn office_kind(&self, path: PathBuf) -> Result<Option<AnnexType>, ApiError> {
        let busy = || ApiError::Unavailable("the file check is busy; retry shortly".to_owned());
        let permit = tokio::time::timeout(PDF_WAIT, self.archives.clone().acquire_owned()).await;
        let permit = permit.map_err(|_| busy())?.map_err(|_| busy())?;
        // The permit goes with the blocking read: a client that leaves does not free it before it ends.
        written(
            tokio::task::spawn_blocking(move || {
                let kind = inspect::office_open_xml(&path);
                drop(permit);
                kind
            })
            .await,
        )
    }

    /// Adds a received file, as [`Self::inspect`] found it, to proposal `id`'s working copy: stored, then
    /// its row committed once checked under the proposal's lock (the object checked again under its
    /// registry row); an annex it replaced released.
    ///
    /// # Errors
    /// As [`Store::annex_add`]; 503 when the object store fails.
    pub async fn add(
        self: &Arc<Self>,
        store: &Store,
        actor: Actor,
        id: ProposalId,
        upload: Upload,
        received: Received,
        checked: Checked,
    ) -> Result<Uploaded, ApiError> {
        let (Received { staged, size, durable, .. }, Checked { inspected, sha256 }) = (received, checked);
        // Never stored (nor named by a row) before its bytes are on the disk.
        written(durable.await)?;
        self.objects.store_file(&sha256, &staged.0, size).await.map_err(ApiError::Unavailable)?;
        let new = NewAnnex {
            rule: upload.rule,
            filename: upload.filename,
            inspected,
            sha256: sha256.clone(),
            replace_same_name: upload.replace_same_name,
        };
        let (this, store2, path) = (self.clone(), store.clone(), staged.0.clone());
        let refused = sha256.clone();
        let added = blocking(move || {
            let ensure = || {
                this.objects.block_on(async {
                    if this.objects.exists(&sha256).await? {
                        Ok(())
                    } else {
                        this.objects.store_file(&sha256, &path, size).await
                    }
                })
            };
            store2.annex_add(&actor, id, &new, &ensure)
        })
        .await;
        let uploaded = match added {
            Ok(uploaded) => uploaded,
            Err(e) => {
                // The object was stored before the file was checked against its rule under the proposal's
                // lock: a refused file's is released now (kept when an annex names the same bytes).
                if let Err(failed) = self.release(store, refused, size).await {
                    tracing::warn!(error = %failed, "a refused upload's object was not released; the sweep will");
                }
                return Err(e);
            }
        };
        drop(staged);
        if let Some(replaced) = uploaded.replaced.clone() {
            self.release_later(store, replaced);
        }
        Ok(uploaded)
    }

    /// Deletes object `sha256` if no annex names it (holding its registry row).
    ///
    /// # Errors
    /// 503 when the store or the object store fails.
    pub async fn release(self: &Arc<Self>, store: &Store, sha256: String, size: u64) -> Result<bool, ApiError> {
        let (this, store) = (self.clone(), store.clone());
        let size = i64::try_from(size).unwrap_or(i64::MAX);
        blocking(move || {
            let delete = || this.objects.block_on(this.objects.delete(&sha256));
            store.annex_release(&sha256, size, &delete)
        })
        .await
    }

    /// Releases `sha256` in the background (a failure leaves it to the sweep).
    pub fn release_later(self: &Arc<Self>, store: &Store, sha256: String) {
        let (this, store) = (self.clone(), store.clone());
        actix_web::rt::spawn(async move {
            if let Err(e) = this.release(&store, sha256, 1).await {
                tracing::warn!(error = %e, "an annex object was not released; the sweep will");
            }
        });
    }

    /// Deletes the objects no annex names that are older than an hour; returns how many. An object that
    /// cannot be checked or deleted is logged and left to the next sweep.
    ///
    /// # Errors
    /// 503 when the object store cannot be listed.
    pub async fn sweep(self: &Arc<Self>, store: &Store, now: chrono::DateTime<chrono::Utc>) -> Result<usize, ApiError> {
        self.sweep_staging();
        let listed = self.objects.list().await.map_err(ApiError::Unavailable)?;
        let mut deleted = 0;
        for object in listed.into_iter().filter(|o| o.modified + SWEEP_GRACE < now) {
            let (s, sha) = (store.clone(), object.sha256.clone());
            // One object that fails is left to the next sweep; the others are still swept.
            let named = blocking(move || s.annex_object_named(&sha)).await;
            match named {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(error = %e, sha256 = %object.sha256, "the sweep could not check an object");
                    continue;
                }
            }
            match self.release(store, object.sha256.clone(), object.size).await {
                Ok(true) => deleted += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, sha256 = %object.sha256, "the sweep could not delete an object"),
            }
        }
        Ok(deleted)
    }

    /// Deletes the staged files a crash left behind (an upload in flight is younger than an hour).
    fn sweep_staging(&self) {
        let Ok(entries) = std::fs::read_dir(&self.staging) else { return };
        let grace = std::time::Duration::from_secs(3600);
        for entry in entries.flatten() {
            let stale =
                entry.metadata().and_then(|m| m.modified()).is_ok_and(|at| at.elapsed().is_ok_and(|age| age > grace));
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Sweeps every `every`, for as long as the hub runs.
    pub fn spawn_sweeps(self: Arc<Self>, store: Store, every: std::time::Duration) {
        actix_web::rt::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            loop {
                ticks.tick().await;
                match self.sweep(&store, store.now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(deleted = n, "annex objects without annexes swept"),
                    Err(e) => tracing::warn!(error = %e, "the annex sweep failed"),
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_upload_writes_in_large_blocks_many_at_once_in_small_ones() {
        assert_eq!(write_block(1), WRITE_BLOCK_MAX);
        assert_eq!(write_block(2), WRITE_BLOCK_MAX);
        assert_eq!(write_block(4), 512 * 1024);
        assert_eq!(write_block(16), WRITE_BLOCK_MIN);
        assert_eq!(write_block(50), WRITE_BLOCK_MIN);
        assert_eq!(write_block(0), WRITE_BLOCK_MAX, "a count read as another upload ends");
        for n in 1..=200 {
            assert!(write_block(n + 1) <= write_block(n), "more uploads, no larger blocks ({n})");
            assert!(
                n * 2 * write_block(n) <= WRITE_BUDGET.max(n * 2 * WRITE_BLOCK_MIN),
                "{n} uploads' blocks within the budget, or the smallest blocks' share"
            );
        }
    }
}
