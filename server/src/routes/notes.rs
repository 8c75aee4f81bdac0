//! The demo application's JSON API: a user's notes.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::auth::verify::Authenticated;
use crate::domain::note_body::NoteBody;
use crate::domain::time::rfc3339;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::notes::{self, NoteRow};

#[derive(Serialize)]
pub struct NoteView {
    id: i32,
    body: String,
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

#[derive(Deserialize)]
pub struct NewNote {
    body: String,
}

pub async fn list(
    state: web::Data<AppState>,
    Authenticated(grant): Authenticated,
) -> Result<HttpResponse, ApiError> {
    let rows = state
        .store
        .run(move |conn| notes::list(conn, grant.user_id.0))
        .await?;
    let notes: Vec<NoteView> = rows.into_iter().map(NoteView::from).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "notes": notes })))
}

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
