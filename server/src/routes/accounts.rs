//! Registration, sign-in and sign-out over JSON.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::docs::{CrossSite, Limited, Unavailable, WriteRefused};
use super::with_tokens;
use crate::auth::credentials;
use crate::auth::session::{self, client_meta};
use crate::domain::ids::UserId;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    /// 3–32 characters of `a-z 0-9 _ . -` (upper case is folded).
    #[schema(example = "alice", pattern = "^[A-Za-z0-9_.-]{3,32}$")]
    username: String,
    /// 8–128 characters, no NUL.
    #[schema(
        example = "correct horse battery",
        min_length = 8,
        max_length = 128,
        pattern = "^[^\\x00]*$"
    )]
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: i32,
    pub username: String,
}

/// Creates an account and signs it in (both cookies).
#[utoipa::path(
    tag = "accounts",
    request_body = Credentials,
    responses(
        (status = 201, body = UserView, description = "Signed in: both cookies set"),
        (status = 409, body = ErrorBody, description = "`username_taken`"),
        WriteRefused,
        Limited,
        Unavailable
    )
)]
#[post("/register")]
pub async fn register(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<Credentials>,
) -> Result<HttpResponse, ApiError> {
    let Credentials { username, password } = body.into_inner();
    let ip = state.proxies.client_ip(&request);
    let user = credentials::register(&state, ip, &username, password).await?;
    let tokens = session::start(&state, UserId(user.id), client_meta(&state, &request)).await?;
    let body = UserView {
        id: user.id,
        username: user.username,
    };
    Ok(with_tokens(
        StatusCode::CREATED,
        &state.cookies,
        &tokens,
        body,
    ))
}

/// Signs in: a new session, both cookies.
#[utoipa::path(
    tag = "accounts",
    request_body = Credentials,
    responses(
        (status = 200, body = UserView, description = "Signed in: both cookies set"),
        (
            status = 401,
            body = ErrorBody,
            description = "`invalid_credentials`, the same for an unknown user and a wrong password"
        ),
        WriteRefused,
        Limited,
        Unavailable
    )
)]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<Credentials>,
) -> Result<HttpResponse, ApiError> {
    let Credentials { username, password } = body.into_inner();
    let ip = state.proxies.client_ip(&request);
    let user = credentials::sign_in(&state, ip, &username, password).await?;
    let tokens = session::start(&state, UserId(user.id), client_meta(&state, &request)).await?;
    let body = UserView {
        id: user.id,
        username: user.username,
    };
    Ok(with_tokens(StatusCode::OK, &state.cookies, &tokens, body))
}

/// Ends the session the access token names (an expired but recent one
/// counts) and clears both cookies; `204` also with no or a stale token.
#[utoipa::path(
    tag = "accounts",
    responses((status = 204, description = "Signed out; both cookies cleared"), CrossSite, Unavailable),
    security((), ("access_cookie" = []))
)]
#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    session::end(&state, &request).await?;
    let mut response = HttpResponse::NoContent();
    for cookie in state.cookies.clear_both() {
        response.cookie(cookie);
    }
    Ok(response.finish())
}
