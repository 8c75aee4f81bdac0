//! Checking who someone is, and creating accounts: the steps the JSON API
//! and the HTML forms share, rate limits included.

use std::net::IpAddr;

use diesel::Connection;

use super::access_token::AccessGrant;
use super::password::PasswordError;
use crate::domain::password::Password;
use crate::domain::username::Username;
use crate::metrics::LoginOutcome;
use crate::rate_limit::LimitError;
use crate::state::AppState;
use crate::store::StoreError;
use crate::store::sessions;
use crate::store::users::{self, UserRow};

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// One answer for an unknown user and a wrong password.
    #[error("the username and password do not match an account")]
    InvalidCredentials,
    #[error(transparent)]
    Limited(LimitError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hashing(#[from] PasswordError),
}

impl From<LimitError> for SignInError {
    fn from(error: LimitError) -> Self {
        match error {
            LimitError::Store(store) => Self::Store(store),
            limited => Self::Limited(limited),
        }
    }
}

/// The account `username` names, if `password` is its password. A token
/// of every sign-in bucket is taken first and given back on success.
pub async fn sign_in(
    state: &AppState,
    ip: Option<IpAddr>,
    username: &str,
    password: String,
) -> Result<UserRow, SignInError> {
    let result = check_password(state, ip, username, password).await;
    state.metrics.login(match &result {
        Ok(_) => LoginOutcome::Success,
        Err(SignInError::InvalidCredentials) => LoginOutcome::InvalidCredentials,
        Err(SignInError::Limited(_)) => LoginOutcome::Limited,
        Err(_) => LoginOutcome::Error,
    });
    result
}

async fn check_password(
    state: &AppState,
    ip: Option<IpAddr>,
    username: &str,
    password: String,
) -> Result<UserRow, SignInError> {
    let attempt = state.limits.begin_login(&state.store, ip, username).await?;
    let user = match Username::parse(username) {
        Ok(name) => {
            state
                .store
                .run(move |conn| users::find_by_username(conn, name.as_str()))
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
        .await?;
    match user.filter(|_| matches) {
        Some(user) => {
            attempt.succeeded(&state.store).await;
            Ok(user)
        }
        None => Err(SignInError::InvalidCredentials),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("invalid registration")]
    Invalid {
        username: Option<&'static str>,
        password: Option<&'static str>,
    },
    #[error("the username is taken")]
    Taken,
    #[error(transparent)]
    Limited(LimitError),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Hashing(#[from] PasswordError),
}

impl From<StoreError> for RegisterError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict => Self::Taken,
            other => Self::Store(other),
        }
    }
}

impl From<LimitError> for RegisterError {
    fn from(error: LimitError) -> Self {
        match error {
            LimitError::Store(store) => Self::Store(store),
            limited => Self::Limited(limited),
        }
    }
}

pub async fn register(
    state: &AppState,
    ip: Option<IpAddr>,
    username: &str,
    password: String,
) -> Result<UserRow, RegisterError> {
    let (username, password) = match (Username::parse(username), Password::parse_new(password)) {
        (Ok(username), Ok(password)) => (username, password),
        (username, password) => {
            return Err(RegisterError::Invalid {
                username: username.err(),
                password: password.err(),
            });
        }
    };
    let name = username.to_string();
    if state
        .store
        .run(move |conn| users::find_by_username(conn, &name))
        .await?
        .is_some()
    {
        return Err(RegisterError::Taken);
    }
    state.limits.begin_registration(&state.store, ip).await?;
    let hash = state.passwords.hash(password).await?;
    let name = username.to_string();
    let user = state
        .store
        .run(move |conn| users::insert(conn, &name, &hash))
        .await?;
    tracing::info!(user_id = user.id, "account created");
    Ok(user)
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordChangeError {
    #[error("the current password is not right")]
    WrongPassword,
    #[error("the new password is not acceptable: {0}")]
    Invalid(&'static str),
    #[error(transparent)]
    SignIn(SignInError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hashing(#[from] PasswordError),
}

/// Changes the signed-in user's password after checking the current one
/// (rate-limited like a sign-in), then ends every other session: whoever
/// else held one loses it with the old password. Returns how many ended.
pub async fn change_password(
    state: &AppState,
    ip: Option<IpAddr>,
    grant: &AccessGrant,
    current: String,
    new: String,
) -> Result<usize, PasswordChangeError> {
    let new = Password::parse_new(new).map_err(PasswordChangeError::Invalid)?;
    match sign_in(state, ip, &grant.username, current).await {
        Ok(user) if user.id == grant.user_id.0 => {}
        Ok(_) | Err(SignInError::InvalidCredentials) => {
            return Err(PasswordChangeError::WrongPassword);
        }
        Err(other) => return Err(PasswordChangeError::SignIn(other)),
    }
    let hash = state.passwords.hash(new).await?;
    let user_id = grant.user_id.0;
    let keep = grant.session_id.to_hex();
    let ended = state
        .store
        .run(move |conn| {
            conn.transaction(|conn| {
                users::set_password_hash(conn, user_id, &hash)?;
                sessions::revoke_all_but(conn, user_id, &keep, "password_changed")
            })
        })
        .await?;
    tracing::info!(user_id, ended, "password changed; other sessions ended");
    Ok(ended)
}
