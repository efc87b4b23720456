//! Wiring: the actix application, the server and the mail worker.

use std::net::SocketAddr;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::dev::{ServerHandle, ServiceFactory, ServiceRequest};
use actix_web::http::header;
use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use domain::Clock;
use persistence::Store;
use utoipa::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{AppExt, UtoipaApp, scope};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::auth::jwt::JwtKeys;
use crate::auth::mail_throttle::MailThrottle;

mod route_table;
mod store;

use crate::auth::passwords::Passwords;
use crate::auth::throttle::LoginThrottle;
use crate::cache::ReadCache;
use crate::error::{json_error, path_error, query_error};
use crate::mail::Transport;
use crate::mail::templates::Templates;
use crate::mail::worker::MailWorker;
use crate::metrics::Metrics;
use crate::openapi::ApiDoc;
use crate::routes::{
    admin, administrations, adoptions, analytics, annexes, auth, auto_assign, catalogue, challenges, consensus,
    decisions, directory, expertise, exports, me, membership, needs, notices, open_data, opinions, ops, organizations,
    passwords, pillars, portfolio, proposals, quality, ranking, redress, responses, reviews, similarity, summary,
    users, webhooks,
};
use crate::settings::Settings;
use crate::state::AppState;
pub use route_table::RouteTable;
use route_table::no_route;
pub use store::{open_store, open_store_any_key};

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
            .service(membership::transfer)
            .service(membership::update)
            .service(membership::invitations)
            .service(membership::revoke)
            .service(membership::remove_member)
            .service(administrations::verify)
            .service(administrations::members)
            .service(administrations::appoint)
            .service(administrations::dismiss)
            .service(adoptions::of_organization)
            .service(users::list)
            .service(users::set_roles)
            .service(admin::outbox)
            .service(admin::retry)
            .service(admin::verification)
            .service(admin::audit)
            .service(needs::list)
            .service(needs::create)
            .service(needs::get)
            .service(needs::edit)
            .service(needs::cosign)
            .service(needs::withdraw)
            .service(needs::merge)
            .service(needs::close)
            .service(needs::convert)
            .service(challenges::list)
            .service(challenges::create)
            .service(challenges::get)
            .service(challenges::update)
            .service(challenges::follow)
            .service(challenges::propose)
            .service(challenges::send_back)
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
            .service(annexes::list)
            .service(annexes::upload_multipart)
            .service(annexes::put_file)
            .service(annexes::get)
            .service(annexes::content)
            .service(annexes::remove)
            .service(annexes::bundle)
            .service(similarity::services)
            .service(similarity::proposals)
            .service(opinions::list)
            .service(opinions::give)
            .service(pillars::list)
            .service(ranking::get)
            .service(portfolio::get)
            .service(consensus::get)
            .service(consensus::rapporteur)
            .service(consensus::draft)
            .service(consensus::position)
            .service(consensus::finalise)
            .service(notices::get)
            .service(notices::give)
            .service(notices::observe)
            .service(responses::get)
            .service(responses::send)
            .service(quality::ratings)
            .service(quality::rate)
            .service(quality::quality)
            .service(webhooks::list)
            .service(webhooks::create)
            .service(webhooks::get)
            .service(webhooks::update)
            .service(webhooks::remove)
            .service(webhooks::rotate)
            .service(webhooks::deliveries::list)
            .service(webhooks::deliveries::redeliver)
            .service(webhooks::deliveries::ping)
            .service(redress::get)
            .service(redress::file)
            .service(redress::handle)
            .service(auto_assign::auto_assign)
            .service(decisions::decide)
            .service(decisions::feedback)
            .service(summary::evaluation_summary)
            .service(analytics::funnel)
            .service(open_data::services)
            .service(open_data::adoptions)
            .service(open_data::funnel)
            .service(exports::proposals)
            .service(exports::reviews)
            .service(directory::evaluators)
            .service(expertise::vocabulary)
            .service(expertise::save_term)
            .service(expertise::retire_term)
            .service(expertise::declare)
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
            .service(adoptions::list)
            .service(adoptions::get)
            .service(adoptions::declare)
            .service(adoptions::write_message)
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
        .service(ops::status)
        .service(ops::metrics)
}

