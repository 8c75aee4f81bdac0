//! One renewal, from start to outcome, bounded in time.
//!
//! Inside the cross-tab lock: if another tab renewed since this renewal began (as IndexedDB tells,
//! see [`crate::shared_count`]), nothing is sent.
//! Otherwise the renew request is sent and, on a network error, 403, 408, 429 or 5xx, sent again
//! after a backoff, while offline only once the browser is back online — all within
//! `retry_bound_ms`, after which the renewal has failed. A deadline signal ends the lock wait
//! and any request in flight, so no renewal, and so no request waiting for one, outlives it.

use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::{AbortSignal, Window};

use crate::cross_tab::{CrossTab, Epoch};
use crate::retry::{self, Verdict};
use crate::{js, renew_call};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Renewed,
    Expired,
    Failed,
}

/// How a renewal ended, for the waiters and for the event's detail.
pub(crate) struct Report {
    pub(crate) outcome: Outcome,
    /// The renew endpoint's last status; 0 when none came (network error, offline, elsewhere).
    pub(crate) status: u16,
    /// Renew requests this tab sent.
    pub(crate) attempts: u32,
    /// Another tab renewed; this one sent nothing.
    pub(crate) by_other_tab: bool,
    /// Why a renewal failed: "network", "status", "offline" or "timeout".
    pub(crate) reason: &'static str,
    /// `error` of a renew 401, `access_expires_at` of a 200.
    pub(crate) body_field: JsValue,
}

impl Report {
    fn failed(status: u16, attempts: u32, reason: &'static str) -> Report {
        Report {
            outcome: Outcome::Failed,
            status,
            attempts,
            by_other_tab: false,
            reason,
            body_field: JsValue::UNDEFINED,
        }
    }
}

/// What a renewal needs, shared with the closure that runs inside the Web Lock.
pub(crate) struct Renewer {
    pub(crate) window: Window,
    /// The original fetch: the renew request is never seen by the patch.
    pub(crate) fetch: Function,
    pub(crate) renew_url: String,
    pub(crate) retry_bound_ms: f64,
    pub(crate) tabs: CrossTab,
}

impl Renewer {
    /// Renews, unless another tab did since `seen`.
    pub(crate) async fn run(self: Rc<Self>, seen: Epoch) -> Report {
        let deadline = js::now_ms() + self.retry_bound_ms;
        let signal = js::abort_after(self.retry_bound_ms);
        match self.tabs.locks() {
            Some(locks) => {
                Rc::clone(&self)
                    .in_lock(locks, seen, signal, deadline)
                    .await
            }
            None => self.attempts(seen, signal, deadline).await,
        }
    }

    async fn in_lock(
        self: Rc<Self>,
        locks: &js::LockManager,
        seen: Epoch,
        signal: AbortSignal,
        deadline: f64,
    ) -> Report {
        let report: Rc<RefCell<Option<Report>>> = Rc::default();
        let options = js::object_with("signal", &signal);
        let holder = Rc::clone(&report);
        let renewer = Rc::clone(&self);
        let while_locked = Closure::once(move |_lock: JsValue| -> Promise {
            future_to_promise(async move {
                let result = renewer.attempts(seen, signal, deadline).await;
                *holder.borrow_mut() = Some(result);
                Ok(JsValue::UNDEFINED)
            })
        });
        let locked = locks.request(
            self.tabs.lock_name(),
            &options,
            while_locked.as_ref().unchecked_ref(),
        );
        // Rejected when the deadline aborted the wait for the lock: another tab's renewal hangs.
        let _ = JsFuture::from(locked).await;
        drop(while_locked);
        report
            .borrow_mut()
            .take()
            .unwrap_or_else(|| Report::failed(0, 0, "timeout"))
    }

    async fn attempts(self: Rc<Self>, seen: Epoch, signal: AbortSignal, deadline: f64) -> Report {
        if self.tabs.epoch_under_lock(&self.window, &signal).await != seen {
            return Report {
                outcome: Outcome::Renewed,
                status: 0,
                attempts: 0,
                by_other_tab: true,
                reason: "",
                body_field: JsValue::UNDEFINED,
            };
        }
        let navigator = self.window.navigator();
        let mut attempts = 0;
        loop {
            if !navigator.on_line() {
                let remaining = deadline - js::now_ms();
                if !js::event_within(&self.window, "online", remaining).await {
                    return Report::failed(0, attempts, "offline");
                }
            }
            attempts += 1;
            let sent = renew_call::post(&self.fetch, &self.window, &self.renew_url, &signal);
            let Some(response) = sent.await else {
                if signal.aborted() {
                    return Report::failed(0, attempts, "timeout");
                }
                if !self.pause(attempts, None, deadline).await {
                    return Report::failed(0, attempts, "network");
                }
                continue;
            };
            let status = response.status();
            let outcome = match retry::verdict(status) {
                Verdict::Renewed => {
                    // Recorded before the lock is let go: the next holder must see it.
                    self.tabs.advance(&self.window, &signal).await;
                    Outcome::Renewed
                }
                Verdict::Expired => Outcome::Expired,
                Verdict::GiveUp => return Report::failed(status, attempts, "status"),
                Verdict::Retry => {
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .ok()
                        .flatten()
                        .and_then(|value| {
                            retry::retry_after_ms(&value, js::now_ms(), |date| {
                                Some(js_sys::Date::parse(date)).filter(|ms| ms.is_finite())
                            })
                        });
                    if !self.pause(attempts, retry_after, deadline).await {
                        return Report::failed(status, attempts, "status");
                    }
                    continue;
                }
            };
            let key = if outcome == Outcome::Renewed {
                "access_expires_at"
            } else {
                "error"
            };
            return Report {
                outcome,
                status,
                attempts,
                by_other_tab: false,
                reason: "",
                body_field: renew_call::body_field(&response, key).await,
            };
        }
    }

    /// Waits before the next attempt; false when that attempt would come after the deadline.
    async fn pause(&self, failures: u32, retry_after_ms: Option<f64>, deadline: f64) -> bool {
        let delay = retry::delay_ms(failures, retry_after_ms);
        if js::now_ms() + delay >= deadline {
            return false;
        }
        js::sleep(&self.window, delay).await;
        true
    }
}
