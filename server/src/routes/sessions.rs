//! The user's signed-in devices. These routes manage sessions, so beyond the
//! stateless token check they confirm in the store that the caller's own
//! session is still live: a stolen access token of a revoked session cannot
//! sign the owner out of their new one.

use actix_web::{HttpResponse, delete, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::docs::{CrossSite, NotFound, TokenRefused, Unavailable};
use crate::auth::access_token::AccessGrant;
use crate::auth::session;
use crate::auth::verify::Authenticated;
use crate::domain::ids::SessionId;
use crate::domain::time::rfc3339;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::sessions::{self, SessionRow};

#[derive(Serialize, ToSchema)]
pub struct SessionView {
    /// 32 hex digits.
    id: String,
    /// RFC 3339, UTC.
    created_at: String,
    /// RFC 3339, UTC: the last sign-in or renewal.
    last_renewed_at: String,
    user_agent: Option<String>,
    ip: Option<String>,
    /// The session making this request.
    current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SessionList {
    /// Most recently used first.
    sessions: Vec<SessionView>,
}

impl SessionView {
    fn new(row: SessionRow, current: &str) -> Self {
        Self {
            current: row.id == current,
            id: row.id,
            created_at: rfc3339(row.created_at),
            last_renewed_at: rfc3339(row.last_renewed_at),
            user_agent: row.user_agent,
            ip: row.ip,
        }
    }
}

pub(super) async fn require_live_session(
    state: &AppState,
    grant: &AccessGrant,
) -> Result<(), ApiError> {
    let id = grant.session_id.to_hex();
    if state
        .store
        .run(move |conn| sessions::is_live(conn, &id))
        .await?
    {
        Ok(())
    } else {
        Err(ApiError::unauthorized("invalid_token", "This session has ended.").renewable())
    }
}

/// The caller's live sessions: where they are signed in.
#[utoipa::path(
    tag = "sessions",
    responses((status = 200, body = SessionList), TokenRefused, Unavailable),
    security(("access_cookie" = []))
)]
#[get("/sessions")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(grant): Authenticated,
) -> Result<HttpResponse, ApiError> {
    require_live_session(&state, &grant).await?;
    let current = grant.session_id.to_hex();
    let rows = state
        .store
        .run(move |conn| sessions::list_live(conn, grant.user_id.0))
        .await?;
    let sessions: Vec<SessionView> = rows
        .into_iter()
        .map(|row| SessionView::new(row, &current))
        .collect();
    Ok(HttpResponse::Ok().json(SessionList { sessions }))
}

/// Signs one of the caller's sessions out.
#[utoipa::path(
    tag = "sessions",
    params(("id" = String, Path, description = "The session's id (32 hex digits)")),
    responses((status = 204, description = "Revoked"), TokenRefused, CrossSite, NotFound, Unavailable),
    security(("access_cookie" = []))
)]
#[delete("/sessions/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    Authenticated(grant): Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_live_session(&state, &grant).await?;
    let not_found = || ApiError::not_found("There is no such session.");
    let target: SessionId = id.parse().map_err(|_| not_found())?;
    let is_current = target == grant.session_id;
    if !session::end_device(&state, &grant, target).await? {
        return Err(not_found());
    }
    let mut response = HttpResponse::NoContent();
    if is_current {
        for cookie in state.cookies.clear_both() {
            response.cookie(cookie);
        }
    }
    Ok(response.finish())
}

/// Signs every other session of the caller out (also `204` when there is none).
#[utoipa::path(
    tag = "sessions",
    responses((status = 204, description = "Every other session revoked"), TokenRefused, CrossSite, Unavailable),
    security(("access_cookie" = []))
)]
#[delete("/sessions")]
pub async fn revoke_all_others(
    state: web::Data<AppState>,
    Authenticated(grant): Authenticated,
) -> Result<HttpResponse, ApiError> {
    require_live_session(&state, &grant).await?;
    session::end_all_other_devices(&state, &grant).await?;
    Ok(HttpResponse::NoContent().finish())
}
