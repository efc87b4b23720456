//! Bulk exports streamed page by page: a task reads one page at a time on the blocking pool and hands
//! its rows, written as CSV records or as the items of one JSON object, to the response through a small
//! channel, so memory holds a few pages whatever the export's size, and a slow reader slows the reads
//! down. A read failing half-way aborts the response (the client sees a broken transfer, never a
//! complete-looking truncated file).

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::HttpResponse;
use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;
use serde::Serialize;
use tokio::sync::mpsc;

use crate::error::ApiError;
use crate::routes::blocking;

/// Pages in flight between the reads and the response.
const IN_FLIGHT: usize = 4;

/// A response body fed by a channel.
pub(crate) struct Channel(pub(crate) mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl MessageBody for Channel {
    type Error = std::io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.get_mut().0.poll_recv(cx)
    }
}

/// How an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV, its head first, every cell neutralised.
    Csv,
    /// One JSON object, its rows in `items` (an object leaves room for more fields).
    Json,
}

/// An export's rows, a page at a time.
pub trait Pages: Send + 'static {
    /// One row.
    type Row: Serialize + Send + 'static;

    /// The CSV head.
    fn head(&self) -> &'static [&'static str];

    /// The page after key `after` (from the start without one), with the key to continue after (none
    /// at the end). Runs on the blocking pool.
    ///
    /// # Errors
    /// The store's.
    fn page(&self, after: Option<String>) -> Result<(Vec<Self::Row>, Option<String>), persistence::StoreError>;

    /// A row as a CSV record, in the head's order.
    fn record(&self, row: &Self::Row) -> Vec<String>;
}

/// The rows of `pages` written as `format`, streamed; `filename` names the download.
pub fn response<P: Pages + Clone + Sync>(pages: P, format: Format, filename: &str) -> HttpResponse {
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    actix_web::rt::spawn(async move {
        if let Err(e) = feed(&pages, format, &tx).await {
            tracing::error!(error = %e, "an export failed half-way");
            let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
        }
    });
    let (content_type, extension) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}.{extension}\"")))
        .insert_header(("Cache-Control", "no-store"))
        .body(Channel(rx))
}

/// Reads every page and sends it; stops early (quietly) when the reader has gone.
async fn feed<P: Pages + Clone + Sync>(
    pages: &P,
    format: Format,
    tx: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), ApiError> {
    let opening = match format {
        Format::Csv => crate::csv_export::records([pages.head().to_vec()])?,
        Format::Json => b"{\"items\": [".to_vec(),
    };
    if tx.send(Ok(Bytes::from(opening))).await.is_err() {
        return Ok(());
    }
    let (mut after, mut first) = (None, true);
    loop {
        let reader = pages.clone();
        let (rows, next) = blocking(move || reader.page(after)).await?;
        let chunk = match format {
            Format::Csv => crate::csv_export::records(rows.iter().map(|r| pages.record(r)))?,
            Format::Json => {
                let mut chunk = Vec::new();
                for row in &rows {
                    chunk.extend_from_slice(if first { b"\n" } else { b",\n" });
                    first = false;
                    serde_json::to_writer(&mut chunk, row).map_err(|e| ApiError::internal("json export", e))?;
                }
                chunk
            }
        };
        if !chunk.is_empty() && tx.send(Ok(Bytes::from(chunk))).await.is_err() {
            return Ok(());
        }
        match next {
            Some(key) => after = Some(key),
            None => break,
        }
    }
    if format == Format::Json {
        let _ = tx.send(Ok(Bytes::from_static(b"\n]}\n"))).await;
    }
    Ok(())
}
