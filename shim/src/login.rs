//! Where the default expired action sends the user.

use alloc::string::String;
/// `login_url` with `next` = the page the user was on, so signing in brings them back.
pub fn login_url(login_url: &str, path_and_query: &str) -> String {
    let separator = if login_url.contains('?') { '&' } else { '?' };
    let mut url = String::with_capacity(login_url.len() + path_and_query.len() * 3 + 6);
    url.push_str(login_url);
    url.push(separator);
    url.push_str("next=");
    encode_uri_component(path_and_query, &mut url);
    url
}

/// The same escaping as JavaScript's `encodeURIComponent`.
fn encode_uri_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::login_url;

    #[test]
    fn next_carries_the_path_and_query_escaped() {
        assert_eq!(
            login_url("/login", "/notes?tag=a&b=c d"),
            "/login?next=%2Fnotes%3Ftag%3Da%26b%3Dc%20d"
        );
    }

    #[test]
    fn an_existing_query_on_the_login_url_is_kept() {
        assert_eq!(login_url("/login?lang=fr", "/"), "/login?lang=fr&next=%2F");
    }

    #[test]
    fn non_ascii_is_escaped_as_utf8() {
        assert_eq!(login_url("/login", "/é"), "/login?next=%2F%C3%A9");
    }
}
