//! `verify_token`: the stateless check of the access cookie. It reads no
//! database and never renews; an expired, missing or invalid token is a 401
//! that tells the client renewal may help.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::access_token::{AccessGrant, AccessTokenError};
use crate::error::ApiError;
use crate::state::AppState;

/// Verifies the access cookie of `request`.
pub fn verify_token(
    state: &AppState,
    request: &HttpRequest,
) -> Result<AccessGrant, AccessTokenError> {
    let token = state
        .cookies
        .access_token(request)
        .ok_or(AccessTokenError::Missing)?;
    state.access_tokens.verify(token)
}

/// Extractor for the JSON API: a handler taking `Authenticated` runs only
/// for a valid access token.
#[derive(Clone, Debug)]
pub struct Authenticated(pub AccessGrant);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = request.app_data::<web::Data<AppState>>() else {
            return ready(Err(ApiError::internal(
                "the application state is not registered",
            )));
        };
        ready(
            verify_token(state, request)
                .map(Self)
                .map_err(ApiError::from),
        )
    }
}
