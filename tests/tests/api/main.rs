//! The HTTP API against spawned servers on PostgreSQL (and SQLite where
//! the store's behaviour is at stake).

mod accounts;
mod bad_input;
mod csrf;
mod instances;
mod keys;
mod metrics;
mod notes;
mod openapi;
mod pages;
mod password;
mod properties;
mod rate_limits;
mod renew;
mod restart;
mod sessions;
mod sqlite;
mod store_outage;
mod tokens;
