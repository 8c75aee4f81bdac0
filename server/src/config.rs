//! Typed configuration: every setting is an environment variable with a
//! matching flag, parsed and validated once at start-up.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use clap::Args;

use crate::secret::Secret;

/// Settings of the server. Each field's `value_name` is its environment
/// variable, so that any parse error names the variable to fix.
#[derive(Args, Clone, Debug)]
pub struct Config {
    /// Where to listen; port 0 picks a free port and logs it.
    #[arg(
        long,
        global = true,
        env = "BIND_ADDR",
        value_name = "BIND_ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub bind_addr: SocketAddr,

    /// Serve `/metrics` on this address instead of on the site (e.g. an
    /// address only the monitoring network reaches).
    #[arg(long, global = true, env = "METRICS_ADDR", value_name = "METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// Home of the embedded default: the SQLite file and the generated key.
    #[arg(
        long,
        global = true,
        env = "DATA_DIR",
        value_name = "DATA_DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,

    /// `postgres://...` for PostgreSQL, or a SQLite file path (`sqlite://...`).
    /// Default: a SQLite file in DATA_DIR.
    #[arg(long, global = true, env = "DATABASE_URL", value_name = "DATABASE_URL")]
    pub database_url: Option<DatabaseUrl>,

    /// The site's own origin (e.g. https://example.com) for CSRF checks and
    /// redirects. Default: the request's own scheme and Host.
    #[arg(
        long,
        global = true,
        env = "PUBLIC_ORIGIN",
        value_name = "PUBLIC_ORIGIN"
    )]
    pub public_origin: Option<Origin>,

    /// The master key, raw text of at least 32 bytes. Default: generated
    /// once and kept in DATA_DIR (SQLite only).
    #[arg(
        long,
        global = true,
        env = "SECRET_KEY",
        value_name = "SECRET_KEY",
        hide_env_values = true
    )]
    pub secret_key: Option<Secret>,

    /// Comma-separated retired master keys, still accepted for verification.
    #[arg(
        long,
        global = true,
        env = "PREVIOUS_SECRET_KEYS",
        value_name = "PREVIOUS_SECRET_KEYS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub previous_secret_keys: Vec<Secret>,

    /// Lifetime of an access token.
    #[arg(
        long,
        global = true,
        env = "ACCESS_TOKEN_TTL",
        value_name = "ACCESS_TOKEN_TTL",
        default_value = "15m"
    )]
    pub access_token_ttl: HumanDuration,

    /// A session unused this long ends.
    #[arg(
        long,
        global = true,
        env = "REFRESH_IDLE_TTL",
        value_name = "REFRESH_IDLE_TTL",
        default_value = "14d"
    )]
    pub refresh_idle_ttl: HumanDuration,

    /// No session outlives this.
    #[arg(
        long,
        global = true,
        env = "SESSION_MAX_AGE",
        value_name = "SESSION_MAX_AGE",
        default_value = "60d"
    )]
    pub session_max_age: HumanDuration,

    /// Window in which a just-rotated refresh token still renews; `0s`:
    /// every renewal rotates.
    #[arg(
        long,
        global = true,
        env = "RENEW_GRACE",
        value_name = "RENEW_GRACE",
        default_value = "30s"
    )]
    pub renew_grace: HumanDuration,

    /// Comma-separated proxy addresses whose X-Forwarded-* headers are believed.
    #[arg(
        long,
        global = true,
        env = "TRUSTED_PROXIES",
        value_name = "TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpAddr>,

    /// Failed sign-ins per client IP and per account, e.g. `10/min`; `off` disables.
    #[arg(
        long,
        global = true,
        env = "LOGIN_RATE_LIMIT",
        value_name = "LOGIN_RATE_LIMIT",
        default_value = "10/min"
    )]
    pub login_rate_limit: RateLimit,

    /// Renewals per client IP, e.g. `600/min`; `off` disables.
    #[arg(
        long,
        global = true,
        env = "RENEW_RATE_LIMIT",
        value_name = "RENEW_RATE_LIMIT",
        default_value = "600/min"
    )]
    pub renew_rate_limit: RateLimit,

    /// `false`: cookies without `Secure` and without the `__Host-`/`__Secure-` prefixes.
    #[arg(
        long,
        global = true,
        env = "COOKIE_SECURE",
        value_name = "COOKIE_SECURE",
        default_value = "true",
        action = clap::ArgAction::Set
    )]
    pub cookie_secure: bool,

    /// Tracing filter, e.g. `info` or `silent_renew=debug`.
    #[arg(
        long,
        global = true,
        env = "RUST_LOG",
        value_name = "RUST_LOG",
        default_value = "info"
    )]
    pub log_filter: String,

    /// `text` (one readable line per event) or `json` (one JSON object per line).
    #[arg(
        long,
        global = true,
        env = "LOG_FORMAT",
        value_name = "LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// Reads settings from flags (and, for the flags not given, from the
    /// environment), exactly as the binary does.
    pub fn try_from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        #[derive(clap::Parser)]
        #[command(name = "silent-renew")]
        struct ConfigOnly {
            #[command(flatten)]
            config: Config,
        }
        let args = std::iter::once(std::ffi::OsString::from("silent-renew"))
            .chain(args.into_iter().map(Into::into));
        <ConfigOnly as clap::Parser>::try_parse_from(args).map(|parsed| parsed.config)
    }

    /// The store to use: `DATABASE_URL`, or the SQLite file in `DATA_DIR`.
    pub fn database(&self) -> DatabaseUrl {
        self.database_url
            .clone()
            .unwrap_or_else(|| DatabaseUrl::Sqlite(self.data_dir.join("silent-renew.db")))
    }

    /// Checks that span several settings; the message names the variable.
    pub fn validate(&self) -> Result<(), String> {
        if self.access_token_ttl.0.is_zero() {
            return Err("ACCESS_TOKEN_TTL: must be longer than 0s".into());
        }
        if self.refresh_idle_ttl.0.is_zero() {
            return Err("REFRESH_IDLE_TTL: must be longer than 0s".into());
        }
        if self.session_max_age.0.is_zero() {
            return Err("SESSION_MAX_AGE: must be longer than 0s".into());
        }
        if self.secret_key.is_none() && matches!(self.database(), DatabaseUrl::Postgres(_)) {
            return Err(
                "SECRET_KEY: required with PostgreSQL, since every instance sharing \
                 the database must sign with the same key"
                    .into(),
            );
        }
        Ok(())
    }
}

