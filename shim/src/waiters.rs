//! Requests waiting for a renewal to end: 401s to replay, and requests held back meanwhile.
//!
//! Each waiter is a promise the page is already awaiting. Its request's `AbortSignal` rejects it
//! at once with the signal's reason (an `AbortError`); otherwise the renewal settles it when it
//! ends, in the order the waiters came.

use js_sys::{Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Request, Response};

use crate::js;

pub(crate) struct Waiter {
    /// The request to send when released: a 401's replay copy, or a held request.
    pub(crate) request: Request,
    /// False for a body that was a stream: sent once, never replayed.
    pub(crate) replayable: bool,
    /// The 401 a replay waiter gets back if the renewal does not succeed.
    pub(crate) original: Option<Response>,
    resolve: Function,
    on_abort: Closure<dyn FnMut()>,
}

impl Waiter {
    /// A waiter and the promise the page gets for it; `Err` with the promise already rejected
    /// when the request's signal is aborted.
    pub(crate) fn new(
        request: Request,
        replayable: bool,
        original: Option<Response>,
    ) -> Result<(Waiter, Promise), Promise> {
        let signal = request.signal();
        if signal.aborted() {
            return Err(Promise::reject(&signal.reason()));
        }
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
        let Some((resolve, reject)) = settle else {
            return Err(promise);
        };
        let aborted = signal.clone();
        let on_abort = Closure::<dyn FnMut()>::new(move || {
            let _ = reject.call2(&JsValue::UNDEFINED, &aborted.reason(), &JsValue::UNDEFINED);
        });
        js::listen(&signal, "abort", on_abort.as_ref().unchecked_ref(), true);
        let waiter = Waiter {
            request,
            replayable,
            original,
            resolve,
            on_abort,
        };
        Ok((waiter, promise))
    }

    /// True when the page aborted it: its promise is already rejected and nothing is to be sent.
    pub(crate) fn aborted(&self) -> bool {
        self.signal().aborted()
    }

    /// Gives the page its answer (a response, or the promise of one).
    pub(crate) fn settle(self, answer: &JsValue) {
        let _ = self
            .resolve
            .call2(&JsValue::UNDEFINED, answer, &JsValue::UNDEFINED);
    }

    fn signal(&self) -> AbortSignal {
        self.request.signal()
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        js::unlisten(
            &self.signal(),
            "abort",
            self.on_abort.as_ref().unchecked_ref(),
        );
    }
}
