//! The capabilities of a test browser: headless Chromium on a fresh profile,
//! quiet (no background traffic to muddle the server's counters), with its
//! console kept for the test to read.

use std::path::Path;

use fantoccini::wd::Capabilities;
use serde_json::json;

/// Whether the pages' scripts run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JavaScript {
    Enabled,
    Disabled,
}

pub(crate) fn capabilities(profile: &Path, javascript: JavaScript) -> Capabilities {
    let args = [
        "--headless=new",
        // The tests run as root, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        // Two tabs fire at one moment in a test: neither may be throttled
        // for being in the background.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
        "--window-size=1280,900",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let mut chrome_options = json!({ "args": args });
    if javascript == JavaScript::Disabled {
        // A managed content setting: the browser itself, not the page,
        // refuses every script, as a user who turned JavaScript off.
        chrome_options["prefs"] = json!({
            "profile.managed_default_content_settings.javascript": 2
        });
    }
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": chrome_options,
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    match capabilities {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("the capabilities are an object"),
    }
}
