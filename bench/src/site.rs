//! The server under test, as the drivers address it.

use std::net::SocketAddr;
use std::str::FromStr;

/// `http://127.0.0.1:PORT`: where to connect, and the origin that the
/// server's CSRF check expects on unsafe requests.
#[derive(Clone, Debug)]
pub struct Site {
    pub address: SocketAddr,
    pub origin: String,
}

impl FromStr for Site {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let authority = text
            .trim_end_matches('/')
            .strip_prefix("http://")
            .ok_or("the site must be an http:// URL")?;
        let address = authority
            .parse()
            .map_err(|_| "the site must be http://IP:PORT")?;
        Ok(Self {
            address,
            origin: format!("http://{authority}"),
        })
    }
}
