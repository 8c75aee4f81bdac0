//! Running JavaScript in the page, and waiting on a JavaScript condition.

use std::time::Duration;

use serde_json::Value;

use super::session::{Browser, PAGE_WAIT};
use super::waiting::wait_until;

impl Browser {
    /// Runs `body` (a function body; `args` holds the JSON given) in the
    /// page and returns what it returns.
    pub async fn run(&self, body: &str, args: Value) -> Value {
        let script = format!("const args = arguments[0];\n{body}");
        self.client()
            .execute(&script, vec![args])
            .await
            .unwrap_or_else(|error| panic!("{}: the script failed: {error}\n{body}", self.name()))
    }

    /// Runs `body` as an async function body (it may `await`) and returns
    /// its result; a rejection fails the test with its message.
    pub async fn run_async(&self, body: &str, args: Value) -> Value {
        let script = format!(
            "const args = arguments[0];\n\
             const done = arguments[arguments.length - 1];\n\
             (async () => {{\n{body}\n}})().then(\n\
               (value) => done({{ ok: value === undefined ? null : value }}),\n\
               (error) => done({{ error: String((error && error.stack) || error) }}));"
        );
        let answer = self
            .client()
            .execute_async(&script, vec![args])
            .await
            .unwrap_or_else(|error| panic!("{}: the script failed: {error}\n{body}", self.name()));
        if let Some(error) = answer.get("error") {
            panic!("{}: the script threw: {error}\n{body}", self.name());
        }
        answer["ok"].clone()
    }

    /// Waits until the JavaScript expression `condition` is truthy in the
    /// page (a page that is navigating counts as "not yet").
    pub async fn wait_for(&self, what: &str, condition: &str) {
        self.wait_for_within(what, condition, PAGE_WAIT).await;
    }

    pub async fn wait_for_within(&self, what: &str, condition: &str, within: Duration) {
        let script = format!("return Boolean({condition});");
        wait_until(what, within, || async {
            self.client()
                .execute(&script, vec![])
                .await
                .is_ok_and(|value| value == Value::Bool(true))
        })
        .await;
    }
}
