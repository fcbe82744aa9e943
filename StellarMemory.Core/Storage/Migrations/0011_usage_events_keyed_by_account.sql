-- Usage events are an account's rows like its memories: keyed by account first, so that a database sharded by
-- account_id (Citus, Azure's elastic clusters) can keep each account's events on the account's node.
ALTER TABLE usage_events DROP CONSTRAINT usage_events_pkey;
ALTER TABLE usage_events ADD PRIMARY KEY (account_id, id);
