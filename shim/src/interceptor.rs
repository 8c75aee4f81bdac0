//! The patched `fetch`: sends covered requests on, notices the 401s renewal can cure, and holds,
//! joins and releases requests around one renewal at a time.

use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::mem;

use js_sys::{Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise, spawn_local};
use web_sys::{ReadableStream, Request, Response, Window};

use crate::challenge;
use crate::cross_tab::{CrossTab, Epoch};
use crate::events::{self, Detail};
use crate::js;
use crate::login;
use crate::renewal::{Outcome, Renewer, Report};
use crate::settings::{ExpiredAction, Settings};
use crate::waiters::Waiter;

pub(crate) struct Interceptor {
    window: Window,
    /// The fetch the page had before the shim: every request goes out through it.
    original_fetch: Function,
    settings: Settings,
    renewer: Rc<Renewer>,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    renewing: bool,
    /// 401s waiting for the renewal under way, to be replayed after it.
    replays: Vec<Waiter>,
    /// Requests started while it runs, to be sent after it.
    held: Vec<Waiter>,
    /// `silentRenew.renew()` calls waiting for its outcome.
    renew_calls: Vec<Function>,
    /// `silent-renew:expired` fired and no renewal has succeeded since: it fires once per tab.
    expiry_announced: bool,
}

impl Interceptor {
    pub(crate) fn new(original_fetch: Function, options: &JsValue) -> Result<Self, JsValue> {
        let window = js::window();
        let settings = Settings::read(options, &window)?;
        let renewer = Rc::new(Renewer {
            window: window.clone(),
            fetch: original_fetch.clone(),
            renew_url: settings.renew_url.clone(),
            retry_bound_ms: settings.retry_bound_ms,
            tabs: CrossTab::new(&window, &settings.renew_url),
        });
        Ok(Interceptor {
            window,
            original_fetch,
            settings,
            renewer,
            state: RefCell::default(),
        })
    }

    /// `fetch(input, init)` as the page calls it.
    pub(crate) fn fetch(self: &Rc<Self>, input: &JsValue, init: &JsValue) -> Promise {
        if !self.covers(input) {
            // Untouched: the same arguments to the same fetch.
            return self
                .original_fetch
                .call2(&self.window, input, init)
                .map_or_else(|error| Promise::reject(&error), JsCast::unchecked_into);
        }
        let request = match js::new_request(input, init) {
            Ok(request) => request,
            Err(error) => return Promise::reject(&error),
        };
        let replayable =
            !(init.is_object() && js::get(init, "body").is_instance_of::<ReadableStream>());
        if self.state.borrow().renewing {
            return self.wait(request, replayable, None);
        }
        self.send_watching(request, replayable)
    }

    /// The renewal a request sent now goes out under, for the loader's own path (see
    /// [`Self::answer`]); `None` while a renewal runs: the request must be held, through
    /// [`Self::fetch`].
    pub(crate) fn sent_at(&self) -> Option<Epoch> {
        (!self.state.borrow().renewing).then(|| self.renewer.tabs.epoch())
    }

    /// The answer to a request the loader sent through the original fetch itself, `sent_at` as
    /// [`Self::sent_at`] gave it: a covered, renewable 401 joins or starts a renewal and is
    /// replayed from `(input, init)` after it; anything else is the page's answer as it is.
    pub(crate) fn answer(
        self: &Rc<Self>,
        input: &JsValue,
        init: &JsValue,
        response: JsValue,
        sent_at: Epoch,
    ) -> Promise {
        // `after_response` checks the challenge again, but a 401 no renewal cures (a wrong
        // password) should cost neither a URL parse nor a copy of the request.
        let renewable = response.dyn_ref::<Response>().is_some_and(needs_renewal);
        if !renewable || !self.covers(input) {
            return Promise::resolve(&response);
        }
        // The loader sends only bodies it can send again (none, or a string) this way.
        let copy = js::new_request(input, init).ok();
        self.watch(Promise::resolve(&response), copy, sent_at)
    }

