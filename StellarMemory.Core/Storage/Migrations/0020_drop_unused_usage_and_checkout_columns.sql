-- Schema nothing reads. usage_monthly only repeated usage_daily, which is kept and is what usage reports, exports and
-- deletions use; the nightly job now only enforces retention. billing_checkouts.external_id was never written: a
-- checkout is found by its own id, which the provider echoes back.
DROP TABLE usage_monthly;
ALTER TABLE billing_checkouts DROP COLUMN external_id;
