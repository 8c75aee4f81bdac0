//! When the browser's access token expires, read from its (HttpOnly) cookie
//! through WebDriver: the one wait in the suite that is a sleep, since
//! nothing else signals that time has passed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::session::Browser;

/// Margin past the expiry second, so the server's clock has surely passed it.
const MARGIN: Duration = Duration::from_millis(50);

/// The JWT's `exp` (Unix seconds).
fn expires_at(jwt: &str) -> u64 {
    let payload = jwt
        .split('.')
        .nth(1)
        .expect("the access cookie holds a JWT");
    let claims: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(payload)
            .expect("the JWT payload is base64url"),
    )
    .expect("the JWT payload is JSON");
    claims["exp"].as_u64().expect("the JWT has an exp")
}

/// Sleeps until a token with this `exp` is refused: validation allows no
/// leeway, and `exp` is still valid during its own second.
async fn sleep_past(exp: u64) {
    let refused_from = Duration::from_secs(exp + 1) + MARGIN;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is past 1970");
    if let Some(remaining) = refused_from.checked_sub(now) {
        actix_web::rt::time::sleep(remaining).await;
    }
}

impl Browser {
    /// Sleeps until the access token the browser holds now has expired.
    pub async fn wait_for_access_token_to_expire(&self) {
        let token = self
            .cookie("access")
            .await
            .expect("the browser holds an access cookie (is it on a page of the app?)");
        sleep_past(expires_at(&token)).await;
    }
}
