//! Who is asking, and from which site: the peer address and `Host`, unless
//! the peer is a configured trusted proxy, whose `X-Forwarded-*` headers are
//! then believed. Anyone else's forwarding headers are ignored.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::config::Origin;

#[derive(Clone, Debug, Default)]
pub struct TrustedProxies {
    proxies: Vec<IpAddr>,
    public_origin: Option<Origin>,
}

impl TrustedProxies {
    pub fn new(proxies: Vec<IpAddr>, public_origin: Option<Origin>) -> Self {
        Self {
            proxies,
            public_origin,
        }
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        self.proxies.contains(&address.to_canonical())
    }

    fn peer_is_trusted(&self, request: &HttpRequest) -> bool {
        request
            .peer_addr()
            .is_some_and(|peer| self.is_trusted(peer.ip()))
    }

    /// The client's address: the peer's, or behind trusted proxies the
    /// right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
    pub fn client_ip(&self, request: &HttpRequest) -> Option<IpAddr> {
        let peer = request.peer_addr()?.ip().to_canonical();
        if !self.is_trusted(peer) {
            return Some(peer);
        }
        let forwarded: Vec<IpAddr> = request
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|line| line.split(','))
            .map_while(|entry| entry.trim().parse::<IpAddr>().ok())
            .collect();
        Some(
            forwarded
                .into_iter()
                .rev()
                .map(|address| address.to_canonical())
                .find(|address| !self.is_trusted(*address))
                .unwrap_or(peer),
        )
    }

    /// The site's own origin, against which `Origin` and `Referer` are checked.
    pub fn site_origin(&self, request: &HttpRequest) -> Option<String> {
        if let Some(origin) = &self.public_origin {
            return Some(origin.as_str().to_owned());
        }
        let trusted = self.peer_is_trusted(request);
        let forwarded = |name: &str| {
            trusted
                .then(|| request.headers().get(name)?.to_str().ok())
                .flatten()
                .and_then(|value| value.split(',').next())
                .map(str::trim)
        };
        let scheme = forwarded("x-forwarded-proto").unwrap_or(if request.app_config().secure() {
            "https"
        } else {
            "http"
        });
        let host = forwarded("x-forwarded-host")
            .or_else(|| request.headers().get(header::HOST)?.to_str().ok())
            .or_else(|| {
                request
                    .uri()
                    .authority()
                    .map(|authority| authority.as_str())
            })?;
        Some(format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use actix_web::test::TestRequest;

    use super::*;

    fn from(peer: &str) -> TestRequest {
        TestRequest::default().peer_addr(peer.parse::<SocketAddr>().unwrap())
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let untrusted = TrustedProxies::new(vec![], None);
        let request = from("203.0.113.9:5000")
            .insert_header(("x-forwarded-for", "198.51.100.1"))
            .to_http_request();
        assert_eq!(untrusted.client_ip(&request), "203.0.113.9".parse().ok());

        let trusted = TrustedProxies::new(vec!["10.0.0.1".parse().unwrap()], None);
        let request = from("10.0.0.1:5000")
            .insert_header(("x-forwarded-for", "1.1.1.1, 198.51.100.1, 10.0.0.1"))
            .to_http_request();
        assert_eq!(trusted.client_ip(&request), "198.51.100.1".parse().ok());
    }

    #[test]
    fn site_origin_comes_from_config_or_host() {
        let request = from("127.0.0.1:1")
            .insert_header((header::HOST, "Example.com:8080"))
            .insert_header(("x-forwarded-host", "evil.test"))
            .to_http_request();
        assert_eq!(
            TrustedProxies::default().site_origin(&request).as_deref(),
            Some("http://example.com:8080")
        );
        let configured = TrustedProxies::new(vec![], "https://site.test".parse().ok());
        assert_eq!(
            configured.site_origin(&request).as_deref(),
            Some("https://site.test")
        );
    }
}
