//! The binary's commands besides serving: what an operator runs by hand.

use std::fmt::Write as _;

use crate::auth::password::Passwords;
use crate::config::{Config, DatabaseUrl, RateLimit};
use crate::domain::password::Password;
use crate::domain::username::Username;
use crate::store::{Store, sessions, users};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Brings the schema up to date; returns how many migrations ran.
pub fn migrate(config: &Config) -> Result<usize, BoxError> {
    let (_, applied) = Store::open_reporting(&config.database())?;
    Ok(applied)
}

/// Creates an account. The password comes from the caller (stdin), never
/// from a flag, so it stays out of shell history and process listings.
pub async fn add_user(config: &Config, username: &str, password: String) -> Result<i32, BoxError> {
    let username = Username::parse(username)?;
    let password = Password::parse_new(password)?;
    let store = Store::open(&config.database())?;
    let hash = Passwords::new(1)?.hash(password).await?;
    let name = username.to_string();
    let user = store
        .run(move |conn| users::insert(conn, &name, &hash))
        .await
        .map_err(|error| match error {
            crate::store::StoreError::Conflict => {
                format!("the username {username} is taken").into()
            }
            other => BoxError::from(other),
        })?;
    Ok(user.id)
}

/// Deletes sessions past their expiry; returns how many.
pub async fn prune_sessions(config: &Config) -> Result<usize, BoxError> {
    let store = Store::open(&config.database())?;
    Ok(store.run(sessions::delete_expired).await?)
}

/// Every setting as it will be used, secrets redacted.
pub fn describe(config: &Config) -> String {
    let secret_key = match (&config.secret_key, config.database()) {
        (Some(_), _) => "[redacted]".to_owned(),
        (None, DatabaseUrl::Sqlite(_)) => format!(
            "[generated once in {}]",
            config.data_dir.join("secret.key").display()
        ),
        (None, DatabaseUrl::Postgres(_)) => "[missing: required with PostgreSQL]".to_owned(),
    };
    let limit = |limit: RateLimit| match limit {
        RateLimit::Off => "off".to_owned(),
        RateLimit::PerPeriod { count, period } => format!("{count} per {}s", period.as_secs()),
    };
    let rows = [
        ("BIND_ADDR", config.bind_addr.to_string()),
        (
            "METRICS_ADDR",
            config
                .metrics_addr
                .map_or("(on the site, /metrics)".into(), |addr| addr.to_string()),
        ),
        ("DATA_DIR", config.data_dir.display().to_string()),
        ("DATABASE_URL", format!("{:?}", config.database())),
        (
            "PUBLIC_ORIGIN",
            config
                .public_origin
                .as_ref()
                .map_or("(from each request's Host)".into(), |o| {
                    o.as_str().to_owned()
                }),
        ),
        ("SECRET_KEY", secret_key),
        (
            "PREVIOUS_SECRET_KEYS",
            format!("{} key(s) [redacted]", config.previous_secret_keys.len()),
        ),
        (
            "ACCESS_TOKEN_TTL",
            format!("{:?}", config.access_token_ttl.0),
        ),
        (
            "REFRESH_IDLE_TTL",
            format!("{:?}", config.refresh_idle_ttl.0),
        ),
        ("SESSION_MAX_AGE", format!("{:?}", config.session_max_age.0)),
        ("RENEW_GRACE", format!("{:?}", config.renew_grace.0)),
        ("TRUSTED_PROXIES", format!("{:?}", config.trusted_proxies)),
        ("LOGIN_RATE_LIMIT", limit(config.login_rate_limit)),
        ("RENEW_RATE_LIMIT", limit(config.renew_rate_limit)),
        ("COOKIE_SECURE", config.cookie_secure.to_string()),
        ("RUST_LOG", config.log_filter.clone()),
        (
            "LOG_FORMAT",
            format!("{:?}", config.log_format).to_lowercase(),
        ),
    ];
    let mut text = String::new();
    for (name, value) in rows {
        let _ = writeln!(text, "{name:<22} {value}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_check_redacts_every_secret() {
        let config = Config::try_from_args([
            "--secret-key",
            "a very secret master key nobody may see",
            "--previous-secret-keys",
            "an older secret master key nobody may see",
            "--database-url",
            "postgres://app:hunter2@db/site",
        ])
        .unwrap();
        let text = describe(&config);
        assert!(!text.contains("nobody may see"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("SECRET_KEY") && text.contains("[redacted]"));
    }
}
