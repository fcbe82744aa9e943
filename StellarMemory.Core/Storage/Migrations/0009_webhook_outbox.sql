-- The webhook row is the commitment (an outbox): when its next attempt is due, and when it was given up on.
-- A sweeper enqueues every unprocessed row whose attempt is overdue, so no acknowledged event waits on a
-- queue message that was never sent or was lost.
ALTER TABLE webhook_events ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE webhook_events ADD COLUMN failed_at timestamptz;
UPDATE webhook_events SET next_attempt_at = received_at WHERE processed_at IS NULL;
CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at) WHERE processed_at IS NULL AND failed_at IS NULL;
