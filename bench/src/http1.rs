//! A blocking HTTP/1.1 client for one keep-alive connection: the load
//! drivers need exactly "send these bytes, read one response" and the
//! `Set-Cookie` values, and a thread per connection keeps the client's own
//! cost small and predictable next to the server's.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

use crate::site::Site;

pub struct Response {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The value the server sets for cookie `name`, if it sets one.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(header, _)| header.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, value)| {
                let pair = value.split(';').next()?;
                let (cookie, value) = pair.split_once('=')?;
                (cookie.trim() == name).then_some(value.trim())
            })
    }
}

pub struct Connection {
    address: SocketAddr,
    reader: BufReader<TcpStream>,
}

impl Connection {
    pub fn open(address: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream::connect(address)?;
        stream.set_nodelay(true)?;
        Ok(Self {
            address,
            reader: BufReader::new(stream),
        })
    }

    /// A fresh connection in place of this one, after an error left it in
    /// an unknown state.
    pub fn reopen(&mut self) -> io::Result<()> {
        *self = Self::open(self.address)?;
        Ok(())
    }

    /// Sends one request and reads its response.
    pub fn exchange(&mut self, request: &[u8]) -> io::Result<Response> {
        self.reader.get_mut().write_all(request)?;
        self.read_response()
    }

    fn read_response(&mut self) -> io::Result<Response> {
        let status_line = self.read_line()?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| invalid(format!("bad status line {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = self.read_line()?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| invalid(format!("bad header line {line:?}")))?;
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
        let header = |wanted: &str| {
            headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
                .map(|(_, value)| value.as_str())
        };
        if header("transfer-encoding").is_some() {
            return Err(invalid("chunked responses are not expected here".into()));
        }
        let length: usize = header("content-length").map_or(Ok(0), |value| {
            value
                .parse()
                .map_err(|_| invalid(format!("bad content-length {value:?}")))
        })?;
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    fn read_line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

/// A request's bytes, built once per request: the method, the path, the
/// headers every driver request carries (`Host`, and `Origin` for the CSRF
/// check), then `extra` headers and an optional JSON body.
pub fn request(
    site: &Site,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    json_body: Option<&str>,
) -> Vec<u8> {
    let host = site.origin.trim_start_matches("http://");
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n",
        site.origin
    );
    for (name, value) in extra {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = json_body.unwrap_or("");
    if json_body.is_some() {
        text.push_str("Content-Type: application/json\r\n");
    }
    text.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    text.into_bytes()
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
