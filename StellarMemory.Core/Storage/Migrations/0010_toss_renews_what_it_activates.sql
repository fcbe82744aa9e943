-- An active or past-due subscription that we charge ourselves (Toss) must carry what renews it: its billing key
-- and its next charge. Activation writes them in the same statement; this makes any other path impossible.
-- NOT VALID: it binds every write from now on without refusing the migration over an old row.
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_toss_renewable
    CHECK (provider <> 'toss' OR status NOT IN ('active', 'past_due')
           OR (billing_key_encrypted IS NOT NULL AND next_charge_at IS NOT NULL AND customer_key IS NOT NULL)) NOT VALID;
