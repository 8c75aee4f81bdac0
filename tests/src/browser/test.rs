//! The frame of one browser test: its turn, its folder, its chromedriver,
//! its browsers; on failure their screenshots, pages and consoles; at the
//! end the check that no page threw.

use std::any::Any;
use std::cell::RefCell;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use futures_util::FutureExt as _;
use hyper_util::client::legacy::connect::HttpConnector;

use super::chromedriver::ChromeDriver;
use super::one_at_a_time;
use super::options::{JavaScript, capabilities};
use super::session::Browser;
use crate::TestApp;
use crate::database::random_suffix;

/// No browser test may take longer; a hung browser fails the test instead of
/// the whole run.
const TEST_DEADLINE: Duration = Duration::from_secs(120);
/// Saving a failing test's artefacts may take this long per browser.
const ARTEFACT_DEADLINE: Duration = Duration::from_secs(15);

/// Handed to a test body: opens browsers on an app.
#[derive(Clone)]
pub struct BrowserTest {
    inner: Rc<Inner>,
}

struct Inner {
    folder: PathBuf,
    driver: ChromeDriver,
    browsers: RefCell<Vec<Browser>>,
}

impl BrowserTest {
    /// A new browser on a fresh profile of its own, pointed at `app`.
    pub async fn browser(&self, app: &TestApp) -> Browser {
        self.open(app, JavaScript::Enabled).await
    }

    /// A browser whose user turned JavaScript off.
    pub async fn browser_without_javascript(&self, app: &TestApp) -> Browser {
        self.open(app, JavaScript::Disabled).await
    }

    async fn open(&self, app: &TestApp, javascript: JavaScript) -> Browser {
        let name = format!("browser-{}", self.inner.browsers.borrow().len() + 1);
        let profile = self.inner.folder.join("profiles").join(&name);
        std::fs::create_dir_all(&profile).expect("the profile folder can be created");
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities(&profile, javascript))
            .connect(&self.inner.driver.url())
            .await
            .unwrap_or_else(|error| panic!("chromedriver starts a Chromium session: {error}"));
        let browser = Browser::new(name, client, &app.address, javascript);
        self.inner.browsers.borrow_mut().push(browser.clone());
        browser
    }

    fn browsers(&self) -> Vec<Browser> {
        self.inner.browsers.borrow().clone()
    }

    /// Fails with every console error no test expected, browser by browser.
    async fn check_consoles(&self) {
        let mut report = String::new();
        for browser in self.browsers() {
            for entry in browser.unexpected_console_errors().await {
                report.push_str(&format!(
                    "\n  {} [{}] {}",
                    browser.name(),
                    entry.source,
                    entry.message
                ));
            }
        }
        assert!(
            report.is_empty(),
            "JavaScript errors in the console:{report}"
        );
    }

    async fn save_artefacts(&self) {
        for browser in self.browsers() {
            let saved = actix_web::rt::time::timeout(
                ARTEFACT_DEADLINE,
                browser.save_artefacts(&self.inner.folder),
            )
            .await
            .unwrap_or_default();
            for path in saved {
                eprintln!("saved {}", path.display());
            }
        }
    }

    async fn close(&self) {
        for browser in self.browsers() {
            let _ = actix_web::rt::time::timeout(ARTEFACT_DEADLINE, browser.close()).await;
        }
        self.inner.browsers.borrow_mut().clear();
    }
}

/// Runs one browser test:
///
/// ```ignore
/// #[actix_web::test]
/// async fn the_notes_page_shows_the_users_notes() {
///     browser_test(async |test| {
///         let app = Spawn::new().start().await;
///         let browser = test.browser(&app).await;
///         browser.goto("/notes").await;
///     })
///     .await;
/// }
/// ```
pub async fn browser_test(body: impl AsyncFnOnce(BrowserTest)) {
    let _turn = one_at_a_time::take_turn().await;
    let started = Instant::now();
    let name = std::thread::current()
        .name()
        .unwrap_or("browser-test")
        .replace("::", "-");
    let folder =
        std::env::temp_dir().join(format!("silent-renew-browser-{name}-{}", random_suffix()));
    std::fs::create_dir_all(&folder).expect("the test folder can be created");
    let driver = ChromeDriver::start(&folder.join("chromedriver.log")).await;
    let test = BrowserTest {
        inner: Rc::new(Inner {
            folder: folder.clone(),
            driver,
            browsers: RefCell::new(Vec::new()),
        }),
    };

    let mut failure = run_caught(body(test.clone())).await;
    if failure.is_none() {
        failure = run_caught(test.check_consoles()).await;
    }
    if failure.is_some() {
        test.save_artefacts().await;
    }
    test.close().await;
    drop(test);
    let _ = std::fs::remove_dir_all(folder.join("profiles"));
    eprintln!("{name}: {:.1} s", started.elapsed().as_secs_f64());
    match failure {
        Some(panic) => {
            eprintln!("the failed test's files are in {}", folder.display());
            std::panic::resume_unwind(panic);
        }
        None => {
            let _ = std::fs::remove_dir_all(&folder);
        }
    }
}

/// Runs `step` to its end, a panic or the deadline; `Some` on failure.
async fn run_caught(step: impl Future<Output = ()>) -> Option<Box<dyn Any + Send>> {
    match AssertUnwindSafe(actix_web::rt::time::timeout(TEST_DEADLINE, step))
        .catch_unwind()
        .await
    {
        Ok(Ok(())) => None,
        Ok(Err(_elapsed)) => {
            // Resuming this payload later prints nothing of it: say it now.
            let message = format!("the test did not finish within {TEST_DEADLINE:?}");
            eprintln!("{message}");
            Some(Box::new(message))
        }
        Err(panic) => Some(panic),
    }
}
