-- Every admin action: who, when, what, on what, and why. Append-only: a trigger refuses every change and removal,
-- so the record of what support did stays as it was written.
CREATE TABLE admin_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor       text NOT NULL,
    action      text NOT NULL,
    target      text NOT NULL,
    reason      text NOT NULL CHECK (length(btrim(reason)) > 0),
    details     jsonb NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL
);
CREATE INDEX admin_audit_target ON admin_audit (target, id);

CREATE FUNCTION admin_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_audit is append-only: % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION admin_audit_refuse_change();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
    FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_refuse_change();

-- A plan support grants without payment, until a date: a source of the account's tier beside its subscriptions.
-- expired_at marks that the expiry timer has recomputed the tier after ends_at.
CREATE TABLE complimentary_plans (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    plan        text NOT NULL CHECK (plan IN ('pro', 'team')),
    ends_at     timestamptz NOT NULL,
    granted_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    expired_at  timestamptz
);
CREATE INDEX complimentary_plans_account ON complimentary_plans (account_id);
CREATE INDEX complimentary_plans_due ON complimentary_plans (ends_at) WHERE expired_at IS NULL;

-- A suspended account's keys are refused (403 account-suspended) until support restores it.
ALTER TABLE accounts ADD COLUMN suspended_at timestamptz;
