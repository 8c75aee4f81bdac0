//! The devices page: where the user is signed in, and signing devices out.
//! Like the JSON routes that manage sessions, it confirms in the store that
//! the caller's own session is still live.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::access::{Return, require_form_user, require_user};
use super::errors::PageError;
use super::form_body::PageForm;
use super::forms::flash;
use super::see_other;
use super::templates::{DeviceItem, Layout, SessionsPage};
use crate::auth::access_token::AccessGrant;
use crate::auth::credentials::{self, PasswordChangeError, SignInError};
use crate::auth::session;
use crate::domain::device::describe;
use crate::domain::ids::SessionId;
use crate::domain::time::{ago, rfc3339, unix_millis_now};
use crate::rate_limit::LimitError;
use crate::state::AppState;
use crate::store::sessions;

/// The caller's session must be live; a revoked one is signed out here.
async fn require_live(state: &AppState, grant: AccessGrant) -> Result<AccessGrant, PageError> {
    let id = grant.session_id.to_hex();
    if state
        .store
        .run(move |conn| sessions::is_live(conn, &id))
        .await?
    {
        Ok(grant)
    } else {
        let clear = state.cookies.clear_both().to_vec();
        Err(PageError::SignInRequired {
            next: "/sessions".to_owned(),
            clear,
        })
    }
}

pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
) -> Result<HttpResponse, PageError> {
    let grant = require_live(&state, require_user(&state, &request, Return::Reload)?).await?;
    render(
        &state,
        &session,
        &grant,
        PasswordErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// Messages next to the password form's fields.
#[derive(Default)]
struct PasswordErrors {
    current: Option<String>,
    new: Option<String>,
}

async fn render(
    state: &AppState,
    session: &Session,
    grant: &AccessGrant,
    errors: PasswordErrors,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let user_id = grant.user_id.0;
    let rows = state
        .store
        .run(move |conn| sessions::list_live(conn, user_id))
        .await?;
    let now = unix_millis_now();
    let current = grant.session_id.to_hex();
    let devices = rows
        .into_iter()
        .map(|row| DeviceItem {
            current: row.id == current,
            description: describe(row.user_agent.as_deref()),
            ip: row.ip,
            created_at: rfc3339(row.created_at),
            created_label: ago(now, row.created_at),
            last_active: rfc3339(row.last_renewed_at),
            last_active_label: ago(now, row.last_renewed_at),
            id: row.id,
        })
        .collect();
    let page = SessionsPage {
        layout: Layout::new(session, "Devices", "sessions", Some(grant)),
        devices,
        current_password_error: errors.current,
        new_password_error: errors.new,
    };
    super::page(status, &page)
}

#[derive(Deserialize, Serialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn change_password(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    form: PageForm<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let grant = require_form_user(&state, &request, &session, &*form, "/sessions")?;
    let grant = require_live(&state, grant).await?;
    let PasswordForm {
        current_password,
        new_password,
        ..
    } = form.into_inner();
    let ip = state.proxies.client_ip(&request);
    let (status, errors) = match credentials::change_password(
        &state,
        ip,
        &grant,
        current_password,
        new_password,
    )
    .await
    {
        Ok(ended) => {
            let others = match ended {
                0 => String::new(),
                1 => " 1 other device was signed out.".to_owned(),
                n => format!(" {n} other devices were signed out."),
            };
            flash(
                &session,
                "info",
                format!("Your password is changed.{others}"),
            );
            return Ok(see_other("/sessions"));
        }
        Err(PasswordChangeError::WrongPassword) => (
            StatusCode::FORBIDDEN,
            PasswordErrors {
                current: Some("That is not your current password.".into()),
                new: None,
            },
        ),
        Err(PasswordChangeError::Invalid(message)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            PasswordErrors {
                current: None,
                new: Some(message.into()),
            },
        ),
        Err(PasswordChangeError::SignIn(SignInError::Limited(LimitError::Limited {
            retry_after_secs,
        }))) => (
            StatusCode::TOO_MANY_REQUESTS,
            PasswordErrors {
                current: Some(format!(
                    "Too many attempts. Try again in {retry_after_secs} seconds."
                )),
                new: None,
            },
        ),
        Err(
            PasswordChangeError::Store(error)
            | PasswordChangeError::SignIn(SignInError::Store(error)),
        ) => {
            return Err(error.into());
        }
        Err(other) => return Err(PageError::Internal(other.into())),
    };
    render(&state, &session, &grant, errors, status).await
}

#[derive(Deserialize, Serialize)]
pub struct SessionForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn revoke(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    id: web::Path<String>,
    form: PageForm<SessionForm>,
) -> Result<HttpResponse, PageError> {
    let grant = require_form_user(&state, &request, &session, &*form, "/sessions")?;
    let grant = require_live(&state, grant).await?;
    let target: SessionId = id.parse().map_err(|_| PageError::not_found())?;
    if !session::end_device(&state, &grant, target).await? {
        return Err(PageError::not_found());
    }
    if target == grant.session_id {
        let mut response = see_other("/login");
        for cookie in state.cookies.clear_both() {
            let _ = response.add_cookie(&cookie);
        }
        return Ok(response);
    }
    flash(&session, "info", "That device is signed out.");
    Ok(see_other("/sessions"))
}

pub async fn revoke_others(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: Session,
    form: PageForm<SessionForm>,
) -> Result<HttpResponse, PageError> {
    let grant = require_form_user(&state, &request, &session, &*form, "/sessions")?;
    let grant = require_live(&state, grant).await?;
    let message = match session::end_all_other_devices(&state, &grant).await? {
        0 => "No other device was signed in.".to_owned(),
        1 => "Signed out of 1 other device.".to_owned(),
        n => format!("Signed out of {n} other devices."),
    };
    flash(&session, "info", message);
    Ok(see_other("/sessions"))
}