/// A duration written like `500ms`, `30s`, `15m`, `1h` or `14d`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HumanDuration(pub Duration);

impl FromStr for HumanDuration {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("`{text}` is not a duration like 30s, 15m, 1h or 14d");
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(invalid)?;
        let (number, unit) = text.split_at(split);
        let number: u64 = number.parse().map_err(|_| invalid())?;
        let unit_millis: u64 = match unit {
            "ms" => 1,
            "s" => 1_000,
            "m" | "min" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(invalid()),
        };
        let millis = number.checked_mul(unit_millis).ok_or_else(invalid)?;
        // Far beyond any sensible setting, and keeps every sum with a Unix
        // time in milliseconds well inside i64.
        if millis > 100 * 365 * 86_400_000 {
            return Err(format!("`{text}` is longer than 100 years"));
        }
        Ok(Self(Duration::from_millis(millis)))
    }
}

impl HumanDuration {
    pub fn as_millis(&self) -> i64 {
        self.0.as_millis() as i64
    }
}

/// A token-bucket limit such as `10/min` (burst and refill per period), or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateLimit {
    Off,
    PerPeriod { count: u32, period: Duration },
}

impl FromStr for RateLimit {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim() == "off" {
            return Ok(Self::Off);
        }
        let invalid = || format!("`{text}` is not a limit like 10/min, 5/s, 100/h or off");
        let (count, period) = text.trim().split_once('/').ok_or_else(invalid)?;
        let count: u32 = count.parse().map_err(|_| invalid())?;
        if count == 0 {
            return Err(format!(
                "`{text}` allows nothing; write `off` to disable the limit"
            ));
        }
        let period = match period {
            "s" | "sec" => Duration::from_secs(1),
            "min" | "m" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(invalid()),
        };
        Ok(Self::PerPeriod { count, period })
    }
}

