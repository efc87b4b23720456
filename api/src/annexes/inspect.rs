//! What a received file is: its kind by its first bytes (the `infer` crate's magic numbers, never the
//! name), and a PDF's pages (parsed with `lopdf`, and counted leaf by leaf).

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lopdf::{Document, LoadOptions, Object, ObjectId};
use sha2::{Digest, Sha256};
use tokio::sync::OwnedMutexGuard;

use domain::annex::AnnexType;

/// The most pages a PDF may have.
pub const PAGES_MAX: u32 = 1_000_000;
/// The most bytes one of a PDF's object streams (compressed dictionaries) may unpack to while it is read.
const OBJECT_STREAM_MAX: usize = 16 * 1024 * 1024;
/// Why a PDF that asks a password to open is refused.
const LOCKED: &str = "its pages cannot be read (is it protected by a password?)";
/// The largest PDF check buffer kept between checks (a larger file's is freed after its check).
pub const BUFFER_KEPT: usize = 32 * 1024 * 1024;

/// The most bytes of an Office Open XML file's `[Content_Types].xml` read (a real one is a few KiB).
const CONTENT_TYPES_MAX: u64 = 1024 * 1024;
/// The content types of the main part of the Office Open XML documents the hub takes (a macro-enabled
/// one, `.docm` and the like, has another: it is refused).
const OFFICE_MAIN_PARTS: [(&str, AnnexType); 3] = [
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", AnnexType::Docx),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", AnnexType::Xlsx),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", AnnexType::Pptx),
];

/// A file's kind by its first bytes, if one the hub takes.
pub fn sniff(head: &[u8]) -> Option<AnnexType> {
    let found = infer::get(head)?;
    AnnexType::from_media_type(found.mime_type())
}

/// Whether a file's first bytes are a ZIP archive's: one [`sniff`] cannot name may be an Office Open XML
/// document whose writer did not put its main part among the first entries (python-docx, Pandoc, many
/// exporters), and one it names such a document (by its first entries' names alone) may be a macro-enabled
/// document or no document at all: both are told by [`office_open_xml`].
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

/// The kind of the ZIP archive `file` when it is an Office Open XML document the hub takes: the content
/// type its `[Content_Types].xml` gives its main part, wherever its entries are (read from the archive's
/// central directory, not from the order the writer chose). `None` for any other archive.
///
/// # Errors
/// When `file` cannot be read.
pub fn office_open_xml(file: &Path) -> std::io::Result<Option<AnnexType>> {
    let Ok(mut archive) = zip::ZipArchive::new(std::fs::File::open(file)?) else { return Ok(None) };
    let Ok(entry) = archive.by_name("[Content_Types].xml") else { return Ok(None) };
    let mut types = Vec::new();
    if entry.take(CONTENT_TYPES_MAX).read_to_end(&mut types).is_err() {
        return Ok(None);
    }
    let types = String::from_utf8_lossy(&types);
    let mut found = OFFICE_MAIN_PARTS.iter().filter(|(main, _)| types.contains(&format!("\"{main}\"")));
    Ok(match (found.next(), found.next()) {
        (Some((_, kind)), None) => Some(*kind),
        _ => None,
    })
}

/// Why a PDF check has no answer.
#[derive(Debug)]
pub enum PdfFault {
    /// The file does not open as a PDF, or not in time: the file's fault.
    Unreadable(String),
    /// Its staged copy could not be read, or the check could not start: the server's.
    Staging(String),
}

/// The thread PDFs are checked on, for as long as its owner lives (dropping it ends the thread): one, with a
/// large stack (a hostile file's nesting never reaches the server's threads), whose allocator heap holds what
/// the checks allocate — the buffer as it grows, `lopdf`'s copy of the content streams — and gives it back
/// once freed (after the allocator's purge delay). A thread per check left each one's freed 20 MiB in the heap
/// of a thread that had ended, and nothing gave it back: the hub's memory grew by 20 MiB every other 20 MiB
/// upload, and stayed (P12, stop 47).
#[derive(Debug)]
pub struct PdfChecker(std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>>);

