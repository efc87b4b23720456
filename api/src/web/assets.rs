//! The pages' style sheet, script and images, embedded in the binary and served under names that
//! carry a hash of their content, so that a browser keeps them for a year and a new release is fetched
//! at once.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use rust_embed::Embed;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Embed)]
#[folder = "assets/"]
struct Files;

/// One asset.
#[derive(Debug)]
struct Asset {
    body: web::Bytes,
    mime: String,
}

/// The assets by their hashed names, and each name's hashed URL.
#[derive(Debug, Default)]
pub struct Assets {
    by_hashed: HashMap<String, Asset>,
    urls: HashMap<String, String>,
}

impl Assets {
    /// Hashes every embedded file once, at start.
    pub fn load() -> Self {
        let mut assets = Self::default();
        for name in Files::iter() {
            let Some(file) = Files::get(&name) else { continue };
            let hash = hex::encode(&Sha256::digest(&file.data)[..6]);
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{name}.{hash}"),
            };
            assets.urls.insert(name.to_string(), format!("/assets/{hashed}"));
            let mime = file.metadata.mimetype().to_owned();
            assets.by_hashed.insert(hashed, Asset { body: web::Bytes::from(file.data.into_owned()), mime });
        }
        assets
    }

    /// The URL of the asset `name` (e.g. `hub.css`); an unknown name is a bug the page tests catch.
    pub fn url(&self, name: &str) -> String {
        self.urls.get(name).cloned().unwrap_or_else(|| "/assets/missing".to_owned())
    }

    /// The total size of the assets, in bytes.
    pub fn total_bytes(&self) -> usize {
        self.by_hashed.values().map(|a| a.body.len()).sum()
    }
}

/// An asset by its hashed name: kept for a year, never changed.
#[get("/assets/{name}")]
pub async fn asset(state: web::Data<AppState>, name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let asset = state.assets.by_hashed.get(name.as_str()).ok_or(ApiError::NoRoute)?;
    Ok(HttpResponse::Ok()
        .content_type(asset.mime.as_str())
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(asset.body.clone()))
}