/// Where the data lives. Its `Debug` hides a PostgreSQL URL's password.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

impl FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(Self::Postgres(text.to_owned()));
        }
        let path = text.strip_prefix("sqlite://").unwrap_or(text);
        if path.is_empty() || text.contains("://") && !text.starts_with("sqlite://") {
            return Err(format!(
                "`{}` is neither postgres://... nor a SQLite file path",
                redact_url(text)
            ));
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Postgres(url) => write!(f, "Postgres({})", redact_url(url)),
            Self::Sqlite(path) => write!(f, "Sqlite({})", path.display()),
        }
    }
}

impl DatabaseUrl {
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(path) => Some(path),
            Self::Postgres(_) => None,
        }
    }
}

/// `scheme://user:password@host` → `scheme://user:***@host`.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// A web origin: `http(s)://host[:port]`, no path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(String);

impl FromStr for Origin {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("`{text}` is not an origin like https://example.com");
        let text = text.trim().trim_end_matches('/');
        let (scheme, host) = text.split_once("://").ok_or_else(invalid)?;
        let valid_host = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
        if !matches!(scheme, "http" | "https") || !valid_host {
            return Err(invalid());
        }
        Ok(Self(text.to_ascii_lowercase()))
    }
}

impl Origin {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_the_readme_says() {
        let ms = |text: &str| text.parse::<HumanDuration>().map(|d| d.0.as_millis());
        assert_eq!(ms("2s"), Ok(2_000));
        assert_eq!(ms("15m"), Ok(900_000));
        assert_eq!(ms("1h"), Ok(3_600_000));
        assert_eq!(ms("14d"), Ok(1_209_600_000));
        assert_eq!(ms("250ms"), Ok(250));
        assert!(ms("15").is_err());
        assert!(ms("m").is_err());
        assert!(ms("-1s").is_err());
        assert!(ms("1.5h").is_err());
        assert!(ms("99999999999999999d").is_err());
    }

    #[test]
    fn rate_limits_parse_or_say_why_not() {
        assert_eq!(
            "10/min".parse(),
            Ok(RateLimit::PerPeriod {
                count: 10,
                period: Duration::from_secs(60)
            })
        );
        assert_eq!("off".parse(), Ok(RateLimit::Off));
        assert!("0/min".parse::<RateLimit>().is_err());
        assert!("10".parse::<RateLimit>().is_err());
        assert!("10/fortnight".parse::<RateLimit>().is_err());
    }

    #[test]
    fn database_urls_pick_the_backend_and_hide_passwords() {
        let pg: DatabaseUrl = "postgres://app:hunter2@db/site".parse().unwrap();
        assert_eq!(format!("{pg:?}"), "Postgres(postgres://app:***@db/site)");
        assert_eq!(
            "sqlite://data/x.db".parse(),
            Ok(DatabaseUrl::Sqlite("data/x.db".into()))
        );
        assert_eq!("x.db".parse(), Ok(DatabaseUrl::Sqlite("x.db".into())));
        assert!("mysql://db/site".parse::<DatabaseUrl>().is_err());
    }

    #[test]
    fn origins_have_a_scheme_and_host_only() {
        assert_eq!(
            "https://Example.com/".parse::<Origin>().map(|o| o.0),
            Ok("https://example.com".to_owned())
        );
        assert!("example.com".parse::<Origin>().is_err());
        assert!("https://example.com/path".parse::<Origin>().is_err());
        assert!("ftp://example.com".parse::<Origin>().is_err());
    }
}
