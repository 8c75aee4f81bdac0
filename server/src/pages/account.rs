//! Sign-in, registration and sign-out through plain HTML forms.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header::RETRY_AFTER;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::access::{Visitor, visitor};
use super::errors::PageError;
use super::form_body::PageForm;
use super::forms::{csrf_matches, flash, rotate_csrf_token};
use super::next::local_path;
use super::templates::{Layout, LoginPage, RegisterPage};
use super::{page, see_other};
use crate::auth::credentials::{self, RegisterError, SignInError};
use crate::auth::session::{self, IssuedTokens, client_meta};
use crate::domain::ids::UserId;
use crate::rate_limit::LimitError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, PageError> {
    let next = local_path(query.next.as_deref().unwrap_or("/notes"));
    if let Visitor::SignedIn(_) = visitor(&state, &request) {
        return Ok(see_other(&next));
    }
    let form = LoginPage {
        layout: Layout::new(&session, "Sign in", "login", None),
        username: String::new(),
        next,
        error: None,
    };
    page(StatusCode::OK, &form)
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    form: PageForm<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let LoginForm {
        username,
        password,
        next,
        csrf_token,
    } = form.into_inner();
    if !csrf_matches(&session, &csrf_token) {
        return Err(PageError::form_expired());
    }
    let next = local_path(if next.is_empty() { "/notes" } else { &next });
    let ip = state.proxies.client_ip(&request);
    let (status, message, retry_after) =
        match credentials::sign_in(&state, ip, &username, password).await {
            Ok(user) => {
                let tokens =
                    session::start(&state, UserId(user.id), client_meta(&state, &request)).await?;
                let welcome = format!("Signed in as {}.", user.username);
                return Ok(signed_in(&state, &session, &tokens, &next, welcome));
            }
            Err(SignInError::InvalidCredentials) => (
                StatusCode::UNAUTHORIZED,
                "That username and password do not match an account.".to_owned(),
                None,
            ),
            Err(SignInError::Limited(LimitError::Limited { retry_after_secs })) => (
                StatusCode::TOO_MANY_REQUESTS,
                format!("Too many attempts. Try again in {retry_after_secs} seconds."),
                Some(retry_after_secs),
            ),
            Err(SignInError::Limited(LimitError::Store(error)) | SignInError::Store(error)) => {
                return Err(error.into());
            }
            Err(SignInError::Hashing(error)) => return Err(PageError::Internal(error.into())),
        };
    let retry = LoginPage {
        layout: Layout::new(&session, "Sign in", "login", None),
        username,
        next,
        error: Some(message),
    };
    let mut response = page(status, &retry)?;
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(RETRY_AFTER, seconds.into());
    }
    Ok(response)
}

pub async fn register_form(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
) -> Result<HttpResponse, PageError> {
    if let Visitor::SignedIn(_) = visitor(&state, &request) {
        return Ok(see_other("/notes"));
    }
    page(
        StatusCode::OK,
        &register_page(&session, String::new(), None, None),
    )
}

fn register_page(
    session: &Session,
    username: String,
    username_error: Option<String>,
    password_error: Option<String>,
) -> RegisterPage {
    RegisterPage {
        layout: Layout::new(session, "Create an account", "register", None),
        username,
        username_error,
        password_error,
    }
}

#[derive(Deserialize)]
pub struct RegisterForm {
    username: String,
    password: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn register(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    form: PageForm<RegisterForm>,
) -> Result<HttpResponse, PageError> {
    let RegisterForm {
        username,
        password,
        csrf_token,
    } = form.into_inner();
    if !csrf_matches(&session, &csrf_token) {
        return Err(PageError::form_expired());
    }
    let ip = state.proxies.client_ip(&request);
    let (status, username_error, password_error) =
        match credentials::register(&state, ip, &username, password).await {
            Ok(user) => {
                let tokens =
                    session::start(&state, UserId(user.id), client_meta(&state, &request)).await?;
                let welcome = format!("Welcome, {}!", user.username);
                return Ok(signed_in(&state, &session, &tokens, "/notes", welcome));
            }
            Err(RegisterError::Invalid { username, password }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                username.map(str::to_owned),
                password.map(str::to_owned),
            ),
            Err(RegisterError::Taken) => (
                StatusCode::CONFLICT,
                Some("That username is already taken.".to_owned()),
                None,
            ),
            Err(RegisterError::Limited(LimitError::Limited { retry_after_secs })) => (
                StatusCode::TOO_MANY_REQUESTS,
                Some(format!(
                    "Too many new accounts from here. Try again in {retry_after_secs} seconds."
                )),
                None,
            ),
            Err(RegisterError::Limited(LimitError::Store(error)) | RegisterError::Store(error)) => {
                return Err(error.into());
            }
            Err(RegisterError::Hashing(error)) => return Err(PageError::Internal(error.into())),
        };
    page(
        status,
        &register_page(&session, username, username_error, password_error),
    )
}

/// The answer to a successful sign-in: both token cookies, a fresh form
/// token (so nothing planted before sign-in survives it), and a redirect.
fn signed_in(
    state: &AppState,
    session: &Session,
    tokens: &IssuedTokens,
    next: &str,
    message: String,
) -> HttpResponse {
    session.renew();
    rotate_csrf_token(session);
    flash(session, "info", message);
    let mut response = see_other(next);
    for cookie in tokens.cookies(&state.cookies) {
        let _ = response.add_cookie(&cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn logout(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    form: PageForm<LogoutForm>,
) -> Result<HttpResponse, PageError> {
    if !csrf_matches(&session, &form.csrf_token) {
        return Err(PageError::form_expired());
    }
    session::end(&state, &request).await?;
    rotate_csrf_token(&session);
    flash(&session, "info", "You are signed out.");
    let mut response = see_other("/login");
    for cookie in state.cookies.clear_both() {
        let _ = response.add_cookie(&cookie);
    }
    Ok(response)
}