/// The OpenAPI document as served: the checked-in `openapi.yaml` as JSON, embedded by `build.rs`. It
/// is the document the code generates (the `openapi` test fails otherwise), without building it at
/// start: that left about 9 MiB in the heap for good.
pub static OPENAPI_JSON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/openapi.json"));

/// The document as this hub serves it: [`OPENAPI_JSON`] with this hub as its server, made at its first
/// request (parsing the whole document at start left megabytes of the heap touched in an idle hub).
struct ServedDocument {
    public_url: url::Url,
    body: std::sync::OnceLock<web::Bytes>,
}

async fn openapi_document(document: web::Data<ServedDocument>) -> HttpResponse {
    let body = document.body.get_or_init(|| crate::openapi::served(OPENAPI_JSON, &document.public_url).into());
    HttpResponse::Ok().content_type("application/json").body(body.clone())
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
        .expose_headers(["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"])
        .expose_headers([header::LINK, header::ALLOW])
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
    hooks: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Running {
    /// Serves until stopped; then stops the mail and webhook workers.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn wait(self) -> std::io::Result<()> {
        let result = self.server.await;
        self.worker.abort();
        self.hooks.abort();
        result
    }
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
        api_limit: crate::auth::api_limit::ApiLimit::new(settings.api_requests_per_minute),
        metrics: Metrics::new()?,
        public_pages: ReadCache::new(PUBLIC_PAGES, settings.cache_ttl),
        public_html: ReadCache::new(PUBLIC_PAGES, settings.cache_ttl),
        sessions: ReadCache::new(SESSIONS, settings.cache_ttl),
        assets: crate::web::assets::Assets::load(),
        annexes: Arc::new(crate::annexes::Annexes::open(&settings.annexes)?),
        webhooks: Arc::new(crate::webhooks::Webhooks::new(settings.webhooks.clone())?),
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
    state.annexes.clone().spawn_sweeps(store.clone(), settings.annexes.sweep_every);
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
    let hooks = crate::webhooks::worker::WebhookWorker {
        store: store.clone(),
        hooks: state.webhooks.clone(),
        public_url: settings.public_url.as_str().trim_end_matches('/').to_owned(),
    };
    let hooks = tokio::spawn(hooks.run());
    let document =
        web::Data::new(ServedDocument { public_url: settings.public_url.clone(), body: std::sync::OnceLock::new() });
    let body_limit = settings.body_limit;
    let cors_enabled = !settings.cors_origins.is_empty();
    let server_settings = settings.clone();
    let throttle_state = state.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(document.clone())
            .app_data(web::JsonConfig::default().limit(body_limit).error_handler(json_error))
            .app_data(web::PayloadConfig::new(body_limit))
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error))
            .service(web::scope("/api/v1").configure(served_v1))
            .service(ops::healthz)
            .service(ops::readyz)
            .service(ops::status)
            .service(ops::metrics)
            .route("/api/openapi.json", web::get().to(openapi_document))
            .service(
                SwaggerUi::new("/docs/{_:.*}")
                    .config(Config::new(["/api/openapi.json"]).validator_url("none").try_it_out_enabled(true)),
            )
            .route("/docs", web::get().to(docs_redirect))
            .service(crate::routes::problems::index)
            .service(crate::routes::problems::problem)
            .configure(crate::web::configure)
            .default_service(web::to(no_route))
            .wrap(Condition::new(cors_enabled, cors(&server_settings)))
            .wrap(from_fn(crate::middleware::around))
            .wrap(from_fn(crate::problems::localize))
            .wrap(Compress::default())
            .wrap(from_fn(crate::middleware::vary))
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
            throttle_state.api_limit.prune();
        }
    });
    Ok(Running { addr, handle, store, server, worker, hooks })
}
