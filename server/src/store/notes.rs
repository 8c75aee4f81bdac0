//! The demo application's data: a user's notes.

use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{notes, now_ms};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    pub id: i32,
    pub user_id: i32,
    pub body: String,
    pub created_at: i64,
}

/// Newest first.
pub fn list(conn: &mut AnyConnection, user_id: i32) -> QueryResult<Vec<NoteRow>> {
    notes::table
        .filter(notes::user_id.eq(user_id))
        .order(notes::id.desc())
        .select(NoteRow::as_select())
        .load(conn)
}

pub fn insert(conn: &mut AnyConnection, user_id: i32, body: &str) -> QueryResult<NoteRow> {
    let insert = diesel::insert_into(notes::table).values((
        notes::user_id.eq(user_id),
        notes::body.eq(body),
        notes::created_at.eq(now_ms()),
    ));
    // RETURNING is the one way to learn the new id on both backends, and the
    // multi-backend connection cannot express it: ask each backend itself.
    match conn {
        AnyConnection::Postgresql(pg) => insert.returning(NoteRow::as_returning()).get_result(pg),
        AnyConnection::Sqlite(sqlite) => {
            insert.returning(NoteRow::as_returning()).get_result(sqlite)
        }
    }
}

/// Deletes one of the user's notes; false when it is unknown or not theirs.
pub fn delete(conn: &mut AnyConnection, user_id: i32, id: i32) -> QueryResult<bool> {
    let deleted = diesel::delete(
        notes::table
            .filter(notes::id.eq(id))
            .filter(notes::user_id.eq(user_id)),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}
