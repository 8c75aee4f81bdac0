//! The pages' errors: every one becomes a page (or a redirect), never JSON.

use std::fmt;

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::next::login_url;
use super::templates::{ErrorPage, Layout, RenewingPage};
use crate::store::StoreError;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub enum PageError {
    /// No session here: to the login page, then back to `next`.
    SignInRequired {
        next: String,
        clear: Vec<Cookie<'static>>,
    },
    /// The access token expired: the interstitial renews and comes back.
    RenewalRequired {
        action: String,
        fields: Option<Vec<(String, String)>>,
        next: String,
    },
    /// A refusal with its own page: 403, 404, 405, 413…
    Refused {
        status: StatusCode,
        heading: &'static str,
        message: String,
    },
    Unavailable(BoxError),
    Internal(BoxError),
}

impl PageError {
    pub fn not_found() -> Self {
        Self::Refused {
            status: StatusCode::NOT_FOUND,
            heading: "Page not found",
            message: "There is nothing at this address.".into(),
        }
    }

    pub fn form_expired() -> Self {
        Self::Refused {
            status: StatusCode::FORBIDDEN,
            heading: "This form has expired",
            message: "Go back, reload the page and send the form again.".into(),
        }
    }

    pub fn cross_site() -> Self {
        Self::Refused {
            status: StatusCode::FORBIDDEN,
            heading: "Request refused",
            message: "This form was not sent from this site's own pages.".into(),
        }
    }

    pub fn from_status(status: StatusCode) -> Self {
        let (heading, message) = match status {
            StatusCode::NOT_FOUND => return Self::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => (
                "Not allowed",
                "This page does not answer that kind of request.",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "Too large",
                "What you sent is larger than this page accepts.",
            ),
            _ if status.is_server_error() => {
                ("Something went wrong", "Please try again in a moment.")
            }
            _ => ("Request refused", "The request could not be handled."),
        };
        Self::Refused {
            status,
            heading,
            message: message.into(),
        }
    }
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(_) => Self::Unavailable(error.into()),
            _ => Self::Internal(error.into()),
        }
    }
}

impl fmt::Debug for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SignInRequired { next, .. } => write!(f, "SignInRequired({next})"),
            Self::RenewalRequired { action, .. } => write!(f, "RenewalRequired({action})"),
            Self::Refused { status, .. } => write!(f, "Refused({status})"),
            Self::Unavailable(cause) => write!(f, "Unavailable({cause})"),
            Self::Internal(cause) => write!(f, "Internal({cause})"),
        }
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::SignInRequired { .. } => StatusCode::SEE_OTHER,
            Self::RenewalRequired { .. } => StatusCode::UNAUTHORIZED,
            Self::Refused { status, .. } => *status,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        let page = match self {
            Self::SignInRequired { next, clear } => {
                for cookie in clear {
                    response.cookie(cookie.clone());
                }
                return response
                    .insert_header((header::LOCATION, login_url(next)))
                    .finish();
            }
            Self::RenewalRequired {
                action,
                fields,
                next,
            } => {
                // Renewal cures this 401: a script that fetched the page
                // (say, posting a form as FormData) gets it renewed and
                // replayed by the shim like any API call.
                response.insert_header((
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(r#"Bearer error="invalid_token""#),
                ));
                RenewingPage {
                    layout: Layout::bare("Renewing your session"),
                    method: if fields.is_some() { "POST" } else { "GET" },
                    action: action.clone(),
                    fields: fields.clone().unwrap_or_default(),
                    login_url: login_url(next),
                }
                .render()
            }
            Self::Refused {
                heading, message, ..
            } => error_page(status, heading, message.clone()),
            Self::Unavailable(cause) => {
                tracing::error!(cause = %cause, "page failed: store unavailable");
                response
                    .insert_header((header::RETRY_AFTER, crate::error::RETRY_AFTER_UNAVAILABLE));
                error_page(
                    status,
                    "Briefly unavailable",
                    "We could not reach our database. Please try again in a moment.".into(),
                )
            }
            Self::Internal(cause) => {
                tracing::error!(cause = %cause, "page failed");
                error_page(
                    status,
                    "Something went wrong",
                    "Please try again in a moment.".into(),
                )
            }
        };
        match page {
            Ok(html) => response.content_type("text/html; charset=utf-8").body(html),
            Err(error) => {
                tracing::error!(%error, "an error page did not render");
                response
                    .content_type("text/plain; charset=utf-8")
                    .body("Something went wrong.")
            }
        }
    }
}

fn error_page(
    status: StatusCode,
    heading: &'static str,
    message: String,
) -> askama::Result<String> {
    ErrorPage {
        layout: Layout::bare(heading),
        status: status.as_u16(),
        heading,
        message,
        back_href: "/",
        back_label: "Go to the home page",
    }
    .render()
}
