//! Chromium's `Page.addScriptToEvaluateOnNewDocument`, through chromedriver's
//! DevTools passthrough: the one way to run code in a page before its own
//! scripts, which the shim benchmark needs to keep the browser's own fetch
//! (the very function the shim's loader saves) before the loader patches it.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::json;

#[derive(Debug)]
pub struct RunOnEveryNewDocument(pub String);

impl WebDriverCompatibleCommand for RunOnEveryNewDocument {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": self.0 },
        });
        (http::Method::POST, Some(body.to_string()))
    }
}
