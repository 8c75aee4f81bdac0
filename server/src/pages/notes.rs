//! The notes page: list, add, delete — plain forms, enhanced by app.js.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::access::{Return, require_form_user, require_user};
use super::errors::PageError;
use super::form_body::PageForm;
use super::forms::flash;
use super::templates::{Layout, NoteItem, NotesPage};
use super::{page, see_other};
use crate::auth::access_token::AccessGrant;
use crate::domain::note_body::NoteBody;
use crate::domain::time::{ago, rfc3339, unix_millis_now};
use crate::state::AppState;
use crate::store::notes;

pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
) -> Result<HttpResponse, PageError> {
    let grant = require_user(&state, &request, Return::Reload)?;
    render(&state, &session, grant, String::new(), None, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    session: &Session,
    grant: AccessGrant,
    draft: String,
    body_error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let user_id = grant.user_id.0;
    let rows = state
        .store
        .run(move |conn| notes::list(conn, user_id))
        .await?;
    let now = unix_millis_now();
    let notes = rows
        .into_iter()
        .map(|row| NoteItem {
            id: row.id,
            body: row.body,
            created_at: rfc3339(row.created_at),
            created_label: ago(now, row.created_at),
        })
        .collect();
    let layout = Layout::new(session, "Notes", "notes", Some(&grant));
    page(
        status,
        &NotesPage {
            layout,
            notes,
            draft,
            body_error,
        },
    )
}

#[derive(Deserialize, Serialize)]
pub struct NoteForm {
    body: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn add(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    form: PageForm<NoteForm>,
) -> Result<HttpResponse, PageError> {
    let grant = require_form_user(&state, &request, &session, &*form, "/notes")?;
    let NoteForm { body, .. } = form.into_inner();
    let body = match NoteBody::parse(body.clone()) {
        Ok(body) => body,
        Err(message) => {
            return render(
                &state,
                &session,
                grant,
                body,
                Some(message.into()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let user_id = grant.user_id.0;
    state
        .store
        .run(move |conn| notes::insert(conn, user_id, body.as_str()))
        .await?;
    Ok(see_other("/notes"))
}

#[derive(Deserialize, Serialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn delete(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    id: web::Path<String>,
    form: PageForm<DeleteForm>,
) -> Result<HttpResponse, PageError> {
    let grant = require_form_user(&state, &request, &session, &*form, "/notes")?;
    let id: i32 = id.parse().map_err(|_| PageError::not_found())?;
    let user_id = grant.user_id.0;
    if !state
        .store
        .run(move |conn| notes::delete(conn, user_id, id))
        .await?
    {
        return Err(PageError::not_found());
    }
    flash(&session, "info", "Note deleted.");
    Ok(see_other("/notes"))
}
