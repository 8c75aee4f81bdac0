//! One browser: a WebDriver session on a profile of its own, pointed at one
//! app. Cloning gives another handle to the same browser. Its scripts, shim,
//! console and failure files have their own modules.

use std::rc::Rc;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::console::ConsoleLog;
use super::devtools;
use super::options::JavaScript;
use super::waiting::wait_until;

/// How long a page condition may take to come true by default.
pub(crate) const PAGE_WAIT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct Browser {
    inner: Rc<Inner>,
}

struct Inner {
    name: String,
    client: Client,
    /// The app's origin, e.g. `http://127.0.0.1:41234`.
    base: String,
    javascript: JavaScript,
    console: ConsoleLog,
}

impl Browser {
    pub(crate) fn new(name: String, client: Client, base: &str, javascript: JavaScript) -> Self {
        Self {
            inner: Rc::new(Inner {
                name,
                client,
                base: base.to_owned(),
                javascript,
                console: ConsoleLog::default(),
            }),
        }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.inner.client
    }

    /// "browser-1", …: names its files in the failure folder.
    pub(crate) fn name(&self) -> &str {
        &self.inner.name
    }

    pub(crate) fn console_log(&self) -> &ConsoleLog {
        &self.inner.console
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.inner.base)
    }

    // --- Navigation -----------------------------------------------------

    /// Loads `path` of the app and waits for its `load` event.
    pub async fn goto(&self, path: &str) {
        self.inner
            .client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|error| panic!("{}: loading {path}: {error}", self.inner.name));
    }

    /// The current page's path and query, e.g. `/login?next=%2Fnotes`.
    pub async fn path(&self) -> String {
        let url = self
            .inner
            .client
            .current_url()
            .await
            .expect("the browser has a current URL");
        path_and_query(&url)
    }

    /// Waits until the browser shows `path` (with its query, if any) and the
    /// page has finished loading.
    pub async fn wait_for_path(&self, path: &str) {
        wait_until(&format!("the browser is at {path}"), PAGE_WAIT, || async {
            self.inner
                .client
                .current_url()
                .await
                .is_ok_and(|url| path_and_query(&url) == path)
                && self.document_is_loaded().await
        })
        .await;
    }

    async fn document_is_loaded(&self) -> bool {
        if self.inner.javascript == JavaScript::Disabled {
            // WebDriver waits for the load itself when it finds elements.
            return true;
        }
        self.inner
            .client
            .execute("return document.readyState === 'complete'", vec![])
            .await
            .is_ok_and(|ready| ready == Value::Bool(true))
    }

    // --- The page ---------------------------------------------------------

    pub async fn find(&self, css: &str) -> Element {
        self.inner
            .client
            .wait()
            .at_most(PAGE_WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| {
                panic!("{}: no element matches {css}: {error}", self.inner.name)
            })
    }

    /// Whether an element matches `css` now (no waiting).
    pub async fn has(&self, css: &str) -> bool {
        self.inner
            .client
            .find_all(Locator::Css(css))
            .await
            .is_ok_and(|found| !found.is_empty())
    }

    /// Waits until an element matches `css`.
    pub async fn wait_for_element(&self, css: &str) {
        wait_until(&format!("an element matches {css}"), PAGE_WAIT, || {
            self.has(css)
        })
        .await;
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .expect("the element has text")
    }

    /// Types `text` into the field, replacing what was there.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("the field can be cleared");
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|error| panic!("typing into {css}: {error}"));
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("{}: clicking {css}: {error}", self.inner.name));
    }

    /// From the next page load on, this tab ignores the pages'
    /// Content-Security-Policy: the site's `connect-src 'self'` would refuse
    /// every cross-origin fetch before the shim could see its answer, unlike
    /// a page whose policy allows other origins.
    pub async fn ignore_content_security_policy(&self) {
        devtools::execute(
            &self.inner.client,
            "Page.setBypassCSP",
            json!({ "enabled": true }),
        )
        .await;
    }

    // --- Cookies ----------------------------------------------------------

    /// A cookie's value as the browser holds it (HttpOnly ones too), for the
    /// current page's URL.
    pub async fn cookie(&self, name: &str) -> Option<String> {
        self.inner
            .client
            .get_named_cookie(name)
            .await
            .ok()
            .map(|cookie| cookie.value().to_owned())
    }

    // --- Tabs -------------------------------------------------------------

    pub async fn current_tab(&self) -> WindowHandle {
        self.inner
            .client
            .window()
            .await
            .expect("the browser has a window")
    }

    /// Opens a new tab of this browser (same profile, same cookies) on
    /// `path` and switches to it.
    pub async fn open_tab(&self, path: &str) -> WindowHandle {
        let opened = self
            .inner
            .client
            .new_window(true)
            .await
            .expect("a new tab opens");
        self.switch_to(&opened.handle).await;
        self.goto(path).await;
        opened.handle
    }

    pub async fn switch_to(&self, tab: &WindowHandle) {
        self.inner
            .client
            .switch_to_window(tab.clone())
            .await
            .expect("the tab is there");
    }

    /// Ends the session: Chromium quits.
    pub(crate) async fn close(&self) {
        let _ = self.inner.client.clone().close().await;
    }
}

fn path_and_query(url: &url::Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}
