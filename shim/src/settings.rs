//! The options a page gives `install()`, read once and resolved to absolute URLs.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Url, Window};

use crate::coverage::Coverage;
use crate::js;

const DEFAULT_RENEW_URL: &str = "/auth/renew";
const DEFAULT_LOGIN_URL: &str = "/login";
/// Shorter than the server's grace window (30 s), so a renewal whose answer was lost is retried
/// while the server still accepts the previous refresh token.
const DEFAULT_RETRY_BOUND_MS: f64 = 15_000.0;

/// What happens when the session is over and no listener cancelled `silent-renew:expired`.
pub(crate) enum ExpiredAction {
    /// `location.assign(loginUrl + '?next=' + current path and query)`.
    GoToLogin,
    /// The page's own function, called with the event's detail.
    Call(Function),
    Nothing,
}

pub(crate) struct Settings {
    pub(crate) coverage: Coverage,
    /// Absolute.
    pub(crate) renew_url: String,
    /// As given: the browser resolves it when navigating.
    pub(crate) login_url: String,
    /// No renewal — lock wait, attempts, backoff, waiting to be online — lasts longer than this.
    pub(crate) retry_bound_ms: f64,
    pub(crate) on_expired: ExpiredAction,
}

impl Settings {
    pub(crate) fn read(options: &JsValue, window: &Window) -> Result<Settings, JsValue> {
        let document = window
            .document()
            .ok_or_else(|| JsValue::from_str("silent-renew needs a document"))?;
        let base = document
            .base_uri()?
            .unwrap_or_else(|| String::from("about:blank"));
        let absolute = |url: &str| Url::new_with_base(url, &base).map(|url| url.href());
        let option = |key| {
            if options.is_object() {
                js::get(options, key)
            } else {
                JsValue::UNDEFINED
            }
        };

        let renew_url = absolute(&string_or(option("renewUrl"), DEFAULT_RENEW_URL))?;
        let login_url = string_or(option("loginUrl"), DEFAULT_LOGIN_URL);
        let prefixes = |key| -> Result<Vec<String>, JsValue> {
            url_list(&option(key))
                .iter()
                .map(|url| absolute(url))
                .collect()
        };
        let coverage = Coverage::new(
            window.location().origin()?,
            &renew_url,
            prefixes("include")?,
            prefixes("exclude")?,
        );
        let retry_bound_ms = option("retryBoundMs")
            .as_f64()
            // A `data-retry-bound-ms` attribute is a string (of whole milliseconds).
            .or_else(|| {
                Some(f64::from(
                    option("retryBoundMs")
                        .as_string()?
                        .trim_ascii()
                        .parse::<u32>()
                        .ok()?,
                ))
            })
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
            .unwrap_or(DEFAULT_RETRY_BOUND_MS);

        let on_expired = option("onExpired");
        let on_expired = if let Some(function) = on_expired.dyn_ref::<Function>() {
            ExpiredAction::Call(function.clone())
        } else if on_expired.is_undefined() || on_expired.as_string().as_deref() == Some("login") {
            ExpiredAction::GoToLogin
        } else {
            // `false`, `null`, "none": the page handles the end of the session itself.
            ExpiredAction::Nothing
        };

        Ok(Settings {
            coverage,
            renew_url,
            login_url,
            retry_bound_ms,
            on_expired,
        })
    }
}

fn string_or(value: JsValue, default: &str) -> String {
    value
        .as_string()
        .filter(|text| !text.trim_ascii().is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// URL prefixes separated by spaces or commas (the loader joins an array given to `install()`).
fn url_list(value: &JsValue) -> Vec<String> {
    value
        .as_string()
        .unwrap_or_default()
        .split([' ', ',', '\n', '\t'])
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}
