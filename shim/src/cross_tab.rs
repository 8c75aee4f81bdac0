//! What the tabs of one origin share: which renewal they are at, and one lock.
//!
//! Every tab counts successful renewals in `localStorage` (the epoch). A request remembers the epoch
//! it was sent at; a 401 for it after the epoch moved on — in this tab or another — was answered to
//! an old token, so it is simply replayed. A tab that waited for the Web Lock while another tab
//! renewed sees the epoch move and replays instead of renewing again: N tabs, one renewal. Without
//! `localStorage` (some privacy modes) a per-tab counter keeps the same rule inside the tab.

use alloc::string::String;
use core::cell::Cell;

use crate::js::{self, LockManager, Storage};
use wasm_bindgen::JsCast;
use web_sys::Window;

/// The renewal a request was sent under: the renewals counted in `localStorage` (by every tab)
/// plus those made by this tab. Both only grow, so the sum moves exactly when either does — and,
/// one number, it crosses to the loader and back as a plain `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Epoch(f64);

impl Epoch {
    /// An epoch the loader kept (from [`Epoch::to_js`]).
    pub(crate) fn from_js(epoch: f64) -> Epoch {
        Epoch(epoch)
    }

    pub(crate) fn to_js(self) -> f64 {
        self.0
    }
}

pub(crate) struct CrossTab {
    storage: Option<Storage>,
    /// The `localStorage` key and the Web Lock name: one per renew URL.
    key: String,
    renewed_here: Cell<u64>,
    locks: Option<LockManager>,
}

impl CrossTab {
    pub(crate) fn new(window: &Window, renew_url: &str) -> Self {
        let locks = js::get(&window.navigator(), "locks");
        CrossTab {
            // Reading `localStorage` throws where storage is blocked: `get` gives `undefined` then.
            storage: Some(js::get(window, "localStorage"))
                .filter(|storage| storage.is_object())
                .map(JsCast::unchecked_into),
            key: ["silent-renew:", renew_url].concat(),
            renewed_here: Cell::new(0),
            locks: (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into()),
        }
    }

    pub(crate) fn epoch(&self) -> Epoch {
        Epoch((self.shared_count() + self.renewed_here.get()) as f64)
    }

    /// Records a successful renewal, for this tab and the others.
    pub(crate) fn advance(&self) {
        self.renewed_here.set(self.renewed_here.get() + 1);
        if let Some(storage) = &self.storage {
            // `setItem` turns the number into text itself: no integer formatting in the wasm.
            let count = (self.shared_count() + 1) as f64;
            let _ = storage.set_item(&self.key, count);
        }
    }

    /// Web Locks, where the browser has them; without them renewal is single-flight per tab only.
    pub(crate) fn locks(&self) -> Option<&LockManager> {
        self.locks.as_ref()
    }

    pub(crate) fn lock_name(&self) -> &str {
        &self.key
    }

    fn shared_count(&self) -> u64 {
        self.storage
            .as_ref()
            .and_then(|storage| storage.get_item(&self.key))
            .and_then(|count| count.parse().ok())
            .unwrap_or(0)
    }
}
