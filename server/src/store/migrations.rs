//! Embedded migrations, run at start-up. On PostgreSQL they run under an
//! advisory lock, so several instances starting at once migrate once.

use diesel::RunQueryDsl;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::connection::AnyConnection;

const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// Any constant will do, as long as nothing else on the server uses it.
const MIGRATION_LOCK: i64 = 0x005f_1e47_2e4e_0001;

type MigrationError = Box<dyn std::error::Error + Send + Sync>;

pub fn run_pending(conn: &mut AnyConnection) -> Result<usize, MigrationError> {
    match conn {
        AnyConnection::Postgresql(pg) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(pg)?;
            let applied = pg.run_pending_migrations(POSTGRES).map(|done| done.len());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
                .execute(pg)?;
            applied
        }
        AnyConnection::Sqlite(sqlite) => {
            sqlite.run_pending_migrations(SQLITE).map(|done| done.len())
        }
    }
}
