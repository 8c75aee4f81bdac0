//! Registration, sign-in and sign-out over JSON.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::with_tokens;
use crate::auth::session::{self, client_meta};
use crate::domain::ids::UserId;
use crate::domain::password::Password;
use crate::domain::username::Username;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::StoreError;
use crate::store::sessions;
use crate::store::users;

#[derive(Deserialize)]
pub struct Credentials {
    username: String,
    password: String,
}

fn username_taken() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "username_taken",
        "That username is already taken.",
    )
}

pub async fn register(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<Credentials>,
) -> Result<HttpResponse, ApiError> {
    let Credentials { username, password } = body.into_inner();
    let username = Username::parse(&username).map_err(ApiError::invalid_input)?;
    let password = Password::parse_new(password).map_err(ApiError::invalid_input)?;

    let name = username.to_string();
    if state
        .store
        .run(move |conn| users::find_by_username(conn, &name))
        .await?
        .is_some()
    {
        return Err(username_taken());
    }
    let hash = state
        .passwords
        .hash(password)
        .await
        .map_err(ApiError::internal)?;
    let name = username.to_string();
    let user = state
        .store
        .run(move |conn| users::insert(conn, &name, &hash))
        .await
        .map_err(|error| match error {
            StoreError::Conflict => username_taken(),
            other => other.into(),
        })?;
    tracing::info!(user_id = user.id, "account created");

    let tokens = session::start(&state, UserId(user.id), client_meta(&state, &request)).await?;
    let body = json!({ "id": user.id, "username": user.username });
    Ok(with_tokens(
        StatusCode::CREATED,
        &state.cookies,
        &tokens,
        body,
    ))
}

pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<Credentials>,
) -> Result<HttpResponse, ApiError> {
    let Credentials { username, password } = body.into_inner();
    let user = match Username::parse(&username) {
        Ok(username) => {
            state
                .store
                .run(move |conn| users::find_by_username(conn, username.as_str()))
                .await?
        }
        Err(_) => None,
    };
    let matches = state
        .passwords
        .verify(
            Password::presented(password),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await
        .map_err(ApiError::internal)?;
    let Some(user) = user.filter(|_| matches) else {
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "That username and password do not match an account.",
        ));
    };

    let tokens = session::start(&state, UserId(user.id), client_meta(&state, &request)).await?;
    let body = json!({ "id": user.id, "username": user.username });
    Ok(with_tokens(StatusCode::OK, &state.cookies, &tokens, body))
}

/// Ends the session the access token names and clears both cookies. An
/// expired token still counts if it is recent (issued under the session's
/// current or previous refresh counter): an old one from a log cannot end
/// the session.
pub async fn logout(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let grant = state
        .cookies
        .access_token(&request)
        .and_then(|token| state.access_tokens.verify_ignoring_expiry(token).ok());
    if let Some(grant) = grant {
        let expired = grant.expires_at <= unix_now();
        let id = grant.session_id.to_hex();
        state
            .store
            .run(move |conn| {
                let Some(found) = sessions::find(conn, &id)? else {
                    return Ok(false);
                };
                let recent =
                    grant.refresh_counter.saturating_add(1) >= found.row.refresh_counter as u64;
                if found.row.user_id != grant.user_id.0 || (expired && !recent) {
                    return Ok(false);
                }
                sessions::revoke(conn, &id, "logout")
            })
            .await?;
    }
    let mut response = HttpResponse::NoContent();
    for cookie in state.cookies.clear_both() {
        response.cookie(cookie);
    }
    Ok(response.finish())
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}
