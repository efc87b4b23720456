//! Wiring: the actix application, the server and the mail worker.

use std::net::SocketAddr;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::dev::{ServerHandle, ServiceFactory, ServiceRequest};
use actix_web::http::header;
use actix_web::middleware::{Condition, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use domain::Clock;
use persistence::{AuditKey, PoolOptions, Store};
use utoipa::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{AppExt, UtoipaApp, scope};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::auth::jwt::JwtKeys;
use crate::auth::mail_throttle::MailThrottle;
use crate::auth::passwords::Passwords;
use crate::auth::throttle::LoginThrottle;
use crate::cache::ReadCache;
use crate::error::{ApiError, json_error, path_error, query_error};
use crate::mail::Transport;
use crate::mail::templates::Templates;
use crate::mail::worker::MailWorker;
use crate::metrics::Metrics;
use crate::openapi::ApiDoc;
use crate::routes::{
    admin, auth, auto_assign, catalogue, challenges, decisions, me, ops, organizations, passwords, pillars, proposals,
    ranking, reviews, users,
};
use crate::settings::Settings;
use crate::state::AppState;

/// Every `/api/v1` endpoint, on a utoipa-actix-web config (the document) or a plain actix one (each
/// worker of the server: documenting every path again in every worker cost megabytes of memory).
macro_rules! api_v1 {
    ($cfg:expr) => {
        $cfg.service(auth::register)
            .service(auth::verify_email)
            .service(auth::resend_verification)
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(passwords::password_reset)
            .service(passwords::password_reset_confirm)
            .service(me::me)
            .service(me::update)
            .service(passwords::change_password)
            .service(me::list_tokens)
            .service(me::create_token)
            .service(me::revoke_token)
            .service(me::export)
            .service(me::erase)
            .service(organizations::list)
            .service(organizations::create)
            .service(organizations::get)
            .service(organizations::invite)
            .service(users::list)
            .service(users::set_roles)
            .service(admin::outbox)
            .service(admin::audit)
            .service(challenges::list)
            .service(challenges::create)
            .service(challenges::get)
            .service(challenges::update)
            .service(challenges::open)
            .service(challenges::close)
            .service(challenges::archive)
            .service(proposals::list)
            .service(proposals::create)
            .service(proposals::get)
            .service(proposals::update)
            .service(proposals::submit)
            .service(proposals::withdraw)
            .service(proposals::resubmit)
            .service(proposals::request_revision)
            .service(proposals::screen)
            .service(proposals::history)
            .service(proposals::version)
            .service(pillars::list)
            .service(ranking::get)
            .service(auto_assign::auto_assign)
            .service(decisions::decide)
            .service(decisions::feedback)
            .service(reviews::assign)
            .service(reviews::assignments)
            .service(reviews::unassign)
            .service(reviews::proposal_reviews)
            .service(reviews::queue)
            .service(reviews::get)
            .service(reviews::save)
            .service(reviews::confirm_no_conflict)
            .service(reviews::decline)
            .service(reviews::submit)
            .service(catalogue::list)
            .service(catalogue::create)
            .service(catalogue::publiccode)
            .service(catalogue::history)
            .service(catalogue::get)
            .service(catalogue::update)
            .service(catalogue::publish)
            .service(catalogue::deprecate)
            .service(catalogue::retire)
            .service(catalogue::promote);
    };
}

fn documented_v1(cfg: &mut ServiceConfig) {
    api_v1!(cfg);
}

fn served_v1(cfg: &mut web::ServiceConfig) {
    api_v1!(cfg);
}

/// The routes as the OpenAPI document sees them, through utoipa-actix-web (the server registers the
/// same `api_v1!` list on plain actix scopes).
pub fn utoipa_app<T>(app: App<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope::scope("/api/v1").configure(documented_v1))
        .service(ops::healthz)
        .service(ops::readyz)
        .service(ops::metrics)
}

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

    /// The methods `path` answers, when it names a documented resource.
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

async fn no_route(req: actix_web::HttpRequest, routes: web::Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    match routes.methods(req.path()) {
        Some(methods) if !methods.iter().any(|m| m == req.method().as_str()) => {
            Err(ApiError::MethodNotAllowed { allow: methods.join(", ") })
        }
        _ => Err(ApiError::NoRoute),
    }
}

/// The OpenAPI document as served: the checked-in `openapi.yaml` as JSON, embedded by `build.rs`. It
/// is the document the code generates (the `openapi` test fails otherwise), without building it at
/// start: that left about 9 MiB in the heap for good.
pub static OPENAPI_JSON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/openapi.json"));

async fn openapi_document() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(web::Bytes::from_static(OPENAPI_JSON))
}

async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/docs/")).finish()
}

fn cors(settings: &Settings) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::IF_MATCH, header::IF_NONE_MATCH])
        .allowed_header("idempotency-key")
        .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
        .expose_headers(["x-request-id"])
        .max_age(3600);
    for origin in &settings.cors_origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// A started hub.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Stops it.
    pub handle: ServerHandle,
    /// The store it uses.
    pub store: Store,
    server: actix_web::dev::Server,
    worker: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Running {
    /// Serves until stopped; then stops the mail worker.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn wait(self) -> std::io::Result<()> {
        let result = self.server.await;
        self.worker.abort();
        result
    }
}

