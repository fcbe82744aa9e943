-- Memories are hash-partitioned by account: a search names one account, so it is pruned to one
-- partition, whose HNSW index then holds about 1/16 of all rows rather than the whole table.
CREATE TABLE memories (
    id               uuid NOT NULL,
    account_id       uuid NOT NULL,
    agent_id         text NOT NULL,
    content          text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 10000),
    importance       real NOT NULL CHECK (importance BETWEEN 0 AND 1),
    metadata         jsonb NOT NULL DEFAULT '{}',
    embedding        vector(384) NOT NULL,
    zone             text NOT NULL,
    score            real NOT NULL,
    recall_count     integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    last_recalled_at timestamptz,
    updated_at       timestamptz NOT NULL,
    content_tsv      tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    PRIMARY KEY (account_id, id)
) PARTITION BY HASH (account_id);

CREATE TABLE memories_p00 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 0);
CREATE TABLE memories_p01 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 1);
CREATE TABLE memories_p02 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 2);
CREATE TABLE memories_p03 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 3);
CREATE TABLE memories_p04 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 4);
CREATE TABLE memories_p05 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 5);
CREATE TABLE memories_p06 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 6);
CREATE TABLE memories_p07 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 7);
CREATE TABLE memories_p08 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 8);
CREATE TABLE memories_p09 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 9);
CREATE TABLE memories_p10 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 10);
CREATE TABLE memories_p11 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 11);
CREATE TABLE memories_p12 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 12);
CREATE TABLE memories_p13 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 13);
CREATE TABLE memories_p14 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 14);
CREATE TABLE memories_p15 PARTITION OF memories FOR VALUES WITH (MODULUS 16, REMAINDER 15);

CREATE INDEX memories_embedding ON memories USING hnsw (embedding vector_cosine_ops);
CREATE INDEX memories_content_tsv ON memories USING gin (content_tsv);
CREATE INDEX memories_account_agent_created ON memories (account_id, agent_id, created_at);
CREATE INDEX memories_account_created ON memories (account_id, created_at, id);
CREATE INDEX memories_account_zone_score ON memories (account_id, zone, score DESC, id);

-- Counts that the plan's caps are checked against; the row lock on an account's quota row is what
-- makes concurrent stores of that account take turns, so no two can both pass a cap.
CREATE TABLE memory_quotas (
    account_id uuid PRIMARY KEY,
    memories   integer NOT NULL DEFAULT 0,
    agents     integer NOT NULL DEFAULT 0
);

CREATE TABLE memory_agents (
    account_id uuid NOT NULL,
    agent_id   text NOT NULL,
    memories   integer NOT NULL,
    PRIMARY KEY (account_id, agent_id)
);

-- Filtered vector search (one account of many in a partition) keeps its recall when the HNSW scan
-- may continue past ef_search candidates (pgvector 0.8 iterative scan).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET hnsw.iterative_scan = relaxed_order', current_database());
    EXECUTE format('ALTER DATABASE %I SET hnsw.ef_search = 100', current_database());
END
$$;
