//! The tables, as Diesel sees them (the same on PostgreSQL and SQLite).

diesel::table! {
    users (id) {
        id -> Integer,
        username -> Text,
        password_hash -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Integer,
        refresh_counter -> BigInt,
        refresh_nonce -> Text,
        rotated_at -> Nullable<BigInt>,
        created_at -> BigInt,
        last_renewed_at -> BigInt,
        idle_expires_at -> BigInt,
        absolute_expires_at -> BigInt,
        revoked_at -> Nullable<BigInt>,
        revoked_reason -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    notes (id) {
        id -> Integer,
        user_id -> Integer,
        body -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        tokens -> Double,
        updated_at -> BigInt,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(notes -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, sessions, notes, rate_limits);

diesel::define_sql_function! {
    /// The database's clock in Unix milliseconds: every expiry is judged by
    /// it, never by an instance's own clock.
    fn now_ms() -> BigInt;
}

diesel::numeric_expr!(now_ms_utils::now_ms);