impl PdfChecker {
    /// Starts the thread.
    ///
    /// # Errors
    /// When the thread cannot be started.
    pub fn start() -> std::io::Result<Self> {
        let (jobs, queue) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        std::thread::Builder::new().name("pdf-check".to_owned()).stack_size(64 * 1024 * 1024).spawn(move || {
            for job in queue {
                // A check that panics answers nothing (its caller is told the check stopped); the thread
                // goes on to the next.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        })?;
        Ok(Self(jobs))
    }
}

/// The SHA-256 (lowercase hex) of the staged PDF `file` of `size` bytes and its pages (at most
/// [`PAGES_MAX`]; see [`pages`]): read whole into `buffer` (the one check's, kept between checks up to
/// [`BUFFER_KEPT`] bytes: its memory is mapped already, where the kernel zeroes a fresh one page by page,
/// 14–22 % of the hub's CPU in stop 44's profile), then hashed on a second thread while it is parsed, on
/// `checker`'s thread, which holds `buffer` until the check ends; past `deadline` the caller is told the file
/// was not read.
///
/// # Errors
/// [`PdfFault::Unreadable`] with the parser's message or the page tree's fault, or when `deadline` passes;
/// [`PdfFault::Staging`] when the file cannot be read.
pub async fn pdf(
    checker: &PdfChecker,
    file: PathBuf,
    size: u64,
    mut buffer: OwnedMutexGuard<Vec<u8>>,
    deadline: Duration,
) -> Result<(String, u32), PdfFault> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let check = move || {
        let _ = tx.send(hash_and_count(&file, size, &mut buffer));
        if buffer.capacity() > BUFFER_KEPT {
            *buffer = Vec::new();
        }
    };
    checker.0.send(Box::new(check)).map_err(|_| PdfFault::Staging("the PDF check has stopped".to_owned()))?;
    match tokio::time::timeout(deadline, rx).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(PdfFault::Unreadable("the PDF check stopped".to_owned())),
        Err(_) => Err(PdfFault::Unreadable(format!("it was not read in {} seconds", deadline.as_secs()))),
    }
}

/// [`pdf`]'s work, on its thread.
fn hash_and_count(file: &Path, size: u64, buffer: &mut Vec<u8>) -> Result<(String, u32), PdfFault> {
    buffer.clear();
    buffer.reserve(usize::try_from(size).unwrap_or(0).saturating_add(1));
    std::fs::File::open(file).and_then(|mut f| f.read_to_end(buffer)).map_err(|e| PdfFault::Staging(e.to_string()))?;
    let bytes = buffer.as_slice();
    let (sha256, pages) = std::thread::scope(|threads| {
        let hashing = threads.spawn(|| hex::encode(Sha256::digest(bytes)));
        let pages = pages(bytes);
        (hashing.join(), pages)
    });
    let sha256 = sha256.map_err(|_| PdfFault::Staging("the hash stopped".to_owned()))?;
    Ok((sha256, pages.map_err(PdfFault::Unreadable)?))
}

/// The pages of the PDF `bytes`: its objects read without their content streams' bytes (only the page tree
/// is wanted), then the page tree walked from the catalogue, each page counted once. A tree that names a
/// node twice or something that is no page, or whose `/Count` (what viewers show) is not the pages it
/// holds, is a file that does not open: its page limit could not be trusted.
///
/// # Errors
/// Why the file does not open as a PDF.
pub fn pages(bytes: &[u8]) -> Result<u32, String> {
    let options = LoadOptions {
        filter: Some(without_content),
        max_decompressed_size: Some(OBJECT_STREAM_MAX),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::Unimplemented(_) => LOCKED.to_owned(),
        e => e.to_string(),
    })?;
    let root = document.catalog().and_then(|catalog| catalog.get(b"Pages")).and_then(Object::as_reference).map_err(
        // A file that asks a password to open loads with none of its objects.
        |_| if document.is_encrypted() { LOCKED } else { "it has no page tree" }.to_owned(),
    )?;
    let claimed = document.get_dictionary(root).and_then(|tree| tree.get(b"Count")).and_then(Object::as_i64).ok();
    let counted = count_leaves(&document, root)?;
    match claimed {
        _ if counted == 0 => Err("no page can be read in it (is it protected by a password?)".to_owned()),
        Some(claimed) if claimed != i64::from(counted) => {
            Err(format!("its page tree says it has {claimed} pages but holds {counted}"))
        }
        _ => Ok(counted),
    }
}

/// The page tree's leaves under `root`, at most [`PAGES_MAX`].
fn count_leaves(document: &Document, root: ObjectId) -> Result<u32, String> {
    let (mut seen, mut stack, mut pages) = (HashSet::new(), vec![root], 0_u32);
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            return Err(format!("its page tree names object {} twice", id.0));
        }
        let node = document.get_dictionary(id).map_err(|_| format!("page object {} cannot be read", id.0))?;
        let kids = node.get_deref(b"Kids", document).ok();
        match (node.get_type().ok(), kids) {
            (Some(b"Pages") | None, Some(kids)) => {
                let kids =
                    kids.as_array().map_err(|_| format!("the page tree's object {} has no list of pages", id.0))?;
                for kid in kids {
                    stack.push(
                        kid.as_reference().map_err(|_| "its page tree lists something that is no page".to_owned())?,
                    );
                }
            }
            (Some(b"Page") | None, None) => {
                pages += 1;
                if pages > PAGES_MAX {
                    return Err(format!("it has more than {PAGES_MAX} pages, more than a document has"));
                }
            }
            _ => return Err(format!("its page tree holds object {}, which is no page", id.0)),
        }
    }
    Ok(pages)
}

/// Keeps a PDF's objects without their content streams' bytes (pages, images, fonts); object streams, which
/// hold dictionaries such as pages, are kept to be unpacked. `lopdf` keeps an object as the filter changed
/// it, but an object stream's members as the filter returns them: what is kept must be returned (a `Null`
/// emptied the page tree of every PDF that packs it in object streams, as pdfTeX, Word and Acrobat do).
fn without_content(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object
        && !stream.dict.has_type(b"ObjStm")
    {
        stream.content = Vec::new();
    }
    Some((id, object.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_content_not_by_name() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(AnnexType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(AnnexType::Png));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some(AnnexType::Jpeg));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None, "an executable is none of the annex kinds");
        assert_eq!(sniff(b"just some text, named budget.pdf"), None);
    }
}
