//! The two token cookies: names, attributes, and a lenient reader.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::header;

use super::access_token::AccessToken;
use super::refresh_token::RefreshToken;

/// The refresh cookie is sent to the renew route and nowhere else.
pub const REFRESH_COOKIE_PATH: &str = "/auth";

/// Names and attributes of the token cookies. In secure mode the names carry
/// the `__Host-` / `__Secure-` prefixes, which browsers only accept with
/// `Secure` (and, for `__Host-`, `Path=/` and no `Domain`), so a sibling
/// subdomain cannot plant or shadow them.
#[derive(Clone, Copy, Debug)]
pub struct CookiePolicy {
    secure: bool,
}

impl CookiePolicy {
    pub fn new(secure: bool) -> Self {
        Self { secure }
    }

    pub fn is_secure(&self) -> bool {
        self.secure
    }

    pub fn access_name(&self) -> &'static str {
        if self.secure {
            "__Host-access"
        } else {
            "access"
        }
    }

    pub fn refresh_name(&self) -> &'static str {
        if self.secure {
            "__Secure-refresh"
        } else {
            "refresh"
        }
    }

    /// `max_age_secs` is the session's remaining idle lifetime, not the
    /// JWT's: an expired token still arrives and says "there was a session".
    pub fn access(&self, token: &AccessToken, max_age_secs: i64) -> Cookie<'static> {
        self.cookie(
            self.access_name(),
            token.as_str().to_owned(),
            "/",
            SameSite::Lax,
            max_age_secs,
        )
    }

    pub fn refresh(&self, token: &RefreshToken, max_age_secs: i64) -> Cookie<'static> {
        self.cookie(
            self.refresh_name(),
            token.encode(),
            REFRESH_COOKIE_PATH,
            SameSite::Strict,
            max_age_secs,
        )
    }

    /// Removal cookies for both tokens, with the same `Path` and `Secure` as set.
    pub fn clear_both(&self) -> [Cookie<'static>; 2] {
        [
            self.cookie(self.access_name(), String::new(), "/", SameSite::Lax, 0),
            self.cookie(
                self.refresh_name(),
                String::new(),
                REFRESH_COOKIE_PATH,
                SameSite::Strict,
                0,
            ),
        ]
    }

    fn cookie(
        &self,
        name: &'static str,
        value: String,
        path: &'static str,
        same_site: SameSite,
        max_age_secs: i64,
    ) -> Cookie<'static> {
        let mut cookie = Cookie::build(name, value)
            .path(path)
            .http_only(true)
            .secure(self.secure)
            .same_site(same_site)
            .max_age(time::Duration::seconds(max_age_secs.max(0)))
            .finish();
        if max_age_secs <= 0 {
            cookie.set_expires(time::OffsetDateTime::UNIX_EPOCH);
        }
        cookie
    }

    /// The access token sent with the request, if any.
    pub fn access_token<'r>(&self, request: &'r HttpRequest) -> Option<&'r str> {
        cookie_values(request, self.access_name())
            .into_iter()
            .next()
    }
}

/// Every value sent under `name`, read leniently: one malformed pair in the
/// header does not hide the others (actix's own parser gives up on all).
pub fn cookie_values<'r>(request: &'r HttpRequest, name: &str) -> Vec<&'r str> {
    request
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| values_in_header(line, name))
        .collect()
}

/// The values of `name` in one `Cookie` header line.
pub fn values_in_header<'l>(line: &'l str, name: &str) -> impl Iterator<Item = &'l str> {
    line.split(';')
        .filter_map(|pair| pair.split_once('='))
        .filter(move |(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim().trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn lenient_reader_finds_every_value_of_a_name() {
        let request = TestRequest::default()
            .insert_header((header::COOKIE, "a=1; broken; refresh=x;refresh=\"y\" ; =z"))
            .to_http_request();
        assert_eq!(cookie_values(&request, "refresh"), vec!["x", "y"]);
        assert_eq!(cookie_values(&request, "a"), vec!["1"]);
        assert!(cookie_values(&request, "missing").is_empty());
    }

    #[test]
    fn secure_cookies_carry_prefixes_and_clearing_repeats_path_and_secure() {
        let policy = CookiePolicy::new(true);
        let [access, refresh] = policy.clear_both();
        assert_eq!(access.name(), "__Host-access");
        assert_eq!(access.path(), Some("/"));
        assert_eq!(access.secure(), Some(true));
        assert_eq!(refresh.name(), "__Secure-refresh");
        assert_eq!(refresh.path(), Some("/auth"));
        assert_eq!(refresh.max_age(), Some(time::Duration::ZERO));
        assert_eq!(CookiePolicy::new(false).access_name(), "access");
    }
}
