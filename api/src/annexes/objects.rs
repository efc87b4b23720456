//! The annexes' object store, through `object_store`: a folder (the default, under the data folder) or
//! any S3-compatible store (under the URL's folder of the bucket, if it names one). Objects are named by
//! their SHA-256 (`annexes/ab/abcd…`), so the same bytes are stored once.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use tokio::io::AsyncReadExt;

use crate::settings::ObjectStoreSettings;

/// The largest object written in one request; larger ones go in parts of this size.
const PART_BYTES: usize = 8 * 1024 * 1024;

/// The annexes' object store.
#[derive(Debug, Clone)]
pub struct Objects {
    store: Arc<dyn ObjectStore>,
    /// The folder of a local store: objects are hard-linked into it from the staging folder (one write).
    local: Option<PathBuf>,
    /// The runtime of the calls made while a database transaction waits for them (see [`Self::block_on`]).
    inside: Arc<Inside>,
}

/// A runtime of the object store's own, with its own threads for file calls: a transaction that holds the
/// database while it stores or deletes an object never waits for the database threads, which may all be
/// waiting for that transaction (sixteen uploads at once froze the hub for good when it borrowed them).
#[derive(Debug)]
struct Inside(Option<tokio::runtime::Runtime>);

impl Inside {
    fn start() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(64)
            .thread_name("annex-objects")
            .enable_all()
            .build()?;
        Ok(Self(Some(runtime)))
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        // Dropped on the hub's own runtime at shutdown, where a runtime may not block to stop.
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// A stored object, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its SHA-256.
    pub sha256: String,
    /// Its size.
    pub size: u64,
    /// When it was last written.
    pub modified: DateTime<Utc>,
}

fn object_path(sha256: &str) -> ObjectPath {
    ObjectPath::from(format!("annexes/{}/{sha256}", &sha256[..2]))
}

fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Objects {
    /// Opens the store the settings name (a local folder is created, mode 0700).
    ///
    /// # Errors
    /// When the folder cannot be created or the S3 settings are incomplete.
    pub fn open(settings: &ObjectStoreSettings) -> anyhow::Result<Self> {
        match settings {
            ObjectStoreSettings::Local(root) => {
                crate::files::private_dir(root)
                    .map_err(|e| anyhow::anyhow!("HUB_OBJECT_STORE_URL: cannot create {}: {e}", root.display()))?;
                Ok(Self {
                    store: Arc::new(LocalFileSystem::new_with_prefix(root)?),
                    local: Some(root.clone()),
                    inside: Arc::new(Inside::start()?),
                })
            }
            ObjectStoreSettings::S3(s3) => {
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(s3.access_key_id.expose())
                    .with_secret_access_key(s3.secret_access_key.expose());
                if let Some(endpoint) = &s3.endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                let bucket = builder.build()?;
                let store: Arc<dyn ObjectStore> = match &s3.prefix {
                    Some(prefix) => Arc::new(PrefixStore::new(bucket, prefix.as_str())),
                    None => Arc::new(bucket),
                };
                Ok(Self { store, local: None, inside: Arc::new(Inside::start()?) })
            }
        }
    }

    /// Runs `future` (one of this store's calls) to its end on the store's own runtime, from a thread that
    /// may block: a database thread inside a transaction.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        match &self.inside.0 {
            Some(runtime) => runtime.handle().block_on(future),
            None => unreachable!("the runtime is taken only when the store is dropped"),
        }
    }

    /// Stores the staged file `file` as object `sha256` unless it is there already.
    ///
    /// # Errors
    /// The store's error, as text.
    pub async fn store_file(&self, sha256: &str, file: &Path, size: u64) -> Result<(), String> {
        if self.exists(sha256).await? {
            return Ok(());
        }
        if let Some(root) = &self.local {
            return link_into(root, sha256, file).await;
        }
        let path = object_path(sha256);
        let mut reader = tokio::fs::File::open(file).await.map_err(fail)?;
        if size <= PART_BYTES as u64 {
            let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            reader.read_to_end(&mut bytes).await.map_err(fail)?;
            self.store.put(&path, PutPayload::from(bytes)).await.map_err(fail)?;
            return Ok(());
        }
        let upload = self.store.put_multipart(&path).await.map_err(fail)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut buffer = vec![0_u8; 1024 * 1024];
        let sent: Result<(), String> = async {
            loop {
                let read = reader.read(&mut buffer).await.map_err(fail)?;
                if read == 0 {
                    return Ok(());
                }
                writer.wait_for_capacity(2).await.map_err(fail)?;
                writer.write(&buffer[..read]);
            }
        }
        .await;
        match sent {
            // A failed completion leaves its parts to the bucket's rule for incomplete uploads.
            Ok(()) => writer.finish().await.map(drop).map_err(fail),
            // The parts sent so far are not left behind to be paid for.
            Err(e) => {
                if let Err(aborted) = writer.abort().await {
                    tracing::warn!(error = %aborted, "an interrupted multipart upload was not aborted");
                }
                Err(e)
            }
        }
    }

    /// Whether object `sha256` is stored.
    ///
    /// # Errors
    /// The store's error, as text.
    pub async fn exists(&self, sha256: &str) -> Result<bool, String> {
        match self.store.head(&object_path(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(fail(e)),
        }
    }

    /// Deletes object `sha256` (gone already is fine).
    ///
    /// # Errors
    /// The store's error, as text.
    pub async fn delete(&self, sha256: &str) -> Result<(), String> {
        match self.store.delete(&object_path(sha256)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(fail(e)),
        }
    }

    /// The bytes of object `sha256` (those in `range`, if given), as a stream.
    ///
    /// # Errors
    /// The store's error, as text.
    pub async fn read(
        &self,
        sha256: &str,
        range: Option<Range<u64>>,
    ) -> Result<BoxStream<'static, Result<Bytes, std::io::Error>>, String> {
        let options = GetOptions { range: range.map(GetRange::Bounded), ..GetOptions::default() };
        let got = self.store.get_opts(&object_path(sha256), options).await.map_err(fail)?;
        Ok(got.into_stream().map_err(std::io::Error::other).boxed())
    }

    /// Every stored annex object.
    ///
    /// # Errors
    /// The store's error, as text.
    pub async fn list(&self) -> Result<Vec<Listed>, String> {
        let prefix = ObjectPath::from("annexes");
        let metas: Vec<_> = self.store.list(Some(&prefix)).try_collect().await.map_err(fail)?;
        Ok(metas
            .into_iter()
            .filter_map(|m| {
                let sha256 = m.location.filename()?.to_owned();
                let valid =
                    sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
                valid.then_some(Listed { sha256, size: m.size, modified: m.last_modified })
            })
            .collect())
    }
}

/// Puts the staged file (its bytes already on the disk) into the local store by a hard link (no second
/// write of its bytes), or by a copy, itself made durable, when the two folders are on different file
/// systems; then makes the object's name durable (its folder, and the folders above when it was just made), so
/// that the row the caller commits next never names an object a crash could lose.
async fn link_into(root: &Path, sha256: &str, file: &Path) -> Result<(), String> {
    let target = root.join("annexes").join(&sha256[..2]).join(sha256);
    let (file, root, sha256) = (file.to_owned(), root.to_owned(), sha256.to_owned());
    tokio::task::spawn_blocking(move || {
        let parent = target.parent().unwrap_or(&root);
        let created = !parent.is_dir();
        std::fs::create_dir_all(parent)?;
        match std::fs::hard_link(&file, &target) {
            // Linked here, or by another upload of the same bytes: either way its name is made durable below.
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => {
                let partial = parent.join(format!(".{sha256}.{}", uuid::Uuid::now_v7().simple()));
                std::fs::copy(&file, &partial)?;
                std::fs::File::open(&partial)?.sync_all()?;
                std::fs::rename(&partial, &target)?;
            }
        }
        sync_dir(parent)?;
        if created {
            sync_dir(&root.join("annexes"))?;
            sync_dir(&root)?;
        }
        std::io::Result::Ok(())
    })
    .await
    .map_err(fail)?
    .map_err(fail)
}

/// Makes the names in folder `dir` durable (its entries written to the disk).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}
