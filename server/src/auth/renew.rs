//! The renewal decision (DESIGN section 4) and the flow around it.
//!
//! The common path is one read and one compare-and-set. Grace answers are
//! read-only: they send the session's *current* token again, so concurrent
//! renewals with one cookie, a lost response or a navigation that aborted a
//! renewal halfway all end with the same refresh cookie, never a sibling.

use super::keys::KeyRing;
use super::refresh_token::{RefreshNonce, RefreshToken};
use crate::state::{AppState, Lifetimes};
use crate::store::sessions::{self, LoadedSession, Rotation, SessionRow};
use crate::store::{AnyConnection, StoreError};

/// The state of a session that the decision reads.
#[derive(Clone, Copy, Debug)]
pub struct CounterState {
    pub counter: u64,
    pub rotated_at: Option<i64>,
    pub live: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Advance the counter from `expected` to `next` and send `next`'s token.
    Rotate { expected: u64, next: u64 },
    /// Within the grace window: send the current token again, write nothing.
    Resend { current: u64 },
    /// A token older than the grace window allows: someone replayed it.
    Reused,
    /// Revoked or expired.
    Ended,
}

/// Classifies an authentic token's counter against its session.
pub fn decide(presented: u64, state: CounterState, now_ms: i64, grace_ms: i64) -> Verdict {
    if !state.live {
        return Verdict::Ended;
    }
    let in_grace = state
        .rotated_at
        .is_some_and(|rotated| now_ms - rotated < grace_ms);
    let current = state.counter;
    if presented == current && in_grace {
        return Verdict::Resend { current };
    }
    // Ahead of the row means the database lost its last commit: the token
    // is treated as current and the row catches up.
    if presented >= current {
        return Verdict::Rotate {
            expected: current,
            next: presented.saturating_add(1),
        };
    }
    if presented + 1 == current && in_grace {
        return Verdict::Resend { current };
    }
    Verdict::Reused
}

