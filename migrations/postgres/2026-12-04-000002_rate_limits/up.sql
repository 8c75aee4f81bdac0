-- Token buckets shared by every instance: failed sign-ins and registrations.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    updated_at BIGINT NOT NULL
);
