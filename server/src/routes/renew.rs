//! `POST /auth/renew`: a refresh token in, a new access token out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::with_tokens;
use crate::auth::cookies::cookie_values;
use crate::auth::refresh_token::RefreshToken;
use crate::auth::renew::{self, RenewError};
use crate::auth::session::{IssuedTokens, client_meta};
use crate::error::ApiError;
use crate::state::AppState;

pub async fn renew(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let invalid = || {
        ApiError::unauthorized(
            "invalid_refresh_token",
            "The session has ended; please sign in again.",
        )
        .with_cookies(state.cookies.clear_both())
    };
    let presented = cookie_values(&request, state.cookies.refresh_name());
    if presented.len() > 1 {
        // Another site under the same registrable domain may have planted a
        // second cookie: clearing would hit ours, so refuse and leave both.
        tracing::warn!(count = presented.len(), "several refresh cookies presented");
        return Err(ApiError::unauthorized(
            "invalid_refresh_token",
            "Several session cookies were sent; please sign in again.",
        ));
    }
    let Some(token) = presented.first().and_then(|text| RefreshToken::parse(text)) else {
        return Err(invalid());
    };

    let renewed = match renew::renew(&state, token, client_meta(&state, &request)).await {
        Ok(renewed) => renewed,
        Err(RenewError::Invalid(reason)) => return Err(invalid().caused_by(reason)),
        Err(RenewError::Reused) => {
            return Err(ApiError::unauthorized(
                "refresh_token_reused",
                "This session was ended because its sign-in token was used twice.",
            )
            .with_cookies(state.cookies.clear_both()));
        }
        Err(RenewError::Store(error)) => return Err(error.into()),
    };
    let tokens = IssuedTokens::for_session(
        &state,
        &renewed.session,
        &renewed.username,
        renewed.counter,
        renewed.now_ms,
    )
    .ok_or_else(|| ApiError::internal("a session row holds a malformed id or nonce"))?;
    tracing::debug!(session_id = %renewed.session.id, rotated = renewed.rotated, "renewed");
    Ok(with_tokens(
        StatusCode::OK,
        &state.cookies,
        &tokens,
        json!({ "access_expires_at": tokens.access_expires_at }),
    ))
}
