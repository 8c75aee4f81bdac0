//! The site and its fetch shim end to end, in headless Chromium driven by
//! chromedriver, against the real server on PostgreSQL with two-second
//! access tokens. One test at a time (see `silent_renew_tests::browser`);
//! each ends by checking that no page logged an uncaught JavaScript error.

mod support;

mod abort;
mod cross_origin;
mod expired_navigation;
mod forms_without_javascript;
mod replay_as_made;
mod revocation;
mod shim_demo;
mod sign_in;
mod simultaneous_fetches;
mod store_outage;
mod tabs;
mod uncaught_errors;
