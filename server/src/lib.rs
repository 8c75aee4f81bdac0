//! silent-renew: keeps browser users signed in, silently and safely.

pub mod auth;
pub mod config;
pub mod domain;
pub mod error;
pub mod http_errors;
pub mod proxies;
mod routes;
pub mod secret;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
