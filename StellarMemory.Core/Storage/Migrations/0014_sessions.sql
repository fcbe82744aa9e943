-- Browser sessions opened by a sign-in link. Only the SHA-256 of the cookie's token is kept; a session slides
-- (expires_at moves on with use) and is revoked by deleting its row.
CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expired ON sessions (expires_at);
