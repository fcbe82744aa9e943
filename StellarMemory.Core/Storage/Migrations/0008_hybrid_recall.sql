-- Hybrid recall: a language-aware keyword index with per-account term statistics (for BM25's inverse
-- document frequency), the order memories were stored in (so a turn of a conversation can be read with
-- its neighbours), and the model that embedded each memory (vectors of different models never meet).

-- Latin and other space-separated scripts go through the `english` configuration (stemming, stop words).
-- Hangul, kana and CJK ideographs are written without spaces between words, or with particles glued to
-- them, so they are indexed as overlapping character bigrams instead (a run of one character as itself):
-- "결제를" and "결제가" share "결제". Both halves are one tsvector, so one GIN index serves every language.
CREATE FUNCTION stellar_cjk_pattern() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF\uF900-\uFAFF]+';

CREATE FUNCTION stellar_cjk_bigrams(content text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT COALESCE(string_agg(substr(m.run[1], i, 2), ' ' ORDER BY m.ord, i), '')
    FROM regexp_matches(content, stellar_cjk_pattern(), 'g') WITH ORDINALITY AS m(run, ord)
    CROSS JOIN LATERAL generate_series(1, GREATEST(char_length(m.run[1]) - 1, 1)) AS i
);

CREATE FUNCTION stellar_terms(content text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_tsvector('english'::regconfig, regexp_replace(content, stellar_cjk_pattern(), ' ', 'g'))
    || to_tsvector('simple'::regconfig, stellar_cjk_bigrams(content));

-- A query that matches one stored term exactly (no normalisation: the term is already a lexeme).
CREATE FUNCTION stellar_term_query(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ('''' || replace(replace(term, '\', '\\'), '''', '''''') || '''')::tsquery;

-- OR of many term queries: "any of these terms".
CREATE AGGREGATE stellar_any_term(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);

ALTER TABLE memories DROP COLUMN content_tsv;
ALTER TABLE memories ADD COLUMN terms tsvector GENERATED ALWAYS AS (stellar_terms(content)) STORED;
-- Without the pending list, a search never has to scan recent unindexed entries: steadier recall latency for
-- slightly dearer inserts.
CREATE INDEX memories_terms ON memories USING gin (terms) WITH (fastupdate = off);

-- Store order: one sequence for all accounts; stores of one account take turns on its quota row, so
-- within an account the order is the order the memories were stored in.
CREATE SEQUENCE memories_seq AS bigint;
ALTER TABLE memories ADD COLUMN seq bigint;
UPDATE memories m SET seq = o.n
FROM (SELECT account_id, id, row_number() OVER (ORDER BY created_at, id) AS n FROM memories) o
WHERE m.account_id = o.account_id AND m.id = o.id;
SELECT setval('memories_seq', COALESCE((SELECT max(seq) FROM memories), 0) + 1, false);
ALTER TABLE memories ALTER COLUMN seq SET DEFAULT nextval('memories_seq');
ALTER TABLE memories ALTER COLUMN seq SET NOT NULL;
ALTER SEQUENCE memories_seq OWNED BY memories.seq;
CREATE INDEX memories_account_agent_seq ON memories (account_id, agent_id, seq);

-- Every memory stored so far was embedded by all-MiniLM-L6-v2.
ALTER TABLE memories ADD COLUMN embedding_model text NOT NULL DEFAULT 'all-minilm-l6-v2';
ALTER TABLE memories ALTER COLUMN embedding_model DROP DEFAULT;
CREATE INDEX memories_model_account ON memories (embedding_model, account_id);

-- How many of an account's memories contain each term (BM25's document frequency), kept exact by every
-- store, edit and forget in the same transaction. The number of memories is memory_quotas.memories.
CREATE TABLE memory_terms (
    account_id uuid NOT NULL,
    term       text NOT NULL,
    memories   integer NOT NULL CHECK (memories >= 0),
    PRIMARY KEY (account_id, term)
);

INSERT INTO memory_terms (account_id, term, memories)
SELECT m.account_id, t.term, count(*)
FROM memories m CROSS JOIN LATERAL unnest(tsvector_to_array(m.terms)) AS t(term)
GROUP BY m.account_id, t.term;
