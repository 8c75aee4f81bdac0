//! The Diesel store: PostgreSQL in production, a SQLite file by default.
//! Diesel is synchronous, so every query runs on the blocking thread pool.

mod connection;
mod migrations;
pub mod notes;
pub mod rate_limits;
pub mod schema;
pub mod sessions;
pub mod users;

use std::time::Duration;

use diesel::RunQueryDsl;
use diesel::r2d2::{self, Pool};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

pub use connection::AnyConnection;
use connection::{ConnectionManager, is_connection_loss};

use crate::config::DatabaseUrl;

/// How long a request waits for a connection before it is told the store
/// is unavailable: short enough to answer a 503 well within 5 s.
const CONNECTION_WAIT: Duration = Duration::from_secs(3);
/// The longest a request waits for the store in all, connection included.
const QUERY_DEADLINE: Duration = Duration::from_secs(4);

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Down, unreachable, busy or timed out: worth retrying later.
    #[error("the store is unavailable")]
    Unavailable(#[source] BoxError),
    /// A uniqueness rule refused the write.
    #[error("the row conflicts with an existing one")]
    Conflict,
    #[error("a store query failed")]
    Query(#[source] DieselError),
}

impl From<DieselError> for StoreError {
    fn from(error: DieselError) -> Self {
        match &error {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => Self::Conflict,
            _ if is_connection_loss(&error) || is_transient(&error) => {
                Self::Unavailable(error.into())
            }
            _ => Self::Query(error),
        }
    }
}

/// SQLite's "database is locked" and PostgreSQL's cancelled or conflicting
/// statements pass with time; they are no fault of the request.
fn is_transient(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        DieselError::DatabaseError(_, info) => {
            let message = info.message();
            message.contains("database is locked")
                || message.contains("canceling statement")
                || message.contains("terminating connection")
        }
        _ => false,
    }
}

/// libpq speaks TLS through the system's OpenSSL, which by default frees its
/// global state in an `atexit` handler. A process exits with pool threads
/// still holding connections, and that clean-up then races them: a segfault
/// in `OPENSSL_cleanup` after everything else went well (seen in the test
/// binaries, about one run in ten). Initialising OpenSSL first the way
/// openssl-sys does, without that handler, leaves the memory to the
/// operating system. Call it before the first PostgreSQL connection; calls
/// after the first do nothing.
pub fn init_tls() {
    openssl_sys::init();
}

#[derive(Clone)]
pub struct Store {
    pool: Pool<ConnectionManager>,
}

impl Store {
    /// Opens the pool and brings the schema up to date.
    pub fn open(url: &DatabaseUrl) -> Result<Self, BoxError> {
        Self::open_reporting(url).map(|(store, _)| store)
    }

    /// `open`, also telling how many migrations it applied.
    pub fn open_reporting(url: &DatabaseUrl) -> Result<(Self, usize), BoxError> {
        if let Some(dir) = url.sqlite_path().and_then(|path| path.parent())
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        if let DatabaseUrl::Postgres(_) = url {
            init_tls();
        }
        let manager = ConnectionManager::new(url.clone());
        let mut first = manager.establish()?;
        let applied = migrations::run_pending(&mut first.inner)?;
        if applied > 0 {
            tracing::info!(applied, "database migrations applied");
        }
        let max_size = match url {
            DatabaseUrl::Postgres(_) => 16,
            DatabaseUrl::Sqlite(_) => 8,
        };
        let pool = Pool::builder()
            .max_size(max_size)
            .min_idle(Some(1))
            .connection_timeout(CONNECTION_WAIT)
            // The checkout test is a generation check, not a ping (see
            // StoreConnection): a lost link costs one failed request.
            .test_on_check_out(true)
            .error_handler(Box::new(LogConnectionErrors))
            .build_unchecked(manager);
        Ok((Self { pool }, applied))
    }

    /// Runs `query` on a pooled connection, off the async threads.
    pub async fn run<T, F>(&self, query: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyConnection) -> diesel::QueryResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let blocking = actix_web::web::block(move || {
            let mut conn = pool
                .get()
                .map_err(|error| StoreError::Unavailable(error.into()))?;
            conn.run(query).map_err(StoreError::from)
        });
        // A hung server (or network) must not hang the request: past the
        // deadline the answer is 503, and the stuck thread finishes or
        // fails on its own (TCP timeouts, see ConnectionManager).
        match actix_web::rt::time::timeout(QUERY_DEADLINE, blocking).await {
            Ok(Ok(result)) => result,
            Ok(Err(error)) => Err(StoreError::Unavailable(error.into())),
            Err(_) => Err(StoreError::Unavailable(
                "the store did not answer in time".into(),
            )),
        }
    }

    /// (open connections, idle connections) in the pool.
    pub fn pool_state(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }

    /// True when a query gets through.
    pub async fn is_reachable(&self) -> bool {
        self.run(|conn| diesel::sql_query("SELECT 1").execute(conn))
            .await
            .is_ok()
    }
}

#[derive(Debug)]
struct LogConnectionErrors;

impl r2d2::HandleError<r2d2::Error> for LogConnectionErrors {
    fn handle_error(&self, error: r2d2::Error) {
        tracing::warn!(%error, "could not open a database connection");
    }
}
