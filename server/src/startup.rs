//! Assembles the application from its configuration and a bound listener.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_session::SessionMiddleware;
use actix_session::config::CookieContentSecurity;
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::auth::access_token::AccessTokens;
use crate::auth::cookies::CookiePolicy;
use crate::auth::csrf;
use crate::auth::keys::{KeyRing, load_or_create_master};
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::http_errors;
use crate::metrics::Metrics;
use crate::pages;
use crate::panic_guard;
use crate::proxies::TrustedProxies;
use crate::rate_limit::RateLimits;
use crate::routes;
use crate::security_headers;
use crate::state::{AppState, Lifetimes};
use crate::static_files;
use crate::store::{Store, rate_limits, sessions};
use crate::telemetry;

/// How often sessions past their expiry are deleted.
const CLEANUP_INTERVAL: Duration = Duration::from_secs(3600);
/// How long requests in flight may take to finish after a stop signal.
const SHUTDOWN_GRACE_SECS: u64 = 10;
/// Argon2id hashes allowed at once (each takes ~19 MiB).
const CONCURRENT_HASHES: usize = 4;

pub struct Application {
    port: u16,
    server: Server,
    /// The separate `/metrics` listener, when METRICS_ADDR asks for one.
    metrics_server: Option<(u16, Server)>,
    state: web::Data<AppState>,
}

impl Application {
    /// Opens the store (running migrations), binds the listener and builds
    /// the server; nothing is served until `run_until_stopped`.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        config.validate().map_err(anyhow::Error::msg)?;
        let database = config.database();
        let store = web::block(move || Store::open(&database))
            .await?
            .map_err(|error| anyhow::anyhow!("DATABASE_URL: cannot open the store: {error}"))?;

        let master = match &config.secret_key {
            Some(key) => key.clone(),
            None => {
                let path = config.data_dir.join("secret.key");
                load_or_create_master(&path).with_context(|| {
                    format!("SECRET_KEY: cannot read or create {}", path.display())
                })?
            }
        };
        let keys = Arc::new(KeyRing::new(&master, &config.previous_secret_keys));
        let state = web::Data::new(AppState {
            store,
            access_tokens: AccessTokens::new(keys.clone(), config.access_token_ttl.0),
            keys,
            cookies: CookiePolicy::new(config.cookie_secure),
            passwords: web::block(|| Passwords::new(CONCURRENT_HASHES)).await??,
            lifetimes: Lifetimes {
                idle_ms: config.refresh_idle_ttl.as_millis(),
                max_age_ms: config.session_max_age.as_millis(),
                grace_ms: config.renew_grace.as_millis(),
            },
            proxies: TrustedProxies::new(
                config.trusted_proxies.clone(),
                config.public_origin.clone(),
            ),
            limits: RateLimits::new(config.login_rate_limit, config.renew_rate_limit),
            metrics: Metrics::default(),
        });

        let listener = TcpListener::bind(config.bind_addr)
            .with_context(|| format!("BIND_ADDR: cannot listen on {}", config.bind_addr))?;
        let port = listener.local_addr()?.port();
        let metrics_server = match config.metrics_addr {
            Some(address) => {
                let listener = TcpListener::bind(address)
                    .with_context(|| format!("METRICS_ADDR: cannot listen on {address}"))?;
                let metrics_port = listener.local_addr()?.port();
                tracing::info!(address = %format!("http://{}:{metrics_port}/metrics", address.ip()), "metrics listening");
                Some((metrics_port, serve_metrics(listener, state.clone())?))
            }
            None => None,
        };
        let server = serve(listener, state.clone(), metrics_server.is_none())?;
        spawn_cleanup(state.store.clone());
        tracing::info!(address = %listener_address(&config, port), "listening");
        Ok(Self {
            port,
            server,
            metrics_server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// The port of the separate metrics listener, if there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(port, _)| *port)
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.metrics_server {
            Some((_, metrics)) => {
                let site_handle = self.server.handle();
                let metrics_handle = metrics.handle();
                // Whichever stops first (a signal stops both), stop the other.
                let outcome = futures_util::future::select(self.server, metrics).await;
                site_handle.stop(true).await;
                metrics_handle.stop(true).await;
                outcome.factor_first().0
            }
            None => self.server.await,
        }
    }
}

fn listener_address(config: &Config, port: u16) -> String {
    format!("http://{}:{port}", config.bind_addr.ip())
}

fn serve(
    listener: TcpListener,
    state: web::Data<AppState>,
    metrics_on_site: bool,
) -> std::io::Result<Server> {
    let api_description = web::Data::new(routes::ApiDescription::new());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(http_errors::json_config())
            .app_data(http_errors::path_config())
            .app_data(http_errors::query_config())
            .app_data(api_description.clone())
            .wrap(from_fn(csrf::refuse_cross_site))
            .wrap(from_fn(http_errors::fill_empty_errors))
            .wrap(security_headers::defaults())
            .wrap(from_fn(panic_guard::catch_panics))
            .wrap(from_fn(telemetry::log_request))
            .configure(routes::configure)
            .configure(|config| {
                if metrics_on_site {
                    config.route("/metrics", web::get().to(routes::metrics::export));
                }
            })
            .service(web::resource("/static/{path:.*}").route(web::get().to(static_files::serve)))
            // The pages share one scope so that only they carry the
            // server-side session (form tokens, flash messages).
            .service(
                web::scope("")
                    .wrap(page_sessions(&state))
                    .app_data(pages::form_config())
                    .configure(pages::configure)
                    .default_service(web::to(http_errors::not_found)),
            )
            .default_service(web::to(http_errors::not_found))
    })
    // On SIGTERM or SIGINT: stop accepting, let requests in flight finish
    // (for at most this long), then exit.
    .shutdown_timeout(SHUTDOWN_GRACE_SECS)
    .listen(listener)?
    .run();
    Ok(server)
}

fn serve_metrics(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(routes::metrics::export))
    })
    .workers(1)
    .shutdown_timeout(SHUTDOWN_GRACE_SECS)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Form tokens and flash messages travel in a signed, encrypted cookie
/// whose key derives from the master key like every other key.
fn page_sessions(state: &AppState) -> SessionMiddleware<CookieSessionStore> {
    let secure = state.cookies.is_secure();
    SessionMiddleware::builder(
        CookieSessionStore::default(),
        Key::from(&state.keys.current().cookie),
    )
    .cookie_name(if secure { "__Host-session" } else { "session" }.to_owned())
    .cookie_secure(secure)
    .cookie_http_only(true)
    .cookie_same_site(SameSite::Lax)
    .cookie_path("/".to_owned())
    .cookie_content_security(CookieContentSecurity::Private)
    .build()
}

fn spawn_cleanup(store: Store) {
    actix_web::rt::spawn(async move {
        let mut interval = actix_web::rt::time::interval(CLEANUP_INTERVAL);
        loop {
            interval.tick().await;
            match store.run(sessions::delete_expired).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "expired sessions deleted"),
                Err(error) => tracing::warn!(%error, "could not delete expired sessions"),
            }
            if let Err(error) = store.run(rate_limits::delete_idle).await {
                tracing::warn!(%error, "could not delete idle rate-limit buckets");
            }
        }
    });
}
