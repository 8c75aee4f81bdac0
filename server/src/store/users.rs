//! Accounts.

use diesel::prelude::*;

use super::AnyConnection;
use super::schema::{now_ms, users};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i32,
    pub username: String,
    pub password_hash: String,
    pub created_at: i64,
}

/// Adds an account; a taken username fails with a unique violation.
pub fn insert(
    conn: &mut AnyConnection,
    username: &str,
    password_hash: &str,
) -> QueryResult<UserRow> {
    diesel::insert_into(users::table)
        .values((
            users::username.eq(username),
            users::password_hash.eq(password_hash),
            users::created_at.eq(now_ms()),
        ))
        .execute(conn)?;
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
}

pub fn find_by_username(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_id(conn: &mut AnyConnection, id: i32) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_password_hash(
    conn: &mut AnyConnection,
    id: i32,
    password_hash: &str,
) -> QueryResult<bool> {
    let updated = diesel::update(users::table.find(id))
        .set(users::password_hash.eq(password_hash))
        .execute(conn)?;
    Ok(updated == 1)
}
