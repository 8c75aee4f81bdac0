//! The test harness: the app in-process on port 0 with its own throwaway
//! database, and a cookie-aware HTTP client.

pub mod app;
pub mod client;
pub mod database;
pub mod proxy;

pub use app::{Spawn, TestApp, spawn_app};
pub use client::{TestClient, TestResponse};
pub use database::{TempDir, TestDatabase};
