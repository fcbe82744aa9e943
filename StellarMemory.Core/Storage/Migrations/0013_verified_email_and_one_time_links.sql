-- The language of the account's mail, and when its owner proved the address is theirs.
ALTER TABLE accounts
    ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'ko')),
    ADD COLUMN email_verified_at timestamptz;

-- Links we mail (verify the address, sign in, confirm deletion). Only the SHA-256 of a link's token is kept;
-- a link is used once (used_at) and only until expires_at.
CREATE TABLE account_links (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('verify-email', 'sign-in', 'delete-account')),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX account_links_account ON account_links (account_id);
CREATE INDEX account_links_expired ON account_links (expires_at);
