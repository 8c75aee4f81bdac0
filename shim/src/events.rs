//! The `silent-renew:*` events on `window`: how pages, and tests, see renewals happen.

use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, Window};

use crate::js;

/// The `detail` of an event: a plain object of counts and statuses.
pub(crate) struct Detail(Object);

impl Detail {
    pub(crate) fn new() -> Self {
        Detail(Object::new())
    }

    pub(crate) fn with(self, key: &str, value: impl Into<JsValue>) -> Self {
        js::set(&self.0, key, &value.into());
        self
    }

    pub(crate) fn as_js(&self) -> &JsValue {
        &self.0
    }
}

/// Fires `silent-renew:<name>`; false when a listener cancelled it (only `cancelable` ones).
pub(crate) fn fire(window: &Window, name: &str, detail: &Detail, cancelable: bool) -> bool {
    let init = js::object_with("detail", detail.as_js());
    js::set(&init, "cancelable", &JsValue::from_bool(cancelable));
    match CustomEvent::new_with_event_init_dict(
        &["silent-renew:", name].concat(),
        init.unchecked_ref(),
    ) {
        Ok(event) => window.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}