    /// `silentRenew.renew()`: renews now (or joins the renewal under way).
    pub(crate) fn renew(self: &Rc<Self>) -> Promise {
        let mut caller = None;
        let promise = Promise::new(&mut |resolve, _| caller = Some(resolve));
        if let Some(resolve) = caller {
            self.state.borrow_mut().renew_calls.push(resolve);
        }
        self.start_renewal(self.renewer.tabs.epoch());
        promise
    }

    fn covers(&self, input: &JsValue) -> bool {
        let url = match input.dyn_ref::<Request>() {
            Some(request) => request.url(),
            None => match input.as_string() {
                Some(url) => url,
                // A `URL` object, or anything else fetch turns into a string.
                None if input.is_object() => {
                    input.unchecked_ref::<js_sys::Object>().to_string().into()
                }
                None => return false,
            },
        };
        let base = self
            .window
            .document()
            .and_then(|document| document.base_uri().ok().flatten());
        let absolute = match base {
            Some(base) => web_sys::Url::new_with_base(&url, &base),
            None => web_sys::Url::new(&url),
        };
        absolute.is_ok_and(|url| self.settings.coverage.covers(&url.href()))
    }

    /// Sends a covered request through the original fetch, once, and nothing more.
    fn send_once(&self, request: &Request) -> Promise {
        self.original_fetch
            .call2(&self.window, request, &JsValue::UNDEFINED)
            .map_or_else(|error| Promise::reject(&error), JsCast::unchecked_into)
    }

    /// Sends a covered request, keeping a copy to replay it if its answer is a renewable 401.
    fn send_watching(self: &Rc<Self>, request: Request, replayable: bool) -> Promise {
        let sent_at = self.renewer.tabs.epoch();
        // `Request.clone()` buffers the body as it is sent: byte for byte, with its content type.
        let copy = if replayable {
            Request::clone(&request).ok()
        } else {
            None
        };
        let sent = self.send_once(&request);
        self.watch(sent, copy, sent_at)
    }

    /// The answer to a request `sent` at `sent_at`: a renewable 401 is replayed from `copy`
    /// after a renewal.
    fn watch(self: &Rc<Self>, sent: Promise, copy: Option<Request>, sent_at: Epoch) -> Promise {
        let interceptor = Rc::clone(self);
        future_to_promise(async move {
            let response = JsFuture::from(sent).await?;
            interceptor.after_response(response, copy, sent_at).await
        })
    }

    async fn after_response(
        self: Rc<Self>,
        response: JsValue,
        copy: Option<Request>,
        sent_at: Epoch,
    ) -> Result<JsValue, JsValue> {
        let Some(renewable) = response.dyn_ref::<Response>().filter(|r| needs_renewal(r)) else {
            return Ok(response);
        };
        let renewed_since = self.renewer.tabs.epoch() != sent_at;
        let Some(copy) = copy else {
            // A stream body cannot be sent again: the page gets the 401, but the renewal starts
            // now, so the page's own retry is held and succeeds.
            if !renewed_since {
                self.start_renewal(sent_at);
            }
            return Ok(response);
        };
        if renewed_since {
            // Sent before the last renewal (here or in another tab): the token is fresh already.
            return JsFuture::from(self.send_once(&copy)).await;
        }
        let waiting = self.wait(copy, true, Some(Clone::clone(renewable)));
        self.start_renewal(sent_at);
        JsFuture::from(waiting).await
    }

    /// Queues a request until the renewal ends: a replay when it carries its 401, else held.
    fn wait(&self, request: Request, replayable: bool, original: Option<Response>) -> Promise {
        let is_replay = original.is_some();
        match Waiter::new(request, replayable, original) {
            Ok((waiter, promise)) => {
                let mut state = self.state.borrow_mut();
                if is_replay {
                    state.replays.push(waiter);
                } else {
                    state.held.push(waiter);
                }
                promise
            }
            Err(rejected) => rejected,
        }
    }

    fn start_renewal(self: &Rc<Self>, seen: Epoch) {
        if mem::replace(&mut self.state.borrow_mut().renewing, true) {
            return;
        }
        spawn_local(Rc::clone(self).renewal(seen));
    }

