-- The keyword index, keyed by account first. A partition holds the memories of many accounts, and an index on the
-- terms alone finds a term's memories in every one of them: a recall or a store's twin search then reads the whole
-- partition's posting list for the term and intersects it with the account's rows. With 211,000 memories of 101
-- other accounts in the partition, the keyword search of a 200-memory account for a term 79,000 of them hold took
-- 15.2 ms; with the account in the index (btree_gin gives uuid a GIN operator class), 0.57 ms, and the same for an
-- account of 10,000 (4.6 and 4.1 ms). Searches by terms alone, which nothing sends, could still use it.
-- Built here under a lock that holds back stores (about 5 s per million memories). A large database can build it
-- beforehand without one: CREATE INDEX ... ON ONLY memories, then each partition's CONCURRENTLY, attached to it;
-- this then finds it and goes on.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS memories_account_terms ON memories USING gin (account_id, terms) WITH (fastupdate = off);
DROP INDEX IF EXISTS memories_terms;
