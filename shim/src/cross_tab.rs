//! What the tabs of one origin share: which renewal they are at, and one lock.
//!
//! The tabs count successful renewals (the epoch). A request remembers the epoch it was sent at; a
//! 401 for it after the epoch moved on — in this tab or another — was answered to an old token, so
//! it is simply replayed. The count lives in two places: `localStorage`, read synchronously for
//! every request, and IndexedDB ([`shared_count`]), read and written under the Web Lock, whose
//! order it keeps: a tab granted the lock after another renewed sees the epoch move and replays
//! instead of renewing again — N tabs, one renewal. Without either storage (some privacy modes)
//! the count this tab knows keeps the same rule inside the tab.

use alloc::string::String;
use core::cell::Cell;

use crate::js::{self, LockManager, Storage};
use crate::shared_count;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Window};

/// The renewal a request was sent under: the highest renewal count this tab has read or made. It
/// only grows, and, one number, it crosses to the loader and back as a plain `f64`.
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
    /// The count's `localStorage` key and IndexedDB database, and the Web Lock's name: one per
    /// renew URL.
    key: String,
    /// The highest count read from either storage or made by this tab.
    known: Cell<u64>,
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
            known: Cell::new(0),
            locks: (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into()),
        }
    }

    pub(crate) fn epoch(&self) -> Epoch {
        Epoch(self.count() as f64)
    }

    /// The epoch as it stands for the tab holding the Web Lock: IndexedDB has every earlier
    /// holder's [`Self::advance`] (see [`crate::shared_count`]). Without Web Locks nothing orders
    /// the tabs' renewals, and `localStorage` is all the shim reads.
    pub(crate) async fn epoch_under_lock(&self, window: &Window, deadline: &AbortSignal) -> Epoch {
        if self.locks.is_some()
            && let Some(recorded) = shared_count::read(window, &self.key, deadline).await
        {
            self.known.set(self.known.get().max(recorded));
        }
        self.epoch()
    }

    /// Records a successful renewal, for this tab and the others, before the Web Lock is let go.
    pub(crate) async fn advance(&self, window: &Window, deadline: &AbortSignal) {
        let renewed = self.count() + 1;
        self.known.set(renewed);
        if let Some(storage) = &self.storage {
            // `setItem` turns the number into text itself: no integer formatting in the wasm.
            let _ = storage.set_item(&self.key, renewed as f64);
        }
        if self.locks.is_some() {
            shared_count::record(window, &self.key, renewed, deadline).await;
        }
    }

    /// Web Locks, where the browser has them; without them renewal is single-flight per tab only.
    pub(crate) fn locks(&self) -> Option<&LockManager> {
        self.locks.as_ref()
    }

    pub(crate) fn lock_name(&self) -> &str {
        &self.key
    }

    /// What this tab knows, caught up with `localStorage`.
    fn count(&self) -> u64 {
        let stored = self
            .storage
            .as_ref()
            .and_then(|storage| storage.get_item(&self.key))
            .and_then(|count| count.parse().ok())
            .unwrap_or(0);
        self.known.get().max(stored)
    }
}
