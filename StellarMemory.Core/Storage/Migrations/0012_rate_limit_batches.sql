-- A rate-limit statement may count several requests of one instance at once and admit only as many as fit:
-- it records how many it admitted, so the instance can tell which of its waiting requests got through (the
-- new total alone cannot say whether a batch that reached the limit was admitted whole or in part).
ALTER TABLE rate_limit_windows ADD COLUMN last_admitted integer NOT NULL DEFAULT 1;
