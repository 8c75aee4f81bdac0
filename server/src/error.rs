//! The JSON API's error answer, and the one place where every area's errors
//! become status codes. Every error body is `{"error", "message"}`; the cause
//! of a server-side failure is logged, never sent.

use std::fmt;

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::auth::access_token::AccessTokenError;
use crate::auth::credentials::{PasswordChangeError, RegisterError, SignInError};
use crate::rate_limit::LimitError;
use crate::store::StoreError;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Seconds a client should wait before retrying after a 503.
pub const RETRY_AFTER_UNAVAILABLE: u64 = 2;

pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Marks a 401 that renewal can cure (DESIGN section 3).
    renewable: bool,
    retry_after: Option<u64>,
    cookies: Vec<Cookie<'static>>,
    cause: Option<BoxError>,
}

/// Every error answer's body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody<'a> {
    /// A stable code, e.g. `token_expired` or `invalid_input`.
    pub error: &'a str,
    /// Text for people.
    pub message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            renewable: false,
            retry_after: None,
            cookies: Vec::new(),
            cause: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn cross_site() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "cross_site_request",
            "This request did not come from this site's own pages.",
        )
    }

    pub fn too_many_requests(retry_after: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many attempts; wait a moment and try again.",
        )
        .with_retry_after(retry_after)
    }

    pub fn unavailable(cause: impl Into<BoxError>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The service is briefly unavailable; please try again.",
        )
        .with_retry_after(RETRY_AFTER_UNAVAILABLE)
        .caused_by(cause)
    }

    pub fn internal(cause: impl Into<BoxError>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side.",
        )
        .caused_by(cause)
    }

    /// Adds `WWW-Authenticate: Bearer error="invalid_token"`: renewal may cure this 401.
    pub fn renewable(mut self) -> Self {
        self.renewable = true;
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }

    pub fn with_cookies(mut self, cookies: impl IntoIterator<Item = Cookie<'static>>) -> Self {
        self.cookies.extend(cookies);
        self
    }

    pub fn caused_by(mut self, cause: impl Into<BoxError>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    pub fn code(&self) -> &'static str {
        self.code
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("cause", &self.cause)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            let chain = error_chain(cause.as_ref());
            if self.status.is_server_error() {
                tracing::error!(code = self.code, cause = %chain, "request failed");
            } else {
                tracing::info!(code = self.code, cause = %chain, "request refused");
            }
        }
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        if self.renewable {
            response.insert_header((
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Bearer error="invalid_token""#),
            ));
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds));
        }
        for cookie in &self.cookies {
            response.cookie(cookie.clone());
        }
        response.json(ErrorBody {
            error: self.code,
            message: &self.message,
        })
    }
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(_) => Self::unavailable(error),
            StoreError::Conflict => Self::new(
                StatusCode::CONFLICT,
                "conflict",
                "That conflicts with existing data.",
            ),
            StoreError::Query(_) => Self::internal(error),
        }
    }
}

impl From<AccessTokenError> for ApiError {
    fn from(error: AccessTokenError) -> Self {
        let (code, message) = match error {
            AccessTokenError::Missing => ("missing_token", "Sign in to continue."),
            AccessTokenError::Expired => ("token_expired", "The access token has expired."),
            AccessTokenError::Invalid => ("invalid_token", "The access token is not valid."),
        };
        Self::unauthorized(code, message).renewable()
    }
}

impl From<LimitError> for ApiError {
    fn from(error: LimitError) -> Self {
        match error {
            LimitError::Limited { retry_after_secs } => Self::too_many_requests(retry_after_secs),
            LimitError::Store(store) => store.into(),
        }
    }
}

impl From<SignInError> for ApiError {
    fn from(error: SignInError) -> Self {
        match error {
            // No WWW-Authenticate: renewal cannot cure a wrong password.
            SignInError::InvalidCredentials => Self::unauthorized(
                "invalid_credentials",
                "That username and password do not match an account.",
            ),
            SignInError::Limited(limited) => limited.into(),
            SignInError::Store(store) => store.into(),
            SignInError::Hashing(hashing) => Self::internal(hashing),
        }
    }
}

impl From<RegisterError> for ApiError {
    fn from(error: RegisterError) -> Self {
        match error {
            RegisterError::Invalid { username, password } => {
                Self::invalid_input(username.or(password).unwrap_or("The input is not valid."))
            }
            RegisterError::Taken => Self::new(
                StatusCode::CONFLICT,
                "username_taken",
                "That username is already taken.",
            ),
            RegisterError::Limited(limited) => limited.into(),
            RegisterError::Store(store) => store.into(),
            RegisterError::Hashing(hashing) => Self::internal(hashing),
        }
    }
}

impl From<PasswordChangeError> for ApiError {
    fn from(error: PasswordChangeError) -> Self {
        match error {
            PasswordChangeError::WrongPassword => Self::new(
                StatusCode::FORBIDDEN,
                "wrong_password",
                "The current password is not right.",
            ),
            PasswordChangeError::Invalid(message) => Self::invalid_input(message),
            PasswordChangeError::SignIn(sign_in) => sign_in.into(),
            PasswordChangeError::Store(store) => store.into(),
            PasswordChangeError::Hashing(hashing) => Self::internal(hashing),
        }
    }
}
