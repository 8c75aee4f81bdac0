-- Token buckets: failed sign-ins and registrations.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY NOT NULL,
    tokens DOUBLE NOT NULL,
    updated_at BIGINT NOT NULL
);
