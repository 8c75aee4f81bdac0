//! One connection type over both backends, and the pool's manager.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, R2D2Connection};
use diesel::result::{ConnectionError, DatabaseErrorKind, Error as DieselError};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::schema::now_ms_utils;
use crate::config::DatabaseUrl;

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// A pooled connection that knows which generation of connections it
/// belongs to. When any connection finds its link to the server dead, the
/// generation advances and the pool drops every older connection at its
/// next checkout: after an outage the first failure retires them all,
/// without a ping on every checkout.
pub struct StoreConnection {
    pub(super) inner: AnyConnection,
    generation: u64,
    current_generation: Arc<AtomicU64>,
}

impl StoreConnection {
    /// Runs `query`, retiring this generation if the link turns out dead.
    pub(super) fn run<T>(
        &mut self,
        query: impl FnOnce(&mut AnyConnection) -> diesel::QueryResult<T>,
    ) -> diesel::QueryResult<T> {
        let result = query(&mut self.inner);
        if let Err(error) = &result
            && is_connection_loss(error)
        {
            // Only the first connection to notice advances the generation.
            let _ = self.current_generation.compare_exchange(
                self.generation,
                self.generation + 1,
                Ordering::SeqCst,
                Ordering::SeqCst,
            );
        }
        result
    }

    fn is_retired(&self) -> bool {
        self.generation < self.current_generation.load(Ordering::SeqCst)
    }
}

pub(super) fn is_connection_loss(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        ) | DieselError::BrokenTransactionManager
    )
}

/// Opens connections for the pool: PostgreSQL as given, SQLite tuned for a
/// web server (WAL, a busy timeout, foreign keys) with `now_ms()` registered.
#[derive(Clone, Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    generation: Arc<AtomicU64>,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self {
            url,
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn establish(&self) -> Result<StoreConnection, r2d2::Error> {
        let inner = match &self.url {
            DatabaseUrl::Postgres(url) => AnyConnection::Postgresql(
                PgConnection::establish(&with_timeouts(url))
                    .map_err(r2d2::Error::ConnectionError)?,
            ),
            DatabaseUrl::Sqlite(path) => AnyConnection::Sqlite(open_sqlite(path)?),
        };
        Ok(StoreConnection {
            inner,
            generation: self.generation.load(Ordering::SeqCst),
            current_generation: self.generation.clone(),
        })
    }
}

/// libpq waits forever by default; these bound how long a dead or
/// unreachable server can hold a connection. A URL's own values win.
const POSTGRES_TIMEOUTS: &[(&str, &str)] = &[
    ("connect_timeout", "3"),
    ("keepalives_idle", "10"),
    ("keepalives_interval", "3"),
    ("keepalives_count", "3"),
    ("tcp_user_timeout", "10000"),
];

fn with_timeouts(url: &str) -> String {
    let mut url = url.to_owned();
    for (name, value) in POSTGRES_TIMEOUTS {
        if url.contains(&format!("{name}=")) {
            continue;
        }
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&format!("{name}={value}"));
    }
    url
}

fn open_sqlite(path: &Path) -> Result<SqliteConnection, r2d2::Error> {
    let path = path.to_str().ok_or_else(|| {
        r2d2::Error::ConnectionError(ConnectionError::BadConnection(format!(
            "the SQLite path {} is not valid UTF-8",
            path.display()
        )))
    })?;
    let mut conn = SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
    conn.batch_execute(
        "PRAGMA busy_timeout = 5000;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;",
    )
    .map_err(r2d2::Error::QueryError)?;
    now_ms_utils::register_nondeterministic_impl(&mut conn, unix_millis)
        .map_err(r2d2::Error::QueryError)?;
    Ok(conn)
}

fn unix_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = StoreConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<StoreConnection, r2d2::Error> {
        self.establish()
    }

    /// Called at checkout: cheap, no round trip (see `StoreConnection`).
    fn is_valid(&self, conn: &mut StoreConnection) -> Result<(), r2d2::Error> {
        if conn.is_retired() {
            return Err(r2d2::Error::ConnectionError(
                ConnectionError::BadConnection("retired after a lost connection".to_owned()),
            ));
        }
        Ok(())
    }

    fn has_broken(&self, conn: &mut StoreConnection) -> bool {
        conn.is_retired() || std::thread::panicking() || conn.inner.is_broken()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn timeouts_are_added_unless_the_url_sets_them() {
        let url = super::with_timeouts("postgres://db/site?connect_timeout=9");
        assert!(url.starts_with("postgres://db/site?connect_timeout=9&keepalives_idle=10"));
        assert_eq!(url.matches("connect_timeout").count(), 1);
        assert!(super::with_timeouts("postgres://db/site").contains("/site?connect_timeout=3&"));
    }
}
