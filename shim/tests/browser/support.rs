//! A controllable fake server behind the shim, and helpers to observe what the shim does.
//!
//! The fake is the "original fetch" the shim is given: every request the shim sends, the renew
//! request included, lands here. Its answers follow one rule, like the real server: a request is
//! judged when it arrives, against whether a renewal has succeeded yet.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use silent_renew_shim::Shim;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::{Headers, Request, Response, ResponseInit};

/// What the fake's renew endpoint answers, one per renew request (then 200 when the list is
/// used up).
#[derive(Clone)]
pub enum RenewAnswer {
    Status(u16, Option<&'static str>, &'static str),
    NetworkError,
    /// Answers 200, but only once the gate opens.
    OkAfter(Gate),
}

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub content_type: Option<String>,
    pub body: Rc<RefCell<Option<Vec<u8>>>>,
    /// The exact arguments the fake was called with.
    pub input: JsValue,
    pub init: JsValue,
}

impl Seen {
    pub fn body(&self) -> Vec<u8> {
        self.body.borrow().clone().expect("body not read yet")
    }
}

#[derive(Default)]
struct ServerState {
    renew_path: String,
    /// True once a renewal succeeded: requests arriving after it are answered 200.
    token_valid: bool,
    renew_answers: VecDeque<RenewAnswer>,
    /// Paths whose answer waits for a gate (decided on arrival, delivered when it opens).
    slow_paths: Vec<(String, Gate)>,
    seen: Vec<Seen>,
}

pub struct FakeServer {
    state: Rc<RefCell<ServerState>>,
    fetch: Closure<dyn FnMut(JsValue, JsValue) -> Promise>,
}

impl FakeServer {
    pub fn new(renew_path: &str) -> FakeServer {
        let state = Rc::new(RefCell::new(ServerState {
            renew_path: renew_path.to_owned(),
            ..ServerState::default()
        }));
        let shared = Rc::clone(&state);
        let fetch = Closure::new(move |input: JsValue, init: JsValue| -> Promise {
            receive(&shared, input, init)
        });
        FakeServer { state, fetch }
    }

    pub fn fetch_function(&self) -> Function {
        self.fetch.as_ref().unchecked_ref::<Function>().clone()
    }

    pub fn answer_renewals_with(&self, answers: Vec<RenewAnswer>) {
        self.state.borrow_mut().renew_answers = answers.into();
    }

    pub fn delay_path(&self, path: &str, gate: &Gate) {
        self.state
            .borrow_mut()
            .slow_paths
            .push((path.to_owned(), gate.clone()));
    }

    /// Another tab renewed: the cookie jar holds a fresh token, and requests arriving from now
    /// on are answered 200.
    pub fn renewed_by_another_tab(&self) {
        self.state.borrow_mut().token_valid = true;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.borrow().seen.clone()
    }

    pub fn paths(&self) -> Vec<String> {
        self.seen().into_iter().map(|seen| seen.path).collect()
    }

    pub fn renewals(&self) -> usize {
        let renew_path = self.state.borrow().renew_path.clone();
        self.paths()
            .iter()
            .filter(|path| **path == renew_path)
            .count()
    }

    pub fn times_seen(&self, path: &str) -> usize {
        self.paths().iter().filter(|seen| *seen == path).count()
    }
}

