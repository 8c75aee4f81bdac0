//! Assembles the application from its configuration and a bound listener.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::auth::access_token::AccessTokens;
use crate::auth::cookies::CookiePolicy;
use crate::auth::csrf;
use crate::auth::keys::{KeyRing, load_or_create_master};
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::http_errors;
use crate::proxies::TrustedProxies;
use crate::routes;
use crate::state::{AppState, Lifetimes};
use crate::store::{Store, sessions};
use crate::telemetry;

/// How often sessions past their expiry are deleted.
const CLEANUP_INTERVAL: Duration = Duration::from_secs(3600);
/// Argon2id hashes allowed at once (each takes ~19 MiB).
const CONCURRENT_HASHES: usize = 4;

pub struct Application {
    port: u16,
    server: Server,
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
        });

        let listener = TcpListener::bind(config.bind_addr)
            .with_context(|| format!("BIND_ADDR: cannot listen on {}", config.bind_addr))?;
        let port = listener.local_addr()?.port();
        let server = serve(listener, state.clone())?;
        spawn_cleanup(state.store.clone());
        tracing::info!(address = %listener_address(&config, port), "listening");
        Ok(Self {
            port,
            server,
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

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn listener_address(config: &Config, port: u16) -> String {
    format!("http://{}:{port}", config.bind_addr.ip())
}

fn serve(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(http_errors::json_config())
            .app_data(http_errors::path_config())
            .app_data(http_errors::query_config())
            .wrap(from_fn(csrf::refuse_cross_site))
            .wrap(from_fn(http_errors::fill_empty_errors))
            .wrap(DefaultHeaders::new().add((CACHE_CONTROL, HeaderValue::from_static("no-store"))))
            .wrap(from_fn(telemetry::log_request))
            .configure(routes::configure)
            .default_service(web::to(http_errors::not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
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
        }
    });
}
