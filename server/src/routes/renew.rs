//! `POST /auth/renew`: a refresh token in, a new access token out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::docs::{CrossSite, Limited, Unavailable};
use super::with_tokens;
use crate::auth::cookies::cookie_values;
use crate::auth::refresh_token::RefreshToken;
use crate::auth::renew::{self as renewal, RenewError};
use crate::auth::session::{IssuedTokens, client_meta};
use crate::error::{ApiError, ErrorBody};
use crate::metrics::RenewOutcome;
use crate::rate_limit::LimitError;
use crate::state::AppState;
use crate::store::StoreError;

#[derive(Serialize, ToSchema)]
pub struct Renewed {
    /// When the new access token expires, in Unix seconds.
    #[schema(example = 1796403900)]
    access_expires_at: i64,
}

/// Turns the refresh cookie into a new access token, rotating the refresh
/// token at most once per grace window. Never called by page code: the
/// shim calls it on a `401` that carries `WWW-Authenticate`.
#[utoipa::path(
    tag = "renewal",
    responses(
        (status = 200, body = Renewed, description = "New access cookie; the current refresh cookie"),
        (
            status = 401,
            body = ErrorBody,
            description = "`invalid_refresh_token` or `refresh_token_reused`: the session is over; cookies cleared"
        ),
        CrossSite,
        Limited,
        Unavailable
    ),
    security(("refresh_cookie" = []))
)]
#[post("/auth/renew")]
pub async fn renew(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (outcome, answer) = answer(&state, &request).await;
    state.metrics.renewal(outcome);
    answer
}

async fn answer(
    state: &AppState,
    request: &HttpRequest,
) -> (RenewOutcome, Result<HttpResponse, ApiError>) {
    let invalid = || {
        ApiError::unauthorized(
            "invalid_refresh_token",
            "The session has ended; please sign in again.",
        )
        .with_cookies(state.cookies.clear_both())
    };
    if let Err(limited) = state.limits.check_renewal(state.proxies.client_ip(request)) {
        let outcome = match limited {
            LimitError::Limited { .. } => RenewOutcome::Limited,
            LimitError::Store(_) => RenewOutcome::Unavailable,
        };
        return (outcome, Err(limited.into()));
    }
    let presented = cookie_values(request, state.cookies.refresh_name());
    if presented.len() > 1 {
        // Another site under the same registrable domain may have planted a
        // second cookie: clearing would hit ours, so refuse and leave both.
        tracing::warn!(count = presented.len(), "several refresh cookies presented");
        let refusal = ApiError::unauthorized(
            "invalid_refresh_token",
            "Several session cookies were sent; please sign in again.",
        );
        return (RenewOutcome::Invalid, Err(refusal));
    }
    let Some(token) = presented.first().and_then(|text| RefreshToken::parse(text)) else {
        return (RenewOutcome::Invalid, Err(invalid()));
    };

    let renewed = match renewal::renew(state, token, client_meta(state, request)).await {
        Ok(renewed) => renewed,
        Err(RenewError::Invalid(reason)) => {
            return (RenewOutcome::Invalid, Err(invalid().caused_by(reason)));
        }
        Err(RenewError::Reused) => {
            let refusal = ApiError::unauthorized(
                "refresh_token_reused",
                "This session was ended because its sign-in token was used twice.",
            )
            .with_cookies(state.cookies.clear_both());
            return (RenewOutcome::Reused, Err(refusal));
        }
        Err(RenewError::Store(error)) => {
            let outcome = match error {
                StoreError::Unavailable(_) => RenewOutcome::Unavailable,
                _ => RenewOutcome::Invalid,
            };
            return (outcome, Err(error.into()));
        }
    };
    let Some(tokens) = IssuedTokens::for_session(
        state,
        &renewed.session,
        &renewed.username,
        renewed.counter,
        renewed.now_ms,
    ) else {
        let failure = ApiError::internal("a session row holds a malformed id or nonce");
        return (RenewOutcome::Invalid, Err(failure));
    };
    tracing::debug!(session_id = %renewed.session.id, rotated = renewed.rotated, "renewed");
    let outcome = if renewed.rotated {
        RenewOutcome::Rotated
    } else {
        RenewOutcome::Grace
    };
    let body = Renewed {
        access_expires_at: tokens.access_expires_at,
    };
    (
        outcome,
        Ok(with_tokens(StatusCode::OK, &state.cookies, &tokens, body)),
    )
}
