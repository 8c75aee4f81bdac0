//! A cookie-aware HTTP client that behaves like a browser where the tests
//! need it to: it keeps cookies by name and path and sends this site's
//! `Origin` on every request.

use std::sync::Mutex;

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};

#[derive(Clone, Debug, PartialEq, Eq)]
struct StoredCookie {
    name: String,
    value: String,
    path: String,
}

pub struct TestClient {
    base: String,
    http: reqwest::Client,
    jar: Mutex<Vec<StoredCookie>>,
}

impl TestClient {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("the HTTP client builds");
        Self {
            base: base.to_owned(),
            http,
            jar: Mutex::new(Vec::new()),
        }
    }

    /// Another browser holding a copy of this one's cookies.
    pub fn fork(&self) -> Self {
        let forked = Self::new(&self.base);
        *forked.jar.lock().unwrap() = self.jar.lock().unwrap().clone();
        forked
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with the jar's cookies for `path` and this site's Origin.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.bare_request(method, path).header("origin", &self.base)
    }

    /// A request with the jar's cookies but no Origin, Referer or
    /// Sec-Fetch-Site: what a non-browser client sends.
    pub fn bare_request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method, self.url(path));
        if let Some(cookies) = self.cookie_header(path) {
            request = request.header("cookie", cookies);
        }
        request
    }

    /// Sends `request` and keeps the cookies it sets.
    pub async fn execute(&self, request: reqwest::RequestBuilder) -> TestResponse {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("the body arrives").to_vec();
        let response = TestResponse {
            status,
            headers,
            body,
        };
        self.keep_cookies(&response);
        response
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.execute(self.request(Method::GET, path)).await
    }

    pub async fn delete(&self, path: &str) -> TestResponse {
        self.execute(self.request(Method::DELETE, path)).await
    }

    pub async fn post(&self, path: &str) -> TestResponse {
        self.execute(self.request(Method::POST, path)).await
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.execute(self.request(Method::POST, path).json(body))
            .await
    }

    pub async fn renew(&self) -> TestResponse {
        self.post("/auth/renew").await
    }

    /// Registers `username` (password `correct horse battery`), signed in after.
    pub async fn register(&self, username: &str) -> TestResponse {
        let response = self
            .post_json(
                "/api/register",
                &serde_json::json!({ "username": username, "password": "correct horse battery" }),
            )
            .await;
        assert_eq!(
            response.status,
            201,
            "registering {username}: {}",
            response.text()
        );
        response
    }

    /// Sends an HTML form, as a browser does (with its Origin).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).expect("form fields encode");
        let request = self
            .request(Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.execute(request).await
    }

    /// Loads `page` and returns the form token it carries.
    pub async fn form_token(&self, page: &str) -> String {
        let response = self.get(page).await;
        response
            .form_token()
            .unwrap_or_else(|| panic!("{page} ({}) carries no form token", response.status))
    }

    pub async fn login(&self, username: &str, password: &str) -> TestResponse {
        self.post_json(
            "/api/login",
            &serde_json::json!({ "username": username, "password": password }),
        )
        .await
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar
            .lock()
            .unwrap()
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value.clone())
    }

    pub fn set_cookie(&self, name: &str, value: &str, path: &str) {
        let mut jar = self.jar.lock().unwrap();
        jar.retain(|c| !(c.name == name && c.path == path));
        jar.push(StoredCookie {
            name: name.into(),
            value: value.into(),
            path: path.into(),
        });
    }

    pub fn remove_cookie(&self, name: &str) {
        self.jar.lock().unwrap().retain(|c| c.name != name);
    }

    fn cookie_header(&self, path: &str) -> Option<String> {
        let jar = self.jar.lock().unwrap();
        let pairs: Vec<String> = jar
            .iter()
            .filter(|c| path_matches(&c.path, path))
            .map(|c| format!("{}={}", c.name, c.value))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    fn keep_cookies(&self, response: &TestResponse) {
        for cookie in response.set_cookies() {
            let mut jar = self.jar.lock().unwrap();
            jar.retain(|c| !(c.name == cookie.name && c.path == cookie.path));
            if cookie.max_age != Some(0) {
                jar.push(StoredCookie {
                    name: cookie.name,
                    value: cookie.value,
                    path: cookie.path,
                });
            }
        }
    }
}

fn path_matches(cookie_path: &str, request_path: &str) -> bool {
    let request_path = request_path.split('?').next().unwrap_or(request_path);
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/') || request_path[cookie_path.len()..].starts_with('/')))
}

/// A `Set-Cookie` header, read.
#[derive(Clone, Debug)]
pub struct SetCookie {
    pub name: String,
    pub value: String,
    pub path: String,
    pub max_age: Option<i64>,
    pub http_only: bool,
    pub secure: bool,
    pub same_site: Option<String>,
}

pub struct TestResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {} {}", self.status, self.text()))
    }

    /// The `error` code of an error body.
    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }

    /// The value of the first `csrf_token` hidden field of an HTML page.
    pub fn form_token(&self) -> Option<String> {
        let html = self.text();
        let at = html.find(r#"name="csrf_token" value=""#)?;
        let rest = &html[at + r#"name="csrf_token" value=""#.len()..];
        Some(rest[..rest.find('"')?].to_owned())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    }

    pub fn set_cookies(&self) -> Vec<SetCookie> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(parse_set_cookie)
            .collect()
    }

    pub fn set_cookie(&self, name: &str) -> Option<SetCookie> {
        self.set_cookies()
            .into_iter()
            .find(|cookie| cookie.name == name)
    }
}

fn parse_set_cookie(line: &str) -> Option<SetCookie> {
    let mut parts = line.split(';').map(str::trim);
    let (name, value) = parts.next()?.split_once('=')?;
    let mut cookie = SetCookie {
        name: name.to_owned(),
        value: value.to_owned(),
        path: "/".to_owned(),
        max_age: None,
        http_only: false,
        secure: false,
        same_site: None,
    };
    for attribute in parts {
        let (key, val) = attribute.split_once('=').unwrap_or((attribute, ""));
        match key.to_ascii_lowercase().as_str() {
            "path" => cookie.path = val.to_owned(),
            "max-age" => cookie.max_age = val.parse().ok(),
            "httponly" => cookie.http_only = true,
            "secure" => cookie.secure = true,
            "samesite" => cookie.same_site = Some(val.to_owned()),
            _ => {}
        }
    }
    Some(cookie)
}
