-- AND of many term queries: "all of these terms". Deduplication finds a new memory's twins through the keyword
-- index by the words they must share, which is exact, where the vector index is approximate.
CREATE AGGREGATE stellar_all_terms(tsquery) (SFUNC = tsquery_and, STYPE = tsquery);
