//! Spawning the app in-process on port 0, each with its own database.

use std::sync::Arc;

use actix_web::dev::ServerHandle;
use actix_web::web;
use silent_renew::config::Config;
use silent_renew::startup::Application;
use silent_renew::state::AppState;

use crate::client::TestClient;
use crate::database::{self, TempDir, TestDatabase};
use crate::proxy::TcpProxy;

/// The master key of every PostgreSQL test app (instances of one site share it).
pub const TEST_SECRET: &str = "a test master key - long enough to be accepted";

enum Backend {
    /// PostgreSQL: a fresh database unless one is shared; optionally reached
    /// through another URL (a proxy's).
    Postgres {
        database: Option<Arc<TestDatabase>>,
        url: Option<String>,
    },
    /// The embedded default: SQLite and a generated key in DATA_DIR.
    Sqlite,
}

/// Builds a test app: `Spawn::new().setting("--access-token-ttl", "2s").start().await`.
pub struct Spawn {
    backend: Backend,
    data_dir: Option<Arc<TempDir>>,
    settings: Vec<(String, String)>,
}

impl Default for Spawn {
    fn default() -> Self {
        Self::new()
    }
}

impl Spawn {
    pub fn new() -> Self {
        Self {
            backend: Backend::Postgres {
                database: None,
                url: None,
            },
            data_dir: None,
            settings: Vec::new(),
        }
    }

    /// Any flag of the binary, e.g. `("--renew-grace", "1s")`.
    pub fn setting(mut self, flag: &str, value: &str) -> Self {
        self.settings.push((flag.to_owned(), value.to_owned()));
        self
    }

    /// Shares a database with other apps: several instances of one site.
    pub fn database(mut self, database: Arc<TestDatabase>) -> Self {
        self.backend = Backend::Postgres {
            database: Some(database),
            url: None,
        };
        self
    }

    /// Shares a database but reaches it through `url` (e.g. a proxy).
    pub fn database_via(mut self, database: Arc<TestDatabase>, url: String) -> Self {
        self.backend = Backend::Postgres {
            database: Some(database),
            url: Some(url),
        };
        self
    }

    /// A database of its own, reached through a TCP proxy the test can cut
    /// or freeze.
    pub fn database_behind_a_proxy(self) -> (Self, TcpProxy) {
        let database = Arc::new(TestDatabase::create());
        let proxy = TcpProxy::start(database::server_addr()).expect("the proxy starts");
        let url = database.url_via(proxy.port());
        (self.database_via(database, url), proxy)
    }

    /// The zero-setup default: SQLite and a generated key in the data dir.
    pub fn sqlite(mut self) -> Self {
        self.backend = Backend::Sqlite;
        self
    }

    pub fn data_dir(mut self, dir: Arc<TempDir>) -> Self {
        self.data_dir = Some(dir);
        self
    }

    pub async fn start(self) -> TestApp {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = silent_renew::telemetry::init("info", silent_renew::config::LogFormat::Text);
        }
        let data_dir = self.data_dir.unwrap_or_else(|| Arc::new(TempDir::new()));
        let mut args: Vec<String> = vec![
            "--bind-addr".into(),
            "127.0.0.1:0".into(),
            "--cookie-secure".into(),
            "false".into(),
            "--data-dir".into(),
            data_dir.path().display().to_string(),
        ];
        let database = match self.backend {
            Backend::Postgres { database, url } => {
                let database = database.unwrap_or_else(|| Arc::new(TestDatabase::create()));
                let url = url.unwrap_or_else(|| database.url());
                args.extend([
                    "--database-url".into(),
                    url,
                    "--secret-key".into(),
                    TEST_SECRET.into(),
                ]);
                Some(database)
            }
            Backend::Sqlite => {
                let file = data_dir.path().join("silent-renew.db");
                args.extend(["--database-url".into(), file.display().to_string()]);
                None
            }
        };
        for (flag, value) in self.settings {
            // A setting given by the test replaces the harness's default.
            if let Some(at) = args.iter().position(|arg| *arg == flag) {
                args[at + 1] = value;
            } else {
                args.extend([flag, value]);
            }
        }
        let config = Config::try_from_args(&args).expect("the test settings parse");
        let application = Application::build(config).await.expect("the app starts");
        let port = application.port();
        let metrics_port = application.metrics_port();
        let handle = application.handle();
        let state = application.state();
        actix_web::rt::spawn(application.run_until_stopped());
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            port,
            metrics_port,
            database,
            data_dir,
            handle,
            state,
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    /// Set when the app serves /metrics on METRICS_ADDR.
    pub metrics_port: Option<u16>,
    /// `None` on SQLite.
    pub database: Option<Arc<TestDatabase>>,
    pub data_dir: Arc<TempDir>,
    pub state: web::Data<AppState>,
    handle: ServerHandle,
}

impl TestApp {
    /// A new browser: an empty cookie jar, sending this site's `Origin`.
    pub fn client(&self) -> TestClient {
        TestClient::new(&self.address)
    }

    pub fn db(&self) -> &TestDatabase {
        self.database
            .as_deref()
            .expect("this test app runs on PostgreSQL")
    }

    /// Stops serving; in-flight requests finish first.
    pub async fn stop(&self) {
        self.handle.stop(true).await;
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent when `stop` is called; its completion
        // need not be awaited.
        drop(self.handle.stop(false));
    }
}

/// A fresh app on its own PostgreSQL database with the default settings.
pub async fn spawn_app() -> TestApp {
    Spawn::new().start().await
}
