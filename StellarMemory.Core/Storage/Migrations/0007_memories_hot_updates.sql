-- Recall rewrites recall_count, last_recalled_at and score on every hit. With no index on those columns
-- and free room on each page, PostgreSQL updates the row in place (HOT) instead of adding entries to
-- every index, the HNSW and GIN ones included.
DROP INDEX memories_account_zone_score;
CREATE INDEX memories_account_zone ON memories (account_id, zone);

DO $$
DECLARE partition_name text;
BEGIN
    FOR partition_name IN SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'memories'::regclass LOOP
        EXECUTE format('ALTER TABLE %s SET (fillfactor = 85)', partition_name);
    END LOOP;
END
$$;
