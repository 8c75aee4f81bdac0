//! The shim's behaviour, in headless Chromium (`scripts/test-shim`), against a fake server.
#![cfg(target_arch = "wasm32")]

mod support;

mod bodies;
mod failures;
mod pass_through;
mod renewal;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
