//! The wasm-bindgen test runner (`cargo test --target wasm32-unknown-unknown` runs it through
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER`), built from the same pinned version as the shim's
//! bindgen, since `cargo install wasm-bindgen-cli --locked` does not resolve here.

fn main() -> anyhow::Result<()> {
    wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
}
