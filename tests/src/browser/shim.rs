//! Watching the fetch shim from a test: its readiness and its events.

use serde_json::{Value, json};

use super::session::Browser;

impl Browser {
    /// Waits until the page's shim has patched fetch and its WebAssembly runs.
    pub async fn wait_for_shim(&self) {
        self.run_async("await window.silentRenew.ready;", json!(null))
            .await;
    }

    /// From now on, the page keeps every `silent-renew:*` event it sees in
    /// `window.shimEvents` as `{name, detail}`.
    pub async fn record_shim_events(&self) {
        self.run(
            "window.shimEvents = [];
             for (const name of ['ready', 'start', 'success', 'expired', 'failed']) {
               window.addEventListener(`silent-renew:${name}`, (event) => {
                 window.shimEvents.push({ name, detail: event.detail });
               });
             }",
            json!(null),
        )
        .await;
    }

    /// The events recorded since `record_shim_events`, in order.
    pub async fn shim_events(&self) -> Vec<Value> {
        let events = self.run("return window.shimEvents;", json!(null)).await;
        events.as_array().cloned().unwrap_or_default()
    }

    /// The recorded events named `name` (`start`, `success`, …).
    pub async fn shim_events_named(&self, name: &str) -> Vec<Value> {
        self.shim_events()
            .await
            .into_iter()
            .filter(|event| event["name"] == name)
            .collect()
    }
}
