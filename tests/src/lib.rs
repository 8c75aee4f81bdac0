//! The test harness: the app in-process on port 0 with its own throwaway
//! database, a cookie-aware HTTP client, and headless Chromium for the
//! browser suite.

pub mod app;
pub mod browser;
pub mod client;
pub mod database;
pub mod proxy;

pub use app::{Spawn, TestApp, spawn_app};
pub use client::{TestClient, TestResponse};
pub use database::{TempDir, TestDatabase};
