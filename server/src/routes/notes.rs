//! The demo application's JSON API: a user's notes.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::docs::{NotFound, TokenRefused, Unavailable, WriteRefused};
use crate::auth::verify::Authenticated;
use crate::domain::note_body::NoteBody;
use crate::domain::time::rfc3339;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::notes::{self, NoteRow};

#[derive(Serialize, ToSchema)]
pub struct NoteView {
    id: i32,
    body: String,
    /// RFC 3339, UTC.
    #[schema(example = "2026-12-04T16:38:19.123Z")]
    created_at: String,
}

impl From<NoteRow> for NoteView {
    fn from(row: NoteRow) -> Self {
        Self {
            id: row.id,
            body: row.body,
            created_at: rfc3339(row.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NoteList {
    /// Newest first.
    notes: Vec<NoteView>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewNote {
    /// Not blank, at most 10,000 characters, no NUL.
    #[schema(
        min_length = 1,
        max_length = 10000,
        pattern = "^[^\\x00]*\\S[^\\x00]*$",
        example = "Buy oat milk"
    )]
    body: String,
}

/// The caller's notes, newest first.
#[utoipa::path(
    tag = "notes",
    responses((status = 200, body = NoteList), TokenRefused, Unavailable),
    security(("access_cookie" = []))
)]
#[get("/notes")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(grant): Authenticated,
) -> Result<HttpResponse, ApiError> {
    let rows = state
        .store
        .run(move |conn| notes::list(conn, grant.user_id.0))
        .await?;
    let notes = rows.into_iter().map(NoteView::from).collect();
    Ok(HttpResponse::Ok().json(NoteList { notes }))
}

/// Adds a note.
#[utoipa::path(
    tag = "notes",
    request_body = NewNote,
    responses((status = 201, body = NoteView), TokenRefused, WriteRefused, Unavailable),
    security(("access_cookie" = []))
)]
#[post("/notes")]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(grant): Authenticated,
    body: web::Json<NewNote>,
) -> Result<HttpResponse, ApiError> {
    let body = NoteBody::parse(body.into_inner().body).map_err(ApiError::invalid_input)?;
    let row = state
        .store
        .run(move |conn| notes::insert(conn, grant.user_id.0, body.as_str()))
        .await?;
    Ok(HttpResponse::Created().json(NoteView::from(row)))
}

/// Deletes one of the caller's notes.
#[utoipa::path(
    tag = "notes",
    params(("id" = i32, Path, description = "The note's id")),
    responses((status = 204, description = "Deleted"), TokenRefused, super::docs::CrossSite, NotFound, Unavailable),
    security(("access_cookie" = []))
)]
#[delete("/notes/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    Authenticated(grant): Authenticated,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let deleted = state
        .store
        .run(move |conn| notes::delete(conn, grant.user_id.0, id))
        .await?;
    if deleted {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::not_found("There is no such note."))
    }
}
