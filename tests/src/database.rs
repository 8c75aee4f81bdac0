//! Throwaway PostgreSQL databases (dropped afterwards) and temp folders.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};

use diesel::{Connection, PgConnection, RunQueryDsl};
use url::Url;

/// The server the tests create their databases on; override with
/// `TEST_DATABASE_URL` (a URL without a database name).
pub fn server_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

pub fn random_suffix() -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).expect("random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A PostgreSQL database of its own, dropped (connections and all) when the
/// last handle goes.
pub struct TestDatabase {
    name: String,
}

impl TestDatabase {
    pub fn create() -> Self {
        let name = format!("silent_renew_test_{}", random_suffix());
        let mut admin = admin_connection();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .expect("the test database can be created");
        Self { name }
    }

    pub fn url(&self) -> String {
        format!("{}/{}", server_url(), self.name)
    }

    /// The same database reached through a proxy listening on this machine.
    pub fn url_via(&self, port: u16) -> String {
        let mut url = Url::parse(&self.url()).expect("TEST_DATABASE_URL is a URL");
        url.set_host(Some("127.0.0.1"))
            .expect("a postgres:// URL takes a host");
        url.set_port(Some(port))
            .expect("a postgres:// URL takes a port");
        url.into()
    }

    /// Runs SQL directly, behind the app's back.
    pub fn execute(&self, sql: &str) -> usize {
        let mut conn = PgConnection::establish(&self.url()).expect("connect to the test database");
        diesel::sql_query(sql)
            .execute(&mut conn)
            .expect("the test's SQL runs")
    }

    /// Reads one integer, e.g. `SELECT count(*) AS value FROM sessions`.
    pub fn query_i64(&self, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Value {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            value: i64,
        }
        let mut conn = PgConnection::establish(&self.url()).expect("connect to the test database");
        diesel::sql_query(sql)
            .get_result::<Value>(&mut conn)
            .expect("the test's SQL returns one BIGINT named value")
            .value
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let mut admin = admin_connection();
        let _ = diesel::sql_query(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut admin);
    }
}

/// Where the database server listens, for a proxy put in front of it.
pub fn server_addr() -> SocketAddr {
    let url = Url::parse(&server_url()).expect("TEST_DATABASE_URL is a URL");
    let host = url.host_str().unwrap_or("127.0.0.1");
    (host, url.port().unwrap_or(5432))
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .unwrap_or_else(|| panic!("the database server's address resolves ({url})"))
}

fn admin_connection() -> PgConnection {
    // The harness connects before any app does: see `init_tls`.
    silent_renew::store::init_tls();
    let url = format!("{}/postgres", server_url());
    PgConnection::establish(&url)
        .unwrap_or_else(|error| panic!("PostgreSQL must be running for the tests ({url}): {error}"))
}

/// A folder of its own under the system temp dir, removed afterwards.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new() -> Self {
        let path = std::env::temp_dir().join(format!("silent-renew-test-{}", random_suffix()));
        std::fs::create_dir_all(&path).expect("the temp folder can be created");
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Default for TempDir {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
