//! The browser calls web-sys does not offer in the shape the shim needs, and small promise helpers.
//!
//! Size matters here: every distinct browser call is one more import in the wasm and one more
//! wrapper in the glue JavaScript, so options objects are plain objects set through `Reflect`, and
//! one form of each call (`setTimeout` with an argument, `addEventListener` with options) serves
//! every use. Waits use the browser's own promises and timers, whose callbacks are the `resolve`
//! functions themselves: no Rust closure has to outlive a wait.

use alloc::string::String;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, EventTarget, Window};

#[wasm_bindgen]
extern "C" {
    /// The `Request` constructor, taking whatever `fetch` takes.
    #[wasm_bindgen(js_name = Request)]
    type AnyRequest;

    #[wasm_bindgen(catch, constructor, js_class = "Request")]
    fn new(input: &JsValue, init: &JsValue) -> Result<AnyRequest, JsValue>;

    /// `AbortSignal.timeout(ms)`: a signal that aborts by itself, no controller or timer to keep.
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout)]
    pub(crate) fn abort_after(ms: f64) -> AbortSignal;

    /// `localStorage`, with a counter's two calls: `getItem` and `setItem` of a number (the
    /// browser turns it into text: no integer formatting in the wasm).
    pub(crate) type Storage;

    #[wasm_bindgen(method, js_name = getItem)]
    pub(crate) fn get_item(this: &Storage, key: &str) -> Option<String>;

    #[wasm_bindgen(catch, method, js_name = setItem)]
    pub(crate) fn set_item(this: &Storage, key: &str, value: f64) -> Result<(), JsValue>;

    /// `navigator.locks` (Web Locks); web-sys has it only behind its unstable flag.
    pub(crate) type LockManager;

    #[wasm_bindgen(method)]
    pub(crate) fn request(
        this: &LockManager,
        name: &str,
        options: &Object,
        callback: &Function,
    ) -> Promise;
}

/// The page's `window`: the global object (js-sys finds it anyway, for its task queue).
pub(crate) fn window() -> Window {
    js_sys::global().unchecked_into()
}

/// `new Request(input, init)`: exactly what `fetch(input, init)` builds internally, so the
/// request sent is the one the page asked for, with its body taken once, at call time.
pub(crate) fn new_request(input: &JsValue, init: &JsValue) -> Result<web_sys::Request, JsValue> {
    AnyRequest::new(input, init).map(JsCast::unchecked_into)
}

/// `target[key]`, or `undefined` when it cannot be read.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value`, on an object the shim made itself (cannot fail).
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A plain object `{key: value}`.
pub(crate) fn object_with(key: &str, value: &JsValue) -> Object {
    let object = Object::new();
    set(&object, key, value);
    object
}

/// `target.addEventListener(event_name, listener, {once})`.
pub(crate) fn listen(target: &EventTarget, event_name: &str, listener: &Function, once: bool) {
    let options = object_with("once", &JsValue::from_bool(once));
    let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
        event_name,
        listener,
        options.unchecked_ref(),
    );
}

pub(crate) fn unlisten(target: &EventTarget, event_name: &str, listener: &Function) {
    let _ = target.remove_event_listener_with_callback(event_name, listener);
}

pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A promise that resolves to `value` after `ms` milliseconds.
fn timer(window: &Window, ms: f64, value: &JsValue) -> Promise {
    Promise::new(&mut |resolve, _| {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_1(&resolve, ms as i32, value);
    })
}

/// Waits `ms` milliseconds.
pub(crate) async fn sleep(window: &Window, ms: f64) {
    let _ = JsFuture::from(timer(window, ms, &JsValue::UNDEFINED)).await;
}

/// Waits until `window` fires `event_name`, at most `ms` milliseconds; true when it fired.
pub(crate) async fn event_within(window: &Window, event_name: &str, ms: f64) -> bool {
    let mut listener = None;
    let fired = Promise::new(&mut |resolve, _| {
        listen(window, event_name, &resolve, true);
        listener = Some(resolve);
    });
    let timed_out = timer(window, ms, &JsValue::FALSE);
    let first = JsFuture::from(Promise::race(&js_sys::Array::of2(&fired, &timed_out))).await;
    if let Some(listener) = listener {
        unlisten(window, event_name, &listener);
    }
    // The event settles with the Event object, the timer with `false`.
    first.is_ok_and(|value| value.is_object())
}
