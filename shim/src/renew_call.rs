//! One `POST` to the renew URL.
//!
//! It goes straight to the original fetch: the shim never holds or intercepts its own renewal.
//! (A page that calls the renew URL itself is recognised by URL and passed through as well.)

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Response, Window};

use crate::js;

/// Sends the renew request; `None` on a network error or an abort. `keepalive` lets it finish
/// if the page navigates away meanwhile, so a rotation is not lost halfway; `signal` ends it at
/// the renewal's deadline.
pub(crate) async fn post(
    fetch: &Function,
    window: &Window,
    renew_url: &str,
    signal: &AbortSignal,
) -> Option<Response> {
    let init = js::object_with("method", &JsValue::from_str("POST"));
    js::set(&init, "keepalive", &JsValue::TRUE);
    js::set(&init, "credentials", &JsValue::from_str("same-origin"));
    js::set(&init, "signal", signal);
    let sent: Promise = fetch
        .call2(window, &JsValue::from_str(renew_url), &init)
        .ok()?
        .unchecked_into();
    JsFuture::from(sent).await.ok()?.dyn_into().ok()
}

/// A field of the JSON body (`access_expires_at` of a 200, `error` of a 401), if there is one.
pub(crate) async fn body_field(response: &Response, key: &str) -> JsValue {
    let Ok(body) = response.json() else {
        return JsValue::UNDEFINED;
    };
    match JsFuture::from(body).await {
        Ok(body) if body.is_object() => js::get(&body, key),
        _ => JsValue::UNDEFINED,
    }
}
