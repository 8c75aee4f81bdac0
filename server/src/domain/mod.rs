//! Domain types that validate once, at the edge.

pub mod device;
pub mod ids;
pub mod note_body;
pub mod password;
pub mod time;
pub mod username;
