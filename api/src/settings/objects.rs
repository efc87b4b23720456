//! Where annexes are stored (issue 20): the file system under the data folder by default, or any
//! S3-compatible store that several hub instances share.

use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

use super::vars::parse_range;
use super::{ConfigError, Secret, config_error};

/// Where annexes are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectStoreSettings {
    /// A folder (default `$HUB_DATA_DIR/objects`).
    Local(PathBuf),
    /// An S3-compatible store.
    S3(S3Settings),
}

/// An S3-compatible store: `HUB_OBJECT_STORE_URL=s3://bucket` (or `s3://bucket/prefix`) with the
/// `HUB_OBJECT_STORE_*` variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// The bucket.
    pub bucket: String,
    /// The folder of the bucket the hub's objects go under (the URL's path), if any.
    pub prefix: Option<String>,
    /// `HUB_OBJECT_STORE_ENDPOINT`: the server, for a store other than AWS (`http://` allowed).
    pub endpoint: Option<String>,
    /// `HUB_OBJECT_STORE_REGION` (default `us-east-1`).
    pub region: String,
    /// `HUB_OBJECT_STORE_ACCESS_KEY_ID`.
    pub access_key_id: Secret,
    /// `HUB_OBJECT_STORE_SECRET_ACCESS_KEY`.
    pub secret_access_key: Secret,
}

/// The annexes' settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexSettings {
    /// `HUB_OBJECT_STORE_URL`: `s3://bucket[/prefix]`, `file:///path`, or unset for `$HUB_DATA_DIR/objects`.
    pub store: ObjectStoreSettings,
    /// Where uploads are received before they are stored (`$HUB_DATA_DIR/uploads`, always local).
    pub staging: PathBuf,
    /// `HUB_ANNEX_SWEEP_MINUTES`: how often objects no annex names are looked for and deleted (default 60).
    pub sweep_every: Duration,
}

pub(super) fn read(lookup: &impl Fn(&str) -> Option<String>, data_dir: &Path) -> Result<AnnexSettings, ConfigError> {
    const URL: &str = "HUB_OBJECT_STORE_URL";
    let store = match lookup(URL) {
        None => ObjectStoreSettings::Local(data_dir.join("objects")),
        Some(raw) => {
            let url = Url::parse(&raw).map_err(|_| config_error(URL, "must be s3://bucket or file:///folder"))?;
            match url.scheme() {
                "file" => ObjectStoreSettings::Local(
                    url.to_file_path().map_err(|()| config_error(URL, "a file:// URL names an absolute folder"))?,
                ),
                "s3" => {
                    let bucket =
                        url.host_str().filter(|b| !b.is_empty()).ok_or_else(|| config_error(URL, "names no bucket"))?;
                    let required = |name: &'static str| {
                        lookup(name).ok_or_else(|| config_error(name, "is required with an s3:// store"))
                    };
                    let endpoint = lookup("HUB_OBJECT_STORE_ENDPOINT");
                    if let Some(e) = &endpoint
                        && !Url::parse(e).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
                    {
                        return Err(config_error("HUB_OBJECT_STORE_ENDPOINT", "must be an http(s) URL"));
                    }
                    let prefix = url.path().trim_matches('/');
                    // Checked as written: parsing the URL resolves `..` away.
                    let written = raw.split_once("://").and_then(|(_, rest)| rest.split_once('/')).map(|(_, p)| p);
                    if written.unwrap_or_default().split(['/', '?', '#']).any(|part| matches!(part, "." | "..")) {
                        return Err(config_error(URL, "a bucket's folder has no . or .. in its path"));
                    }
                    ObjectStoreSettings::S3(S3Settings {
                        bucket: bucket.to_owned(),
                        prefix: (!prefix.is_empty()).then(|| prefix.to_owned()),
                        endpoint,
                        region: lookup("HUB_OBJECT_STORE_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
                        access_key_id: Secret::new(required("HUB_OBJECT_STORE_ACCESS_KEY_ID")?),
                        secret_access_key: Secret::new(required("HUB_OBJECT_STORE_SECRET_ACCESS_KEY")?),
                    })
                }
                _ => return Err(config_error(URL, "must be s3://bucket or file:///folder")),
            }
        }
    };
    let minutes = parse_range(lookup, "HUB_ANNEX_SWEEP_MINUTES", 60, 1..=10_080)?;
    Ok(AnnexSettings {
        store,
        staging: data_dir.join("uploads"),
        sweep_every: Duration::from_secs(u64::from(minutes) * 60),
    })
}
