//! Everything a rotating renewal computes besides HTTP and the store, in the
//! order `POST /auth/renew` does it: parse the cookie, read the nonce from
//! the row, check the MAC, decide, mint and encode the next refresh token,
//! issue the access token. Beside it, what one protected request computes
//! (`verify`), so the two request paths' CPU costs compare directly.

use std::hint::black_box;

use criterion::Criterion;
use silent_renew::auth::refresh_token::{RefreshNonce, RefreshToken};
use silent_renew::auth::renew::{CounterState, Verdict, decide};

use super::fixtures::{self, USER, USERNAME};

const GRACE_MS: i64 = 0;

pub fn bench(c: &mut Criterion) {
    let keys = fixtures::key_ring();
    let tokens = fixtures::access_tokens(keys.clone());
    let session = fixtures::session();
    let cookie =
        RefreshToken::mint(keys.current(), session.id, session.counter, &session.nonce).encode();
    let nonce_hex = session.nonce.to_hex();
    let now = fixtures::now_secs();
    let ends = fixtures::session_ends_at();
    let (access, _) = tokens.issue(USER, USERNAME, session.id, session.counter, now, ends);
    let state = CounterState {
        counter: session.counter,
        rotated_at: Some(now * 1000 - 15 * 60 * 1000),
        live: true,
    };

    let mut group = c.benchmark_group("request paths, CPU only");
    group.bench_function("renewal with rotation", |b| {
        b.iter(|| {
            let token = RefreshToken::parse(black_box(&cookie)).expect("our own cookie parses");
            let nonce = RefreshNonce::from_hex(black_box(&nonce_hex)).expect("our own nonce");
            assert!(token.is_authentic(&keys, &nonce));
            let Verdict::Rotate { next, .. } = decide(token.counter, state, now * 1000, GRACE_MS)
            else {
                unreachable!("a current token past the grace window rotates")
            };
            let refresh =
                RefreshToken::mint(keys.current(), token.session_id, next, &nonce).encode();
            let access = tokens.issue(USER, USERNAME, token.session_id, next, now, ends);
            (refresh, access)
        })
    });
    group.bench_function("protected request (verify)", |b| {
        b.iter(|| tokens.verify(black_box(access.as_str())))
    });
    group.finish();
}