/// Connects to the database, migrates it, and seals the audit chain's head with `HUB_AUDIT_KEY` if
/// it is not sealed yet (the first start after the chain was keyed).
///
/// # Errors
/// When the database is unreachable, a migration fails, or `HUB_AUDIT_KEY` is not the key the audit
/// log was written with (entries written with it would break the chain).
pub fn open_store(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Store> {
    let store = open_store_any_key(settings, clock)?;
    if !store.audit_seal()? {
        anyhow::bail!("HUB_AUDIT_KEY: is not the key this hub's audit log was written with (see `hub audit verify`)");
    }
    Ok(store)
}

/// [`open_store`] that neither seals the audit chain nor refuses another key: for `hub audit verify`,
/// which only reads, and names a wrong key.
///
/// # Errors
/// When the database is unreachable or a migration fails.
pub fn open_store_any_key(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Store> {
    if settings.is_embedded() {
        crate::files::private_dir(&settings.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "HUB_DATA_DIR: cannot create {} or make it private (0700): {e}",
                settings.data_dir.display()
            )
        })?;
    }
    let options =
        PoolOptions { max_size: settings.pool_size, lock_timeout: settings.lock_timeout, ..PoolOptions::default() };
    let audit_key = AuditKey::new(settings.audit_key.expose()).map_err(|e| anyhow::anyhow!("HUB_AUDIT_KEY: {e}"))?;
    let store = Store::connect(settings.database_url.expose(), &options, clock, audit_key)
        .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot connect: {e}"))?;
    let applied = store.migrate()?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "applied migrations");
    }
    // The rubric is reference data every hub serves, not demo data.
    if store.rubric_ensure(&crate::seeds::rubric::embedded()?)? {
        tracing::info!("stored the evaluation rubric");
    }
    Ok(store)
}

/// Builds the shared state (and self-tests the JWT keys).
///
/// # Errors
/// When a component cannot start.
pub fn state(settings: Arc<Settings>, store: Store) -> anyhow::Result<AppState> {
    // A few KiB each at most: a few MiB when full.
    const PUBLIC_PAGES: usize = 1024;
    const SESSIONS: usize = 4096;
    let jwt = JwtKeys::new(settings.jwt_secret.expose().as_bytes());
    jwt.self_test().map_err(|e| anyhow::anyhow!("JWT self-test failed: {e}"))?;
    Ok(AppState {
        store,
        jwt,
        passwords: Passwords::new(settings.argon2)?,
        throttle: LoginThrottle::new(
            settings.login_free_failures,
            settings.login_account_failures_per_hour,
            settings.login_per_address_per_minute,
        ),
        mail_throttle: MailThrottle::new(settings.mail_per_recipient_per_hour, settings.mail_per_client_per_hour),
        metrics: Metrics::new()?,
        public_pages: ReadCache::new(PUBLIC_PAGES, settings.cache_ttl),
        sessions: ReadCache::new(SESSIONS, settings.cache_ttl),
        settings,
    })
}

/// Starts the hub: migrates, binds, spawns the mail worker. Must run inside an actix system.
///
/// # Errors
/// When the database, the address or the mail transport cannot be used.
pub async fn start(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Running> {
    let settings = Arc::new(settings);
    let store = open_store(&settings, clock)?;
    let transport = Transport::from_settings(&settings)?;
    let state = web::Data::new(state(settings.clone(), store.clone())?);
    let worker = MailWorker {
        store: store.clone(),
        transport,
        templates: Arc::new(Templates::new()?),
        from: settings.mail_from.parse()?,
        poll: settings.outbox_poll,
        max_attempts: settings.outbox_max_attempts,
        public_url: settings.public_url.as_str().trim_end_matches('/').to_owned(),
    };
    let worker = tokio::spawn(worker.run());
    let routes = web::Data::new(RouteTable::of_json(OPENAPI_JSON)?);
    let body_limit = settings.body_limit;
    let cors_enabled = !settings.cors_origins.is_empty();
    let server_settings = settings.clone();
    let throttle_state = state.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(routes.clone())
            .app_data(web::JsonConfig::default().limit(body_limit).error_handler(json_error))
            .app_data(web::PayloadConfig::new(body_limit))
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error))
            .service(web::scope("/api/v1").configure(served_v1))
            .service(ops::healthz)
            .service(ops::readyz)
            .service(ops::metrics)
            .route("/api/openapi.json", web::get().to(openapi_document))
            .service(
                SwaggerUi::new("/docs/{_:.*}")
                    .config(Config::new(["/api/openapi.json"]).validator_url("none").try_it_out_enabled(true)),
            )
            .route("/docs", web::get().to(docs_redirect))
            .default_service(web::to(no_route))
            .wrap(Condition::new(cors_enabled, cors(&server_settings)))
            .wrap(from_fn(crate::middleware::around))
    })
    .workers(settings.workers)
    .worker_max_blocking_threads(settings.blocking_threads)
    .bind(settings.bind)
    .map_err(|e| anyhow::anyhow!("HUB_BIND: cannot listen on {}: {e}", settings.bind))?;
    let addr = server.addrs().first().copied().ok_or_else(|| anyhow::anyhow!("HUB_BIND: no address bound"))?;
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            throttle_state.throttle.prune();
            throttle_state.mail_throttle.prune();
        }
    });
    Ok(Running { addr, handle, store, server, worker })
}