fn receive(state: &Rc<RefCell<ServerState>>, input: JsValue, init: JsValue) -> Promise {
    let request = match new_request(&input, &init) {
        Ok(request) => request,
        Err(error) => return Promise::reject(&error),
    };
    let url = web_sys::Url::new(&request.url()).unwrap();
    let path = url.pathname() + &url.search();
    let seen = Seen {
        method: request.method(),
        path: path.clone(),
        content_type: request.headers().get("content-type").unwrap(),
        body: Rc::default(),
        input,
        init,
    };
    let body_slot = Rc::clone(&seen.body);
    // Judged on arrival, like the real server checks the cookie the request carried.
    let (renew, authorised, gate) = {
        let mut state = state.borrow_mut();
        state.seen.push(seen);
        let renew = (path == state.renew_path).then(|| {
            state
                .renew_answers
                .pop_front()
                .unwrap_or(RenewAnswer::Status(200, None, r#"{"access_expires_at":1}"#))
        });
        let gate = state
            .slow_paths
            .iter()
            .find(|(slow, _)| *slow == path)
            .map(|(_, gate)| gate.clone());
        (renew, state.token_valid, gate)
    };
    let state = Rc::clone(state);
    future_to_promise(async move {
        let bytes = JsFuture::from(request.array_buffer()?).await?;
        *body_slot.borrow_mut() = Some(Uint8Array::new(&bytes).to_vec());
        if let Some(gate) = gate {
            gate.wait().await;
        }
        let response = match renew {
            Some(RenewAnswer::NetworkError) => {
                return Err(js_sys::TypeError::new("Failed to fetch").into());
            }
            Some(RenewAnswer::OkAfter(gate)) => {
                gate.wait().await;
                state.borrow_mut().token_valid = true;
                respond(200, None, r#"{"access_expires_at":1}"#, None)
            }
            Some(RenewAnswer::Status(status, retry_after, body)) => {
                if (200..300).contains(&status) {
                    state.borrow_mut().token_valid = true;
                }
                respond(status, retry_after, body, None)
            }
            None if path.starts_with("/always-401") => expired_token(),
            None if path.starts_with("/plain-401") => {
                respond(401, None, r#"{"error":"invalid_credentials"}"#, None)
            }
            None if authorised => respond(200, None, &format!("ok {path}"), None),
            None => expired_token(),
        };
        Ok(response.into())
    })
}

/// The server's answer to an expired access token (DESIGN section 3).
fn expired_token() -> Response {
    respond(
        401,
        None,
        r#"{"error":"token_expired"}"#,
        Some(r#"Bearer error="invalid_token""#),
    )
}

fn respond(
    status: u16,
    retry_after: Option<&str>,
    body: &str,
    www_authenticate: Option<&str>,
) -> Response {
    let headers = Headers::new().unwrap();
    headers.append("content-type", "application/json").unwrap();
    if let Some(value) = retry_after {
        headers.append("retry-after", value).unwrap();
    }
    if let Some(value) = www_authenticate {
        headers.append("www-authenticate", value).unwrap();
    }
    let init = ResponseInit::new();
    init.set_status(status);
    init.set_headers(&headers);
    Response::new_with_opt_str_and_init(Some(body), &init).unwrap()
}

/// `new Request(input, init)`.
pub fn new_request(input: &JsValue, init: &JsValue) -> Result<Request, JsValue> {
    let constructor = Reflect::get(&js_sys::global(), &"Request".into())?;
    Reflect::construct(
        constructor.unchecked_ref::<Function>(),
        &Array::of2(input, init),
    )
    .map(JsCast::unchecked_into)
}

/// A promise the test opens when it wants: holds back an answer of the fake server.
#[derive(Clone)]
pub struct Gate {
    promise: Promise,
    open: Function,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Gate")
    }
}

impl Gate {
    pub fn new() -> Gate {
        let mut open = None;
        let promise = Promise::new(&mut |resolve, _| open = Some(resolve));
        Gate {
            promise,
            open: open.unwrap(),
        }
    }

    pub fn open(&self) {
        self.open.call0(&JsValue::UNDEFINED).unwrap();
    }

    async fn wait(&self) {
        JsFuture::from(self.promise.clone()).await.unwrap();
    }
}

type Listener = Closure<dyn FnMut(web_sys::CustomEvent)>;

/// The `silent-renew:*` events fired on `window` while it lives.
pub struct EventLog {
    events: Rc<RefCell<Vec<(String, JsValue)>>>,
    listeners: Vec<(String, Listener)>,
}

impl EventLog {
    pub fn start() -> EventLog {
        let events: Rc<RefCell<Vec<(String, JsValue)>>> = Rc::default();
        let window = web_sys::window().unwrap();
        let listeners = ["ready", "start", "success", "expired", "failed"]
            .into_iter()
            .map(|name| {
                let events = Rc::clone(&events);
                let listener = Closure::new(move |event: web_sys::CustomEvent| {
                    events.borrow_mut().push((name.to_owned(), event.detail()));
                });
                let event_name = format!("silent-renew:{name}");
                window
                    .add_event_listener_with_callback(
                        &event_name,
                        listener.as_ref().unchecked_ref(),
                    )
                    .unwrap();
                (event_name, listener)
            })
            .collect();
        EventLog { events, listeners }
    }

    pub fn names(&self) -> Vec<String> {
        self.events
            .borrow()
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    }

    pub fn count(&self, name: &str) -> usize {
        self.names().iter().filter(|seen| *seen == name).count()
    }

    pub fn details(&self, name: &str) -> Vec<JsValue> {
        let events = self.events.borrow();
        events
            .iter()
            .filter(|(seen, _)| seen == name)
            .map(|(_, detail)| detail.clone())
            .collect()
    }

    /// The detail of the only event called `name`.
    pub fn detail(&self, name: &str) -> JsValue {
        let events = self.events.borrow();
        let mut found = events.iter().filter(|(seen, _)| seen == name);
        let detail = found.next().expect("no such event").1.clone();
        assert!(found.next().is_none(), "more than one {name} event");
        detail
    }
}

impl Drop for EventLog {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        for (name, listener) in &self.listeners {
            window
                .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                .unwrap();
        }
    }
}

#[wasm_bindgen(inline_js = "
export function open_indexed_db_at(name, version) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(name, version);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => { opening.result.close(); resolve(); };
  });
}")]
extern "C" {
    /// Opens (creating or upgrading) the database `name` at `version`, and closes it.
    fn open_indexed_db_at(name: &str, version: u32) -> Promise;
}