    async fn renewal(self: Rc<Self>, seen: Epoch) {
        let started = js::now_ms();
        let (waiting, held) = {
            let state = self.state.borrow();
            (state.replays.len(), state.held.len())
        };
        let detail = Detail::new()
            .with("waiting", waiting as u32)
            .with("held", held as u32);
        events::fire(&self.window, "start", &detail, false);

        let report = Rc::clone(&self.renewer).run(seen).await;
        let (replayed, released) = self.release(report.outcome);
        let renew_calls = mem::take(&mut self.state.borrow_mut().renew_calls);

        let detail = Detail::new()
            .with("status", report.status)
            .with("attempts", report.attempts)
            .with("replayed", replayed)
            .with("released", released)
            .with("ms", js::now_ms() - started);
        let word = match report.outcome {
            Outcome::Renewed => {
                self.state.borrow_mut().expiry_announced = false;
                let detail = detail
                    .with("byOtherTab", report.by_other_tab)
                    .with("accessExpiresAt", report.body_field.clone());
                events::fire(&self.window, "success", &detail, false);
                "renewed"
            }
            Outcome::Expired => {
                self.announce_expiry(detail, &report);
                "expired"
            }
            Outcome::Failed => {
                events::fire(
                    &self.window,
                    "failed",
                    &detail.with("reason", report.reason),
                    false,
                );
                "failed"
            }
        };
        for resolve in renew_calls {
            let _ = resolve.call2(
                &JsValue::UNDEFINED,
                &JsValue::from_str(word),
                &JsValue::UNDEFINED,
            );
        }
    }

    /// Ends the wait of every waiter, in order: the 401s first, then the held requests.
    /// Returns how many were replayed and how many held ones were sent.
    fn release(self: &Rc<Self>, outcome: Outcome) -> (u32, u32) {
        let (replays, held) = {
            let mut state = self.state.borrow_mut();
            state.renewing = false;
            (mem::take(&mut state.replays), mem::take(&mut state.held))
        };
        let renewed = outcome == Outcome::Renewed;
        let mut replayed = 0;
        for waiter in replays {
            if waiter.aborted() {
                continue;
            }
            let answer: JsValue = match (&waiter.original, renewed) {
                (Some(original), false) => Clone::clone(original).into(),
                _ => {
                    replayed += 1;
                    self.send_once(&waiter.request).into()
                }
            };
            waiter.settle(&answer);
        }
        let mut released = 0;
        for waiter in held {
            if waiter.aborted() {
                continue;
            }
            released += 1;
            // After a renewal that did not succeed they go out once, as they are: their answer is
            // the page's to see, and no second renewal starts from them.
            let answer = if renewed {
                self.send_watching(Clone::clone(&waiter.request), waiter.replayable)
            } else {
                self.send_once(&waiter.request)
            };
            waiter.settle(&answer);
        }
        (replayed, released)
    }

    fn announce_expiry(&self, detail: Detail, report: &Report) {
        if mem::replace(&mut self.state.borrow_mut().expiry_announced, true) {
            return;
        }
        let detail = detail
            .with("error", report.body_field.clone())
            .with("loginUrl", self.settings.login_url.as_str());
        if !events::fire(&self.window, "expired", &detail, true) {
            return; // a listener called preventDefault()
        }
        match &self.settings.on_expired {
            ExpiredAction::GoToLogin => {
                let location = self.window.location();
                let here = location.pathname().unwrap_or_default()
                    + &location.search().unwrap_or_default();
                let _ = location.assign(&login::login_url(&self.settings.login_url, &here));
            }
            ExpiredAction::Call(function) => {
                let _ = function.call2(&JsValue::UNDEFINED, detail.as_js(), &JsValue::UNDEFINED);
            }
            ExpiredAction::Nothing => {}
        }
    }
}

/// A 401 whose `WWW-Authenticate` says the access token is missing, expired or invalid.
fn needs_renewal(response: &Response) -> bool {
    response.status() == 401
        && response
            .headers()
            .get("www-authenticate")
            .ok()
            .flatten()
            .is_some_and(|value| challenge::is_renewable(&value))
}
