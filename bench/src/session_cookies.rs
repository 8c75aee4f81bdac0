//! The signed-in sessions that `sign_in_load` hands to `renew_load` and to
//! the GET benchmark: one line per session, `ACCESS REFRESH` (the cookie
//! values, which contain no spaces).

use std::io;
use std::path::Path;

pub struct SessionCookies {
    pub access: String,
    pub refresh: String,
}

pub fn write(path: &Path, sessions: &[SessionCookies]) -> io::Result<()> {
    let text: String = sessions
        .iter()
        .map(|session| format!("{} {}\n", session.access, session.refresh))
        .collect();
    std::fs::write(path, text)
}

pub fn read(path: &Path) -> io::Result<Vec<SessionCookies>> {
    std::fs::read_to_string(path)?
        .lines()
        .map(|line| {
            let (access, refresh) = line.split_once(' ').ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidData, "a line is not `ACCESS REFRESH`")
            })?;
            Ok(SessionCookies {
                access: access.to_owned(),
                refresh: refresh.to_owned(),
            })
        })
        .collect()
}
