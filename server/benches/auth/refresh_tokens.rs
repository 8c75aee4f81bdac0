//! The refresh token: parsed and MAC-checked on every renewal, minted and
//! encoded for the rotated cookie.

use std::hint::black_box;

use criterion::Criterion;
use silent_renew::auth::refresh_token::{RefreshNonce, RefreshToken};

use super::fixtures;

pub fn bench(c: &mut Criterion) {
    let keys = fixtures::key_ring();
    let retired_keys = fixtures::retired_key_ring();
    let session = fixtures::session();
    let token = RefreshToken::mint(keys.current(), session.id, session.counter, &session.nonce);
    let retired_token = RefreshToken::mint(
        retired_keys.current(),
        session.id,
        session.counter,
        &session.nonce,
    );
    let cookie = token.encode();
    let nonce_hex = session.nonce.to_hex();

    let mut group = c.benchmark_group("refresh token (HMAC-SHA256)");
    group.bench_function("mint", |b| {
        b.iter(|| {
            RefreshToken::mint(
                black_box(keys.current()),
                black_box(session.id),
                black_box(session.counter),
                black_box(&session.nonce),
            )
        })
    });
    group.bench_function("encode", |b| b.iter(|| black_box(&token).encode()));
    group.bench_function("parse", |b| {
        b.iter(|| RefreshToken::parse(black_box(&cookie)))
    });
    group.bench_function("nonce from the row (hex)", |b| {
        b.iter(|| RefreshNonce::from_hex(black_box(&nonce_hex)))
    });
    group.bench_function("MAC check, current key", |b| {
        b.iter(|| black_box(&token).is_authentic(&keys, black_box(&session.nonce)))
    });
    group.bench_function("MAC check, retired key (two MACs)", |b| {
        b.iter(|| black_box(&retired_token).is_authentic(&keys, black_box(&session.nonce)))
    });
    group.bench_function("MAC check, forged (every key tried)", |b| {
        let other = RefreshNonce::random();
        b.iter(|| black_box(&token).is_authentic(&keys, black_box(&other)))
    });
    group.finish();
}
