//! Headless Chromium through Debian's chromedriver, for the shim benchmark.

mod chromedriver;
mod new_document_script;

pub use chromedriver::{Browser, BrowserPaths};
pub use new_document_script::RunOnEveryNewDocument;
