//! The tabs' renewal count kept in IndexedDB, for the decision taken under the Web Lock.
//!
//! `localStorage` is quick and synchronous, but Chromium hands one tab's `setItem` to the other
//! tabs on its own schedule: a tab granted the lock the moment another released it could still
//! read the old count and renew a second time. IndexedDB keeps an order across tabs: requests to
//! open one database are served one after the other, in the order they were made. So the
//! renewing tab records its count before letting go of the lock, and the tab granted the lock
//! next, opening the database after that, reads it.
//!
//! The count is the database's version (minus one: a new database is at version 1). A version
//! only ever grows and an open can raise it, so the count needs no object store, no transaction
//! and no key, and a stale writer cannot lower it. One database per renew URL, named like the
//! lock. Every connection is closed as soon as it is open, and only the lock holder opens one, so
//! none holds up another tab's open (an open that is held up anyway gives up, and so does one still
//! waiting at the renewal's deadline).
//!
//! Where IndexedDB cannot be used (blocked storage, some privacy modes) reading gives `None` and
//! recording does nothing: the `localStorage` count is all there is.

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, EventTarget, Window};

use crate::js;

#[wasm_bindgen]
extern "C" {
    type IdbFactory;

    /// `indexedDB.open(name, version)`: `version` undefined opens the database as it is.
    #[wasm_bindgen(catch, method)]
    fn open(this: &IdbFactory, name: &str, version: Option<f64>) -> Result<IdbRequest, JsValue>;

    #[wasm_bindgen(extends = EventTarget)]
    type IdbRequest;

    #[wasm_bindgen(catch, method, getter)]
    fn result(this: &IdbRequest) -> Result<IdbDatabase, JsValue>;

    type IdbDatabase;

    #[wasm_bindgen(method, getter)]
    fn version(this: &IdbDatabase) -> f64;

    #[wasm_bindgen(method)]
    fn close(this: &IdbDatabase);
}

/// The count recorded under `name`; `None` where IndexedDB cannot be used, or once `deadline`
/// aborts.
pub(crate) async fn read(window: &Window, name: &str, deadline: &AbortSignal) -> Option<u64> {
    let version = open_and_close(window, name, None, deadline).await?;
    Some((version as u64).saturating_sub(1))
}

/// Records `count` under `name`, unless a higher count is there already.
pub(crate) async fn record(window: &Window, name: &str, count: u64, deadline: &AbortSignal) {
    open_and_close(window, name, Some(count as f64 + 1.0), deadline).await;
}

/// Opens the database at `version` (as it is when `None`) and closes it; its version then.
async fn open_and_close(
    window: &Window,
    name: &str,
    version: Option<f64>,
    deadline: &AbortSignal,
) -> Option<f64> {
    let factory = js::get(window, "indexedDB");
    if !factory.is_object() {
        return None;
    }
    let request = factory
        .unchecked_into::<IdbFactory>()
        .open(name, version)
        .ok()?;
    let opened = Promise::new(&mut |resolve, reject| {
        js::listen(&request, "success", &resolve, true);
        js::listen(&request, "error", &reject, true);
        // Only a connection that is not the shim's can hold an open up: it might never close.
        js::listen(&request, "blocked", &reject, true);
        js::listen(deadline, "abort", &reject, true);
    });
    JsFuture::from(opened).await.ok()?;
    let database = request.result().ok()?;
    let version = database.version();
    database.close();
    Some(version)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn deadline() -> AbortSignal {
        js::abort_after(5_000.0)
    }

    #[wasm_bindgen_test]
    async fn a_recorded_count_is_read_back_and_never_lowered() {
        let window = js::window();
        let name = &alloc::format!("silent-renew:shared-count-test-{}", js::now_ms());
        assert_eq!(
            read(&window, name, &deadline()).await,
            Some(0),
            "a new count"
        );
        record(&window, name, 3, &deadline()).await;
        assert_eq!(read(&window, name, &deadline()).await, Some(3));
        record(&window, name, 2, &deadline()).await; // a late writer
        assert_eq!(read(&window, name, &deadline()).await, Some(3));
    }

    #[wasm_bindgen_test]
    async fn without_indexed_db_there_is_no_count() {
        let no_indexed_db: Window = js_sys::Object::new().unchecked_into();
        assert_eq!(read(&no_indexed_db, "any", &deadline()).await, None);
    }
}
