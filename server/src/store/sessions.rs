//! Signed-in sessions, one per device. Every time here is the database's
//! (`now_ms()`), so instances with drifting clocks still agree.

use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{now_ms, sessions, users};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: i32,
    pub refresh_counter: i64,
    pub refresh_nonce: String,
    pub rotated_at: Option<i64>,
    pub created_at: i64,
    pub last_renewed_at: i64,
    pub idle_expires_at: i64,
    pub absolute_expires_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

impl SessionRow {
    /// Not revoked and inside both its idle and absolute lifetimes at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.idle_expires_at > now && self.absolute_expires_at > now
    }

    /// When the session ends if it stays unused: the earlier of its two limits.
    pub fn ends_at(&self) -> i64 {
        self.idle_expires_at.min(self.absolute_expires_at)
    }
}

/// A session read together with its owner's name and the database's clock
/// at that moment.
pub struct LoadedSession {
    pub row: SessionRow,
    pub username: String,
    pub now_ms: i64,
}

pub struct NewSession<'a> {
    pub id: &'a str,
    pub user_id: i32,
    pub refresh_nonce: &'a str,
    pub idle_ttl_ms: i64,
    pub max_age_ms: i64,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
}

pub fn insert(conn: &mut AnyConnection, new: &NewSession<'_>) -> QueryResult<LoadedSession> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(new.id),
            sessions::user_id.eq(new.user_id),
            sessions::refresh_counter.eq(0_i64),
            sessions::refresh_nonce.eq(new.refresh_nonce),
            sessions::created_at.eq(now_ms()),
            sessions::last_renewed_at.eq(now_ms()),
            sessions::idle_expires_at.eq(now_ms() + new.idle_ttl_ms),
            sessions::absolute_expires_at.eq(now_ms() + new.max_age_ms),
            sessions::user_agent.eq(new.user_agent),
            sessions::ip.eq(new.ip),
        ))
        .execute(conn)?;
    find(conn, new.id)?.ok_or(diesel::result::Error::NotFound)
}

/// The session, its owner's name and the database's time, in one read.
pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<LoadedSession>> {
    let found = sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(id))
        .select((SessionRow::as_select(), users::username, now_ms()))
        .first::<(SessionRow, String, i64)>(conn)
        .optional()?;
    Ok(found.map(|(row, username, now_ms)| LoadedSession {
        row,
        username,
        now_ms,
    }))
}

pub struct Rotation<'a> {
    pub id: &'a str,
    /// The counter the row must still hold for the rotation to apply.
    pub expected_counter: i64,
    pub new_counter: i64,
    pub idle_ttl_ms: i64,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
}

/// The compare-and-set at the heart of renewal: advances the counter only if
/// nobody else did first and the session is still live. Atomic on its own,
/// so it stays correct across any number of server processes.
pub fn rotate(conn: &mut AnyConnection, rotation: &Rotation<'_>) -> QueryResult<bool> {
    // The same UPDATE as a query type with a static query id, so
    // Diesel's statement cache prepares it once per connection (Diesel never
    // caches its own UPDATE statements).
    let updated = cached_rotation::RotateQuery { rotation }.execute(conn)?;
    Ok(updated == 1)
}

mod cached_rotation {
    use diesel::backend::Backend;
    use diesel::query_builder::{AstPass, QueryFragment, QueryId};
    use diesel::serialize::ToSql;
    use diesel::sql_types::{BigInt, HasSqlType, Nullable, Text};
    use diesel::{QueryResult, RunQueryDsl};

    use super::Rotation;

    pub struct RotateQuery<'r, 'a> {
        pub rotation: &'r Rotation<'a>,
    }

    pub struct RotateQueryId;

    impl QueryId for RotateQuery<'_, '_> {
        type QueryId = RotateQueryId;
        const HAS_STATIC_QUERY_ID: bool = true;
    }

