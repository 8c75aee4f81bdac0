//! Chrome DevTools Protocol commands, through chromedriver's
//! `POST /session/{id}/goog/cdp/execute`.

use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

pub(crate) async fn execute(client: &Client, method: &str, params: Value) {
    client
        .issue_cmd(DevToolsCommand {
            body: json!({ "cmd": method, "params": params }).to_string(),
        })
        .await
        .unwrap_or_else(|error| panic!("DevTools {method}: {error}"));
}

#[derive(Debug)]
struct DevToolsCommand {
    body: String,
}

impl WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}
