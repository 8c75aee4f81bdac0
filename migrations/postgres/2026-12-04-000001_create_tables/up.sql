-- Times are Unix milliseconds, always taken from the database's own clock
-- (now_ms()), so several instances never disagree about an expiry.
CREATE FUNCTION now_ms() RETURNS BIGINT
    LANGUAGE sql STABLE
    AS $$ SELECT (extract(epoch FROM now()) * 1000)::BIGINT $$;

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- No refresh token, nor a hash of one, is kept: a token is a MAC over
-- (id, refresh_counter, refresh_nonce) under a key the database never sees.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    refresh_counter BIGINT NOT NULL,
    refresh_nonce TEXT NOT NULL,
    rotated_at BIGINT,
    created_at BIGINT NOT NULL,
    last_renewed_at BIGINT NOT NULL,
    idle_expires_at BIGINT NOT NULL,
    absolute_expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_reason TEXT,
    user_agent TEXT,
    ip TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_absolute_expiry ON sessions (absolute_expires_at);

CREATE TABLE notes (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX notes_by_user ON notes (user_id, id);
