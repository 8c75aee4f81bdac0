//! The pages' templates (Askama, in `templates/`). Everything interpolated
//! is HTML-escaped by Askama.

use askama::Template;
use askama_web::WebTemplate;

/// What every page's frame shows.
pub struct Layout {
    pub title: &'static str,
    /// The signed-in username, if any.
    pub user: Option<String>,
    pub csrf_token: String,
    pub flashes: Vec<Flash>,
    /// Which navigation entry is current; empty: no navigation at all.
    pub nav: &'static str,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    /// `info` or `error`: a CSS class.
    pub kind: String,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    /// An expired but genuine access cookie: a session is probably alive.
    pub lapsed: bool,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub layout: Layout,
    pub username: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "register.html")]
pub struct RegisterPage {
    pub layout: Layout,
    pub username: String,
    pub username_error: Option<String>,
    pub password_error: Option<String>,
}

pub struct NoteItem {
    pub id: i32,
    pub body: String,
    pub created_at: String,
    pub created_label: String,
}

#[derive(Template)]
#[template(path = "notes.html")]
pub struct NotesPage {
    pub layout: Layout,
    pub notes: Vec<NoteItem>,
    pub draft: String,
    pub body_error: Option<String>,
}

pub struct DeviceItem {
    pub id: String,
    pub description: String,
    pub ip: Option<String>,
    pub current: bool,
    pub created_at: String,
    pub created_label: String,
    pub last_active: String,
    pub last_active_label: String,
}

#[derive(Template)]
#[template(path = "sessions.html")]
pub struct SessionsPage {
    pub layout: Layout,
    pub devices: Vec<DeviceItem>,
    pub current_password_error: Option<String>,
    pub new_password_error: Option<String>,
}

#[derive(Template)]
#[template(path = "renewing.html")]
pub struct RenewingPage {
    pub layout: Layout,
    pub method: &'static str,
    pub action: String,
    pub fields: Vec<(String, String)>,
    pub login_url: String,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: u16,
    pub heading: &'static str,
    pub message: String,
    pub back_href: &'static str,
    pub back_label: &'static str,
}
