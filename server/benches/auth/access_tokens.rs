//! The access token: issued on every sign-in and renewal, verified on every
//! protected request (the stateless `verify_token`).

use std::hint::black_box;

use criterion::Criterion;

use super::fixtures::{self, USER, USERNAME};

pub fn bench(c: &mut Criterion) {
    let tokens = fixtures::access_tokens(fixtures::key_ring());
    let retired = fixtures::access_tokens(fixtures::retired_key_ring());
    let session = fixtures::session();
    let now = fixtures::now_secs();
    let ends = fixtures::session_ends_at();
    let (token, _) = tokens.issue(USER, USERNAME, session.id, session.counter, now, ends);
    let (retired_token, _) = retired.issue(USER, USERNAME, session.id, session.counter, now, ends);
    assert!(tokens.verify(retired_token.as_str()).is_ok());

    let mut group = c.benchmark_group("access token (HS256 JWT)");
    group.bench_function("issue", |b| {
        b.iter(|| {
            tokens.issue(
                black_box(USER),
                black_box(USERNAME),
                black_box(session.id),
                black_box(session.counter),
                black_box(now),
                black_box(ends),
            )
        })
    });
    group.bench_function("verify", |b| {
        b.iter(|| tokens.verify(black_box(token.as_str())))
    });
    group.bench_function("verify, signed by a retired key", |b| {
        b.iter(|| tokens.verify(black_box(retired_token.as_str())))
    });
    group.bench_function("verify, bad signature", |b| {
        let mut forged = token.as_str().to_owned();
        let last = forged
            .pop()
            .map_or('A', |c| if c == 'A' { 'B' } else { 'A' });
        forged.push(last);
        b.iter(|| tokens.verify(black_box(&forged)))
    });
    group.finish();
}
