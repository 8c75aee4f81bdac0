//! The browser's console, read through chromedriver's legacy log endpoint
//! (`POST /session/{id}/se/log`), which hands out each entry once.

use std::cell::RefCell;

use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;

use super::session::Browser;

/// One console line: `level` is chromedriver's (`SEVERE` for errors),
/// `source` says who wrote it (`javascript`, `console-api`, `network`, …).
#[derive(Clone, Debug)]
pub struct ConsoleEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

impl ConsoleEntry {
    /// An error from the page: an uncaught exception, a rejected promise
    /// nobody handled, a `console.error`, or a failed load.
    pub fn is_error(&self) -> bool {
        self.level == "SEVERE"
    }

    /// The browser's own note that a request got a 4xx answer, e.g. every
    /// 401 that silent renewal then cures: the browser's doing, not a
    /// page's error.
    pub fn is_client_error_status_note(&self) -> bool {
        self.source == "network"
            && self
                .message
                .split("the server responded with a status of ")
                .nth(1)
                .is_some_and(|status| status.starts_with('4'))
    }
}

/// Reads (and so removes) the entries logged since the last read.
async fn read_new_entries(client: &Client) -> Result<Vec<ConsoleEntry>, String> {
    let value = client
        .issue_cmd(ReadBrowserLog)
        .await
        .map_err(|error| format!("chromedriver did not hand out the browser log: {error}"))?;
    let text =
        |entry: &serde_json::Value, key: &str| entry[key].as_str().unwrap_or_default().to_owned();
    let entries = value
        .as_array()
        .ok_or_else(|| format!("the browser log is not a list: {value}"))?;
    Ok(entries
        .iter()
        .map(|entry| ConsoleEntry {
            level: text(entry, "level"),
            source: text(entry, "source"),
            message: text(entry, "message"),
        })
        .collect())
}

/// What one browser's console said so far (chromedriver hands out each entry
/// once), and which errors the test expects.
#[derive(Default)]
pub(crate) struct ConsoleLog {
    entries: RefCell<Vec<ConsoleEntry>>,
    /// Fragments of the messages of console errors the test expects.
    expected_errors: RefCell<Vec<String>>,
}

impl ConsoleLog {
    /// Reads the new entries; returns every entry so far.
    pub(crate) async fn read(&self, client: &Client) -> Result<Vec<ConsoleEntry>, String> {
        let new_entries = read_new_entries(client).await?;
        let mut entries = self.entries.borrow_mut();
        entries.extend(new_entries);
        Ok(entries.clone())
    }

    fn expect_error(&self, fragment: &str) {
        self.expected_errors.borrow_mut().push(fragment.to_owned());
    }

    fn is_expected(&self, entry: &ConsoleEntry) -> bool {
        self.expected_errors
            .borrow()
            .iter()
            .any(|fragment| entry.message.contains(fragment))
    }

    /// Every entry so far, one per line.
    pub(crate) fn lines(&self) -> String {
        self.entries
            .borrow()
            .iter()
            .map(|entry| format!("{} [{}] {}\n", entry.level, entry.source, entry.message))
            .collect()
    }
}

impl Browser {
    /// Declares that this test expects console errors containing `fragment`
    /// (e.g. the browser's note about a 503 during an outage).
    pub fn expect_console_error(&self, fragment: &str) {
        self.console_log().expect_error(fragment);
    }

    /// Every console entry so far.
    pub async fn console(&self) -> Vec<ConsoleEntry> {
        self.console_log()
            .read(self.client())
            .await
            .unwrap_or_else(|error| panic!("{}: {error}", self.name()))
    }

    /// Console errors that are neither the browser's notes about 4xx answers
    /// nor expected by the test: uncaught exceptions, unhandled rejections,
    /// `console.error` calls, refused loads.
    pub async fn unexpected_console_errors(&self) -> Vec<ConsoleEntry> {
        self.console()
            .await
            .into_iter()
            .filter(|entry| entry.is_error() && !entry.is_client_error_status_note())
            .filter(|entry| !self.console_log().is_expected(entry))
            .collect()
    }
}

/// `POST /session/{id}/se/log {"type":"browser"}`: chromedriver still serves
/// it for sessions created with `goog:loggingPrefs`.
#[derive(Debug)]
struct ReadBrowserLog;

impl WebDriverCompatibleCommand for ReadBrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}