    impl<DB> QueryFragment<DB> for RotateQuery<'_, '_>
    where
        DB: Backend + HasSqlType<BigInt> + HasSqlType<Text> + HasSqlType<Nullable<Text>>,
        i64: ToSql<BigInt, DB>,
        str: ToSql<Text, DB>,
        for<'x> Option<&'x str>: ToSql<Nullable<Text>, DB>,
    {
        fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
            let r = self.rotation;
            out.push_sql("UPDATE \"sessions\" SET \"refresh_counter\" = ");
            out.push_bind_param::<BigInt, _>(&r.new_counter)?;
            out.push_sql(", \"rotated_at\" = now_ms(), \"last_renewed_at\" = now_ms(), \"idle_expires_at\" = (now_ms() + ");
            out.push_bind_param::<BigInt, _>(&r.idle_ttl_ms)?;
            out.push_sql("), \"user_agent\" = ");
            out.push_bind_param::<Nullable<Text>, _>(&r.user_agent)?;
            out.push_sql(", \"ip\" = ");
            out.push_bind_param::<Nullable<Text>, _>(&r.ip)?;
            out.push_sql(" WHERE \"id\" = ");
            out.push_bind_param::<Text, _>(r.id)?;
            out.push_sql(" AND \"refresh_counter\" = ");
            out.push_bind_param::<BigInt, _>(&r.expected_counter)?;
            out.push_sql(" AND \"revoked_at\" IS NULL AND \"idle_expires_at\" > now_ms() AND \"absolute_expires_at\" > now_ms()");
            Ok(())
        }
    }

    impl<Conn> RunQueryDsl<Conn> for RotateQuery<'_, '_> {}
}

/// Ends one session; false when it was unknown or already ended.
pub fn revoke(conn: &mut AnyConnection, id: &str, reason: &str) -> QueryResult<bool> {
    let updated = diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now_ms().nullable()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Ends one of the user's live sessions; false when it is not theirs or not live.
pub fn revoke_owned(
    conn: &mut AnyConnection,
    user_id: i32,
    id: &str,
    reason: &str,
) -> QueryResult<bool> {
    let updated = diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::idle_expires_at.gt(now_ms()))
            .filter(sessions::absolute_expires_at.gt(now_ms())),
    )
    .set((
        sessions::revoked_at.eq(now_ms().nullable()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Ends every session of the user but `keep`; returns how many.
pub fn revoke_all_but(
    conn: &mut AnyConnection,
    user_id: i32,
    keep: &str,
    reason: &str,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::id.ne(keep))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now_ms().nullable()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
}

/// The user's live sessions, most recently used first, with the database's time.
pub fn list_live(conn: &mut AnyConnection, user_id: i32) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::idle_expires_at.gt(now_ms()))
        .filter(sessions::absolute_expires_at.gt(now_ms()))
        .order((sessions::last_renewed_at.desc(), sessions::id))
        .select(SessionRow::as_select())
        .load(conn)
}

/// True when the session is neither revoked nor expired.
pub fn is_live(conn: &mut AnyConnection, id: &str) -> QueryResult<bool> {
    Ok(find(conn, id)?.is_some_and(|found| found.row.is_live(found.now_ms)))
}

/// Deletes sessions past their absolute or idle expiry: nothing can renew
/// them any more, revoked or not.
pub fn delete_expired(conn: &mut AnyConnection) -> QueryResult<usize> {
    diesel::delete(
        sessions::table.filter(
            sessions::absolute_expires_at
                .le(now_ms())
                .or(sessions::idle_expires_at.le(now_ms())),
        ),
    )
    .execute(conn)
}

/// How many sessions are neither revoked nor expired.
pub fn count_live(conn: &mut AnyConnection) -> QueryResult<i64> {
    sessions::table
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::idle_expires_at.gt(now_ms()))
        .filter(sessions::absolute_expires_at.gt(now_ms()))
        .count()
        .get_result(conn)
}
