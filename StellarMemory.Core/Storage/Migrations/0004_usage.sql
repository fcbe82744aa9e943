-- Raw metered requests, kept for the retention period.
CREATE TABLE usage_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  uuid NOT NULL,
    key_id      uuid NOT NULL,
    function    text NOT NULL,
    status      smallint NOT NULL,
    latency_ms  real NOT NULL,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX usage_events_occurred_at ON usage_events (occurred_at);

-- Batches already applied, so a redelivered batch counts nothing twice.
CREATE TABLE usage_batches (
    batch_id    uuid PRIMARY KEY,
    applied_at  timestamptz NOT NULL
);

CREATE TABLE usage_daily (
    account_id       uuid NOT NULL,
    day              date NOT NULL,
    function         text NOT NULL,
    requests         bigint NOT NULL,
    errors           bigint NOT NULL,
    latency_ms_total double precision NOT NULL,
    PRIMARY KEY (account_id, day, function)
);

CREATE TABLE usage_monthly (
    account_id uuid NOT NULL,
    month      date NOT NULL,
    function   text NOT NULL,
    requests   bigint NOT NULL,
    errors     bigint NOT NULL,
    PRIMARY KEY (account_id, month, function)
);
