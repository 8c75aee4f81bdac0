//! Headless Chromium, driven through Debian's chromedriver with fantoccini,
//! for the end-to-end suite (`tests/tests/browser/`).
//!
//! A test body runs inside [`browser_test`]: one browser test at a time for
//! the whole process (Chromium, the server and PostgreSQL must not fight over
//! the cores while tokens expire), a chromedriver of its own, and on failure a
//! screenshot, the page source and the console of every browser it opened,
//! saved to the test's temp folder. Every test ends by checking that no
//! browser logged an uncaught JavaScript error.

mod access_token;
mod chromedriver;
mod console;
mod cors_responder;
mod devtools;
mod failure_files;
mod one_at_a_time;
mod options;
mod scripts;
mod session;
mod shim;
mod test;
mod waiting;

pub use console::ConsoleEntry;
pub use cors_responder::CorsResponder;
pub use session::Browser;
pub use test::{BrowserTest, browser_test};
pub use waiting::wait_until;