/// Why a refresh token was refused.
#[derive(Debug, thiserror::Error)]
pub enum RenewError {
    #[error("refresh token refused: {0}")]
    Invalid(&'static str),
    #[error("refresh token reused; session revoked")]
    Reused,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A successful renewal: the session as it now stands and the refresh
/// counter whose token the client gets.
pub struct Renewed {
    pub session: SessionRow,
    pub username: String,
    pub counter: u64,
    /// The database's time at the decision.
    pub now_ms: i64,
    pub rotated: bool,
}

pub struct ClientMeta {
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// How often a lost compare-and-set is re-read before giving up: once is
/// the rule (the winner's row then reads as grace); more is contention.
const MAX_ATTEMPTS: usize = 3;

pub async fn renew(
    state: &AppState,
    token: RefreshToken,
    client: ClientMeta,
) -> Result<Renewed, RenewError> {
    let keys = state.keys.clone();
    let lifetimes = state.lifetimes;
    // The whole decision runs in one trip to the blocking pool: the read,
    // the MAC check and the compare-and-set (or the revocation) together.
    let span = tracing::Span::current();
    state
        .store
        .run(move |conn| {
            let _request = span.enter();
            decide_in_store(conn, &keys, &token, lifetimes, &client)
        })
        .await?
}

/// Reads the token's session, checks it and acts on the verdict. A lost
/// compare-and-set reads again: the winner's row then answers as grace.
fn decide_in_store(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    token: &RefreshToken,
    lifetimes: Lifetimes,
    client: &ClientMeta,
) -> diesel::QueryResult<Result<Renewed, RenewError>> {
    let session_id = token.session_id.to_hex();
    let presented = token.counter;
    for _ in 0..MAX_ATTEMPTS {
        let Some(LoadedSession {
            row,
            username,
            now_ms,
        }) = sessions::find(conn, &session_id)?
        else {
            return Ok(Err(RenewError::Invalid("unknown session")));
        };
        let Some(nonce) = RefreshNonce::from_hex(&row.refresh_nonce) else {
            return Ok(Err(RenewError::Invalid("corrupt nonce")));
        };
        if !token.is_authentic(keys, &nonce) {
            return Ok(Err(RenewError::Invalid("bad MAC")));
        }
        let Ok(counter) = u64::try_from(row.refresh_counter) else {
            return Ok(Err(RenewError::Invalid("corrupt counter")));
        };
        let counter_state = CounterState {
            counter,
            rotated_at: row.rotated_at,
            live: row.is_live(now_ms),
        };
        match decide(presented, counter_state, now_ms, lifetimes.grace_ms) {
            Verdict::Ended => return Ok(Err(RenewError::Invalid("session ended"))),
            Verdict::Reused => {
                sessions::revoke(conn, &session_id, "refresh_token_reused")?;
                tracing::warn!(
                    session_id = %session_id,
                    user_id = row.user_id,
                    presented,
                    current = row.refresh_counter,
                    "refresh token reused: session revoked"
                );
                return Ok(Err(RenewError::Reused));
            }
            Verdict::Resend { current } => {
                return Ok(Ok(Renewed {
                    session: row,
                    username,
                    counter: current,
                    now_ms,
                    rotated: false,
                }));
            }
            Verdict::Rotate { expected, next } => {
                let (Ok(expected), Ok(next)) = (i64::try_from(expected), i64::try_from(next))
                else {
                    return Ok(Err(RenewError::Invalid("counter out of range")));
                };
                let rotation = Rotation {
                    id: &session_id,
                    expected_counter: expected,
                    new_counter: next,
                    idle_ttl_ms: lifetimes.idle_ms,
                    user_agent: client.user_agent.as_deref(),
                    ip: client.ip.as_deref(),
                };
                if sessions::rotate(conn, &rotation)? {
                    let mut session = row;
                    session.refresh_counter = next;
                    session.rotated_at = Some(now_ms);
                    session.last_renewed_at = now_ms;
                    session.idle_expires_at = now_ms + lifetimes.idle_ms;
                    return Ok(Ok(Renewed {
                        session,
                        username,
                        counter: next as u64,
                        now_ms,
                        rotated: true,
                    }));
                }
            }
        }
    }
    Ok(Err(RenewError::Store(StoreError::Unavailable(
        "the session's counter kept changing under contention".into(),
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRACE: i64 = 30_000;
    const NOW: i64 = 1_000_000_000;

    fn state(counter: u64, rotated_ago: Option<i64>) -> CounterState {
        CounterState {
            counter,
            rotated_at: rotated_ago.map(|ago| NOW - ago),
            live: true,
        }
    }

    #[test]
    fn the_first_renewal_of_a_session_always_rotates() {
        assert_eq!(
            decide(0, state(0, None), NOW, GRACE),
            Verdict::Rotate {
                expected: 0,
                next: 1
            }
        );
    }

    #[test]
    fn the_current_token_rotates_once_the_grace_window_has_passed() {
        assert_eq!(
            decide(5, state(5, Some(GRACE)), NOW, GRACE),
            Verdict::Rotate {
                expected: 5,
                next: 6
            }
        );
    }

    #[test]
    fn the_current_token_inside_the_window_gets_itself_again() {
        assert_eq!(
            decide(5, state(5, Some(1_000)), NOW, GRACE),
            Verdict::Resend { current: 5 }
        );
    }

    #[test]
    fn the_previous_token_inside_the_window_gets_the_current_one() {
        assert_eq!(
            decide(4, state(5, Some(29_999)), NOW, GRACE),
            Verdict::Resend { current: 5 }
        );
    }

    #[test]
    fn the_previous_token_after_the_window_is_a_reuse() {
        assert_eq!(
            decide(4, state(5, Some(30_000)), NOW, GRACE),
            Verdict::Reused
        );
    }

    #[test]
    fn an_older_token_is_a_reuse_even_inside_the_window() {
        assert_eq!(decide(3, state(5, Some(1)), NOW, GRACE), Verdict::Reused);
    }

    #[test]
    fn a_token_ahead_of_the_row_is_current_and_the_row_catches_up() {
        assert_eq!(
            decide(7, state(5, Some(1)), NOW, GRACE),
            Verdict::Rotate {
                expected: 5,
                next: 8
            }
        );
    }

    #[test]
    fn an_ended_session_renews_nothing() {
        let ended = CounterState {
            live: false,
            ..state(5, None)
        };
        assert_eq!(decide(5, ended, NOW, GRACE), Verdict::Ended);
    }

    #[test]
    fn zero_grace_means_every_renewal_rotates() {
        assert_eq!(
            decide(5, state(5, Some(0)), NOW, 0),
            Verdict::Rotate {
                expected: 5,
                next: 6
            }
        );
        assert_eq!(decide(4, state(5, Some(0)), NOW, 0), Verdict::Reused);
    }
}
