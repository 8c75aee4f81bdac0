//! silent-renew's fetch shim: the page's own `fetch` calls never see an expired access token.
//!
//! A covered request that comes back `401` with `WWW-Authenticate: Bearer error="invalid_token"`
//! starts one renewal (`POST` to the renew URL) for the whole page — and, through Web Locks and a
//! renewal counter the tabs share, for all its tabs; 401s in flight join it, requests started meanwhile are
//! held; afterwards each 401 is replayed once and the held requests are sent, in order. The loader
//! (`static/shim/silent-renew.js`) patches `window.fetch` and hands calls to [`Shim::fetch`].

// `no_std` only in the browser build (feature `standalone`, see Cargo.toml): host builds
// and the wasm tests link std.
#![cfg_attr(all(target_arch = "wasm32", feature = "standalone"), no_std)]

extern crate alloc;

mod challenge;
mod coverage;
mod cross_tab;
mod events;
mod interceptor;
mod js;
mod login;
mod renew_call;
mod renewal;
mod retry;
mod settings;
mod shared_count;
mod waiters;

use alloc::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use crate::cross_tab::Epoch;
use crate::interceptor::Interceptor;

/// One installed shim. The loader makes one per page; tests make one per scenario.
#[wasm_bindgen]
pub struct Shim {
    interceptor: Rc<Interceptor>,
}

#[wasm_bindgen]
impl Shim {
    /// `original_fetch` is the fetch every request finally goes through (the browser's own, or a
    /// fake one in tests). `options`: `{renewUrl, loginUrl, include, exclude, retryBoundMs,
    /// onExpired}`, all optional.
    #[wasm_bindgen(constructor)]
    pub fn new(original_fetch: Function, options: JsValue) -> Result<Shim, JsValue> {
        Ok(Shim {
            interceptor: Rc::new(Interceptor::new(original_fetch, &options)?),
        })
    }

    /// What the patched `window.fetch` does with `fetch(input, init)`.
    pub fn fetch(&self, input: JsValue, init: JsValue) -> Promise {
        self.interceptor.fetch(&input, &init)
    }

    /// The loader's common path, which stays in JavaScript: before it sends a request that has
    /// no body or a string body, it asks which renewal the request goes out under; `undefined`
    /// means a renewal is running and the request must go through [`Shim::fetch`] to be held.
    #[wasm_bindgen(js_name = sentAt)]
    pub fn sent_at(&self) -> Option<f64> {
        self.interceptor.sent_at().map(Epoch::to_js)
    }

    /// The loader's common path, after a `401`: the answer the page gets for the request it sent
    /// as `fetch(input, init)` at `sent_at` — the replay after a renewal if the 401 is one renewal
    /// cures, else `response` itself.
    pub fn answer(
        &self,
        input: JsValue,
        init: JsValue,
        response: JsValue,
        sent_at: f64,
    ) -> Promise {
        self.interceptor
            .answer(&input, &init, response, Epoch::from_js(sent_at))
    }

    /// Renews now, or joins the renewal under way: resolves to `"renewed"`, `"expired"` or
    /// `"failed"`.
    pub fn renew(&self) -> Promise {
        self.interceptor.renew()
    }
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

#[cfg(all(target_arch = "wasm32", feature = "standalone"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
