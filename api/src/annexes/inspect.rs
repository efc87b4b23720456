//! What a received file is: its kind by its first bytes (the `infer` crate's magic numbers, never the
//! name), and a PDF's pages (parsed with `lopdf`).

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::OwnedSemaphorePermit;

use domain::annex::AnnexType;

/// The most pages a PDF may claim (a page tree's `/Count` is the file's word, and the registry keeps it).
pub const PAGES_MAX: u32 = 1_000_000;

/// A file's kind by its first bytes, if one the hub takes.
pub fn sniff(head: &[u8]) -> Option<AnnexType> {
    let found = infer::get(head)?;
    AnnexType::from_media_type(found.mime_type())
}

/// The PDF's pages (at most [`PAGES_MAX`]), or why it cannot be read: parsed on a thread of its own with a large stack (a
/// hostile file's nesting never reaches the server's threads) that holds `permit` until it ends, its
/// trailer, cross-reference table and page tree read by `lopdf`; past `deadline` the caller is told it
/// was not read.
///
/// # Errors
/// The parser's message when the file does not open as a PDF.
pub async fn pdf_pages(file: PathBuf, permit: OwnedSemaphorePermit, deadline: Duration) -> Result<u32, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("pdf-check".to_owned())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _permit = permit;
            let result = lopdf::Document::load_metadata(&file).map(|m| m.page_count).map_err(|e| e.to_string());
            // The count is what the page tree claims, as viewers show it: none (a tree that cannot be read,
            // pages locked by a password) or more than any real document's is a file that does not open.
            let result = result.and_then(|pages| match pages {
                0 => Err("no page can be read in it (is it protected by a password?)".to_owned()),
                n if n > PAGES_MAX => Err(format!("it claims {n} pages, more than a document has")),
                n => Ok(n),
            });
            let _ = tx.send(result);
        })
        .map_err(|e| e.to_string())?;
    match tokio::time::timeout(deadline, rx).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err("the PDF check stopped".to_owned()),
        Err(_) => Err(format!("it was not read in {} seconds", deadline.as_secs())),
    }
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
