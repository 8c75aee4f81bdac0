//! Another origin whose every answer is a renewable-looking 401
//! (`WWW-Authenticate: Bearer error="invalid_token"`) that the page is
//! allowed to read (CORS, with the header exposed). Were the shim to cover
//! other origins, this 401 would start a renewal; the test counts what
//! arrives here to see that the request was sent once and never replayed.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

const BODY: &str =
    r#"{"error":"token_expired","message":"The access token has expired (another origin)."}"#;

pub struct CorsResponder {
    port: u16,
    requests: Arc<AtomicUsize>,
    stopped: Arc<AtomicBool>,
}

impl CorsResponder {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let port = listener.local_addr().expect("a bound port").port();
        let requests = Arc::new(AtomicUsize::new(0));
        let stopped = Arc::new(AtomicBool::new(false));
        let (counted, stopping) = (requests.clone(), stopped.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let counted = counted.clone();
                    thread::spawn(move || answer(stream, &counted));
                }
            }
        });
        Self {
            port,
            requests,
            stopped,
        }
    }

    /// `http://127.0.0.1:<its port><path>`: another origin than any app's.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Requests answered so far (CORS preflights not counted).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for CorsResponder {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(mut stream: TcpStream, requests: &AtomicUsize) {
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let origin = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("origin")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| "*".to_owned());
    let cors = format!(
        "Access-Control-Allow-Origin: {origin}\r\n\
         Access-Control-Allow-Credentials: true\r\n\
         Access-Control-Expose-Headers: WWW-Authenticate\r\n\
         Vary: Origin\r\n"
    );
    let response = if head.starts_with("OPTIONS ") {
        format!(
            "HTTP/1.1 204 No Content\r\n{cors}\
             Access-Control-Allow-Methods: GET, POST, DELETE\r\n\
             Access-Control-Allow-Headers: content-type\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n"
        )
    } else {
        requests.fetch_add(1, Ordering::SeqCst);
        format!(
            "HTTP/1.1 401 Unauthorized\r\n{cors}\
             WWW-Authenticate: Bearer error=\"invalid_token\"\r\n\
             Content-Type: application/json\r\nCache-Control: no-store\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{BODY}",
            BODY.len()
        )
    };
    let _ = stream.write_all(response.as_bytes());
}

/// The request line and headers; the tests send no body worth reading.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    String::from_utf8(head).ok()
}
