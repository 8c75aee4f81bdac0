//! `PUT /api/password`: change the password, ending every other session.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::docs::{Limited, TokenRefused, Unavailable, WriteRefused};
use super::sessions::require_live_session;
use crate::auth::credentials;
use crate::auth::verify::Authenticated;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    current_password: String,
    /// 8–128 characters, no NUL.
    #[schema(min_length = 8, max_length = 128, pattern = "^[^\\x00]*$")]
    new_password: String,
}

/// Changes the password and signs every other session out.
#[utoipa::path(
    tag = "accounts",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every other session revoked"),
        (status = 403, body = ErrorBody, description = "`wrong_password` or `cross_site_request`"),
        TokenRefused,
        WriteRefused,
        Limited,
        Unavailable
    ),
    security(("access_cookie" = []))
)]
#[put("/password")]
pub async fn change(
    state: web::Data<AppState>,
    request: HttpRequest,
    Authenticated(grant): Authenticated,
    body: web::Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    require_live_session(&state, &grant).await?;
    let PasswordChange {
        current_password,
        new_password,
    } = body.into_inner();
    let ip = state.proxies.client_ip(&request);
    credentials::change_password(&state, ip, &grant, current_password, new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}
