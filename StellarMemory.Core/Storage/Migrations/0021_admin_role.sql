-- Admins are accounts with this role, granted and revoked on the server's command line (`admin grant <email>`). Each
-- admin request reads it, so a revocation holds from the next request; deleting the account removes the role.
CREATE TABLE admin_roles (
    account_id  uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    granted_at  timestamptz NOT NULL
);

-- Who acted is now an admin's account: its id here, its email in actor (as it was when it acted). No foreign key: the
-- audit outlives the account, and is append-only, so no cascade may touch it. Earlier rows keep the token's label.
ALTER TABLE admin_audit ADD COLUMN actor_account_id uuid;
CREATE INDEX admin_audit_actor ON admin_audit (actor_account_id, id) WHERE actor_account_id IS NOT NULL;
