//! The documented paths and their methods: a request the routes do not take is a 404, or a 405 with
//! `Allow` when the path exists with other methods.

use actix_web::HttpResponse;

use crate::error::ApiError;

/// The documented paths and their methods, to tell "no such resource" (404) from "not with this
/// method" (405 with `Allow`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RouteTable(Vec<(Vec<String>, Vec<String>)>);

impl RouteTable {
    /// The table of the paths of a document in JSON, read without building the whole document.
    ///
    /// # Errors
    /// When it is not an OpenAPI document.
    pub fn of_json(document: &[u8]) -> anyhow::Result<Self> {
        #[derive(serde::Deserialize)]
        struct Paths {
            paths: std::collections::BTreeMap<String, std::collections::BTreeMap<String, serde::de::IgnoredAny>>,
        }
        let Paths { paths } = serde_json::from_slice(document)?;
        Ok(Self(
            paths
                .into_iter()
                .map(|(path, item)| {
                    let mut methods: Vec<String> = item.into_keys().map(|m| m.to_uppercase()).collect();
                    methods.sort();
                    (path.split('/').map(str::to_owned).collect(), methods)
                })
                .collect(),
        ))
    }

    /// The table of `document`'s paths.
    pub fn of(document: &utoipa::openapi::OpenApi) -> Self {
        let value = serde_json::to_value(&document.paths).unwrap_or_default();
        let routes = value
            .as_object()
            .map(|paths| {
                paths
                    .iter()
                    .map(|(path, item)| {
                        let segments = path.split('/').map(str::to_owned).collect();
                        let mut methods: Vec<String> = item
                            .as_object()
                            .map(|ops| ops.keys().map(|m| m.to_uppercase()).collect())
                            .unwrap_or_default();
                        methods.sort();
                        (segments, methods)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self(routes)
    }

    /// The methods `path` answers, when it names a documented resource: the documented ones, HEAD
    /// where there is GET, and OPTIONS; sorted, as `Allow` lists them.
    pub fn allow(&self, path: &str) -> Option<Vec<&str>> {
        let documented = self.methods(path)?;
        let mut allow: Vec<&str> = documented.iter().map(String::as_str).collect();
        if allow.contains(&"GET") {
            allow.push("HEAD");
        }
        allow.push("OPTIONS");
        allow.sort_unstable();
        allow.dedup();
        Some(allow)
    }

    /// The documented methods of `path`, when it names a documented resource.
    pub fn methods(&self, path: &str) -> Option<&[String]> {
        let asked: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .find(|(template, _)| {
                template.len() == asked.len()
                    && template.iter().zip(&asked).all(|(t, a)| t == a || (t.starts_with('{') && !a.is_empty()))
            })
            .map(|(_, methods)| methods.as_slice())
    }
}

/// The table of the document embedded in the binary, read at the first request no route takes rather
/// than at start: reading its 300 KB at start kept them in the idle server's memory. (A test checks
/// that the embedded document reads; were it not to, every unknown path would be a 404.)
fn embedded() -> &'static RouteTable {
    static TABLE: std::sync::OnceLock<RouteTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        RouteTable::of_json(super::OPENAPI_JSON).unwrap_or_else(|error| {
            tracing::error!(error = %error, "the embedded OpenAPI document does not read: no 405 answers");
            RouteTable::default()
        })
    })
}

/// What no route took: OPTIONS on a known path (204 with `Allow`), a 405 with `Allow` for another
/// method of a known path, else a 404. (HEAD arrives here as GET: the middleware turned it into one.)
pub(super) async fn no_route(req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    let Some(allow) = embedded().allow(req.path()) else {
        return Err(ApiError::NoRoute);
    };
    if req.method() != actix_web::http::Method::OPTIONS && allow.contains(&req.method().as_str()) {
        return Err(ApiError::NoRoute);
    }
    let allow = allow.join(", ");
    if req.method() == actix_web::http::Method::OPTIONS {
        return Ok(HttpResponse::NoContent().insert_header((actix_web::http::header::ALLOW, allow)).finish());
    }
    Err(ApiError::MethodNotAllowed { allow })
}
