//! Token buckets in the store, so that a limit holds across every instance
//! sharing the database. Taking a token is one atomic upsert judged by the
//! database's clock.

use diesel::prelude::*;
use diesel::sql_types::{Double, Text};

use super::AnyConnection;
use super::schema::{now_ms, rate_limits};

/// A bucket's shape: `capacity` tokens, refilled at `per_ms` tokens a millisecond.
#[derive(Clone, Copy, Debug)]
pub struct Bucket {
    pub capacity: f64,
    pub per_ms: f64,
}

// The upsert cannot be written in Diesel's DSL for both backends at once, and
// the two spell "the smaller of" differently: one statement per backend.
const TAKE_POSTGRES: &str = "
    INSERT INTO rate_limits (key, tokens, updated_at) VALUES ($1, $2 - 1, now_ms())
    ON CONFLICT (key) DO UPDATE
    SET tokens = LEAST($2, rate_limits.tokens + (now_ms() - rate_limits.updated_at) * $3) - 1,
        updated_at = now_ms()
    WHERE LEAST($2, rate_limits.tokens + (now_ms() - rate_limits.updated_at) * $3) >= 1";

const TAKE_SQLITE: &str = "
    INSERT INTO rate_limits (key, tokens, updated_at) VALUES (?1, ?2 - 1, now_ms())
    ON CONFLICT (key) DO UPDATE
    SET tokens = MIN(?2, rate_limits.tokens + (now_ms() - rate_limits.updated_at) * ?3) - 1,
        updated_at = now_ms()
    WHERE MIN(?2, rate_limits.tokens + (now_ms() - rate_limits.updated_at) * ?3) >= 1";

const GIVE_BACK_POSTGRES: &str =
    "UPDATE rate_limits SET tokens = LEAST($2, tokens + 1) WHERE key = $1";
const GIVE_BACK_SQLITE: &str = "UPDATE rate_limits SET tokens = MIN(?2, tokens + 1) WHERE key = ?1";

/// Takes one token from `key`'s bucket; false when it is empty.
pub fn take(conn: &mut AnyConnection, key: &str, bucket: Bucket) -> QueryResult<bool> {
    let updated = match conn {
        AnyConnection::Postgresql(pg) => diesel::sql_query(TAKE_POSTGRES)
            .bind::<Text, _>(key)
            .bind::<Double, _>(bucket.capacity)
            .bind::<Double, _>(bucket.per_ms)
            .execute(pg)?,
        AnyConnection::Sqlite(sqlite) => diesel::sql_query(TAKE_SQLITE)
            .bind::<Text, _>(key)
            .bind::<Double, _>(bucket.capacity)
            .bind::<Double, _>(bucket.per_ms)
            .execute(sqlite)?,
    };
    Ok(updated == 1)
}

/// Returns a token taken for an attempt that turned out legitimate.
pub fn give_back(conn: &mut AnyConnection, key: &str, bucket: Bucket) -> QueryResult<()> {
    match conn {
        AnyConnection::Postgresql(pg) => diesel::sql_query(GIVE_BACK_POSTGRES)
            .bind::<Text, _>(key)
            .bind::<Double, _>(bucket.capacity)
            .execute(pg)?,
        AnyConnection::Sqlite(sqlite) => diesel::sql_query(GIVE_BACK_SQLITE)
            .bind::<Text, _>(key)
            .bind::<Double, _>(bucket.capacity)
            .execute(sqlite)?,
    };
    Ok(())
}

/// Milliseconds until `key`'s bucket holds a whole token again.
pub fn wait_ms(conn: &mut AnyConnection, key: &str, bucket: Bucket) -> QueryResult<i64> {
    let found = rate_limits::table
        .find(key)
        .select((rate_limits::tokens, rate_limits::updated_at, now_ms()))
        .first::<(f64, i64, i64)>(conn)
        .optional()?;
    let Some((tokens, updated_at, now)) = found else {
        return Ok(0);
    };
    let available = (tokens + (now - updated_at) as f64 * bucket.per_ms).min(bucket.capacity);
    Ok(((1.0 - available) / bucket.per_ms).max(0.0).ceil() as i64)
}

/// Forgets buckets untouched for a day: any limit here refills within one.
pub fn delete_idle(conn: &mut AnyConnection) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::updated_at.lt(now_ms() - 86_400_000_i64)))
        .execute(conn)
}
