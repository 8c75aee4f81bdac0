//! Where to go after signing in: local paths only, never another site.

/// `raw` if it is a path on this site, else `/`. A path starts with one
/// `/`; `//host` and `/\host` (and their percent-encoded spellings) would
/// leave the site, so they fall back too.
pub fn local_path(raw: &str) -> String {
    let decoded = percent_decode_fully(raw);
    let leaves_site = !decoded.starts_with('/')
        || decoded.starts_with("//")
        || decoded.contains('\\')
        || decoded.chars().any(char::is_control)
        || raw.chars().any(|c| c.is_control() || c == '\\');
    if leaves_site || !raw.starts_with('/') {
        "/".to_owned()
    } else {
        raw.to_owned()
    }
}

/// Decodes `%xx` until nothing changes, so `%252F` is seen as `/` too.
fn percent_decode_fully(raw: &str) -> String {
    let mut current = raw.to_owned();
    for _ in 0..4 {
        let decoded = percent_decode(&current);
        if decoded == current {
            break;
        }
        current = decoded;
    }
    current
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `/login?next=<path>` for a page that needs a signed-in user.
pub fn login_url(next: &str) -> String {
    let next = local_path(next);
    if next == "/" {
        return "/login".to_owned();
    }
    format!("/login?next={}", form_encode(&next))
}

fn form_encode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map_or_else(|_| String::new(), |pair| pair[1..].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_pass_and_everything_else_falls_back_to_root() {
        for ok in ["/", "/notes", "/notes?x=1", "/a/b#c", "/%7Euser"] {
            assert_eq!(local_path(ok), ok);
        }
        for bad in [
            "//evil.test",
            "/\\evil.test",
            "https://evil.test",
            "evil.test",
            "/%2Fevil.test",
            "%2F%2Fevil.test",
            "/%5Cevil.test",
            "/%252F%252Fevil.test",
            "/\tevil",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(local_path(bad), "/", "{bad}");
        }
    }

    #[test]
    fn login_url_carries_the_path_encoded() {
        assert_eq!(
            login_url("/notes?a=1&b=2"),
            "/login?next=%2Fnotes%3Fa%3D1%26b%3D2"
        );
        assert_eq!(login_url("//evil.test"), "/login");
    }
}
