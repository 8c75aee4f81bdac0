//! silent-renew: keeps browser users signed in, silently and safely.

pub mod auth;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod http_errors;
pub mod metrics;
pub mod pages;
pub mod panic_guard;
pub mod proxies;
pub mod rate_limit;
pub mod routes;
pub mod secret;
pub mod security_headers;
pub mod startup;
pub mod state;
pub mod static_files;
pub mod store;
pub mod telemetry;