/// A page with the shim installed over a fake server. Each test gets its own renew URL, so the
/// cross-tab counter and lock of one test never meet another's.
pub struct Page {
    pub shim: Rc<Shim>,
    pub server: FakeServer,
    pub renew_path: String,
}

impl Page {
    pub fn new(name: &str) -> Page {
        Page::with_options(name, &[])
    }

    /// `options` are added to `{renewUrl, onExpired: "none"}` (a test page must not navigate).
    pub fn with_options(name: &str, options: &[(&str, JsValue)]) -> Page {
        let renew_path = format!("/{name}/auth/renew");
        let server = FakeServer::new(&renew_path);
        let mut all = vec![
            ("renewUrl", JsValue::from_str(&renew_path)),
            ("onExpired", JsValue::from_str("none")),
        ];
        all.extend(options.iter().cloned());
        let shim = Shim::new(server.fetch_function(), object(&all).into()).unwrap();
        Page {
            shim: Rc::new(shim),
            server,
            renew_path,
        }
    }

    /// The name of this page's renewal count in `localStorage` and IndexedDB, and of its lock.
    pub fn cross_tab_key(&self) -> String {
        let origin = web_sys::window().unwrap().location().origin().unwrap();
        format!("silent-renew:{origin}{}", self.renew_path)
    }

    /// Stores `count` as this page's renewal count in IndexedDB only, as another tab does whose
    /// `localStorage` write has not reached this one yet.
    pub async fn store_renewal_count_in_indexed_db_only(&self, count: u32) {
        // The shim keeps the count as the database's version, plus one.
        let written = open_indexed_db_at(&self.cross_tab_key(), count + 1);
        JsFuture::from(written).await.unwrap();
    }

    /// A second tab: another shim over the same server and renew URL.
    pub fn another_tab(&self) -> Shim {
        let options = object(&[
            ("renewUrl", JsValue::from_str(&self.renew_path)),
            ("onExpired", JsValue::from_str("none")),
        ]);
        Shim::new(self.server.fetch_function(), options.into()).unwrap()
    }

    /// `fetch(url, init)` as page code calls it, through the loader; resolves with the response
    /// or the rejection.
    pub fn fetch(&self, url: &str, init: JsValue) -> JsFuture {
        JsFuture::from(self.through_loader(JsValue::from_str(url), init))
    }

    pub fn get(&self, url: &str) -> JsFuture {
        self.fetch(url, JsValue::UNDEFINED)
    }

    /// What the loader (`shim/js/silent-renew.js`) does with a call: a request with no body or
    /// a string body goes straight to the original fetch, and only a 401 enters `Shim::answer`;
    /// any other, and any call while a renewal runs, goes through `Shim::fetch`.
    fn through_loader(&self, input: JsValue, init: JsValue) -> Promise {
        let body = if init.is_object() {
            get(&init, "body")
        } else {
            JsValue::UNDEFINED
        };
        let replayable_as_called = body.is_undefined() || body.is_null() || body.is_string();
        let sent_at = if replayable_as_called {
            self.shim.sent_at()
        } else {
            None
        };
        let Some(sent_at) = sent_at else {
            return self.shim.fetch(input, init);
        };
        let sent: Promise = self
            .server
            .fetch_function()
            .call2(&JsValue::UNDEFINED, &input, &init)
            .unwrap()
            .unchecked_into();
        let shim = Rc::clone(&self.shim);
        future_to_promise(async move {
            let response: Response = JsFuture::from(sent).await?.unchecked_into();
            if response.status() != 401 {
                return Ok(response.into());
            }
            JsFuture::from(shim.answer(input, init, response.into(), sent_at)).await
        })
    }
}

/// The outcome of a fetch: its status, or the name of the error it was rejected with.
pub async fn status_of(fetch: JsFuture) -> Result<u16, String> {
    match fetch.await {
        Ok(response) => Ok(response.unchecked_into::<Response>().status()),
        Err(error) => Err(Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|name| name.as_string())
            .unwrap_or_default()),
    }
}

pub async fn text_of(fetch: JsFuture) -> String {
    let response: Response = fetch.await.unwrap().unchecked_into();
    JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap()
}

/// A plain JavaScript object.
pub fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap()
}

pub async fn sleep(ms: i32) {
    let timer = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(timer).await.unwrap();
}

/// Waits until `condition` holds, failing the test after two seconds.
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        sleep(10).await;
    }
    panic!("timed out waiting until {what}");
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
