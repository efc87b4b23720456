//! What a received file is: its kind by its first bytes (the `infer` crate's magic numbers, never the
//! name), and a PDF's pages (parsed with `lopdf`, and counted leaf by leaf).

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use lopdf::{Document, LoadOptions, Object, ObjectId};
use tokio::sync::OwnedSemaphorePermit;

use domain::annex::AnnexType;

/// The most pages a PDF may have.
pub const PAGES_MAX: u32 = 1_000_000;
/// The most bytes one of a PDF's object streams (compressed dictionaries) may unpack to while it is read.
const OBJECT_STREAM_MAX: usize = 16 * 1024 * 1024;

/// A file's kind by its first bytes, if one the hub takes.
pub fn sniff(head: &[u8]) -> Option<AnnexType> {
    let found = infer::get(head)?;
    AnnexType::from_media_type(found.mime_type())
}

/// The PDF's pages (at most [`PAGES_MAX`]), or why it cannot be read: parsed on a thread of its own with a
/// large stack (a hostile file's nesting never reaches the server's threads) that holds `permit` until it
/// ends; past `deadline` the caller is told it was not read. The pages are counted (see [`pages`]), never
/// taken from what the file says of itself.
///
/// # Errors
/// The parser's message, or the page tree's fault, when the file does not open as a PDF.
pub async fn pdf_pages(file: PathBuf, permit: OwnedSemaphorePermit, deadline: Duration) -> Result<u32, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("pdf-check".to_owned())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _permit = permit;
            let _ = tx.send(std::fs::read(&file).map_err(|e| e.to_string()).and_then(|bytes| pages(&bytes)));
        })
        .map_err(|e| e.to_string())?;
    match tokio::time::timeout(deadline, rx).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err("the PDF check stopped".to_owned()),
        Err(_) => Err(format!("it was not read in {} seconds", deadline.as_secs())),
    }
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
        lopdf::Error::Decryption(_) | lopdf::Error::Unimplemented(_) => {
            "its pages cannot be read (is it protected by a password?)".to_owned()
        }
        e => e.to_string(),
    })?;
    let root = document
        .catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| "it has no page tree".to_owned())?;
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
/// hold dictionaries such as pages, are kept to be unpacked.
fn without_content(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object
        && !stream.dict.has_type(b"ObjStm")
    {
        stream.content = Vec::new();
    }
    Some((id, Object::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of `objects` (numbered from 1, the catalogue first), its cross-reference table right.
    fn pdf(objects: &[&str]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        let trailer = format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
        out.extend_from_slice(trailer.as_bytes());
        out
    }

    const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
    const PAGE: &str = "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>";
    const CONTENT: &str = "<< /Length 4 >>\nstream\nq Q\n\nendstream";

    #[test]
    fn pages_are_counted_leaf_by_leaf_through_nested_trees() {
        let tree = "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>";
        let inner = "<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 7 0 R] /Count 2 >>";
        let bytes = pdf(&[CATALOG, tree, PAGE, inner, CONTENT, PAGE, PAGE]);
        assert_eq!(pages(&bytes), Ok(3));
    }

    #[test]
    fn a_page_tree_that_lies_repeats_or_loops_does_not_open() {
        let fewer = pdf(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 1 >>", PAGE, PAGE, CONTENT]);
        assert_eq!(pages(&fewer), Err("its page tree says it has 1 pages but holds 2".to_owned()));
        let twice = pdf(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>", PAGE, CONTENT, CONTENT]);
        assert_eq!(pages(&twice), Err("its page tree names object 3 twice".to_owned()));
        let looping = pdf(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>", PAGE, CONTENT, CONTENT]);
        assert_eq!(pages(&looping), Err("its page tree names object 2 twice".to_owned()));
        let stranger = pdf(&[CATALOG, "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>", PAGE, CONTENT, CATALOG]);
        assert_eq!(pages(&stranger), Err("its page tree holds object 5, which is no page".to_owned()));
        let empty = pdf(&[CATALOG, "<< /Type /Pages /Kids [] /Count 0 >>", PAGE, CONTENT, CONTENT]);
        assert!(pages(&empty).is_err_and(|e| e.starts_with("no page can be read")));
        assert!(pages(b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n").is_err());
    }

    #[test]
    fn kinds_are_told_by_content_not_by_name() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(AnnexType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(AnnexType::Png));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some(AnnexType::Jpeg));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None, "an executable is none of the annex kinds");
        assert_eq!(sniff(b"just some text, named budget.pdf"), None);
    }
}
