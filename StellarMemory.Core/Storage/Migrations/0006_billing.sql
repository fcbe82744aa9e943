-- The provider-side customer of each account: how an incoming event finds its account.
CREATE TABLE billing_customers (
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider    text NOT NULL,
    customer_id text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, provider),
    UNIQUE (provider, customer_id)
);

-- Every checkout we started; a webhook must name one of these to bind a new subscription to an account.
CREATE TABLE billing_checkouts (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider    text NOT NULL,
    plan        text NOT NULL,
    external_id text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE subscriptions (
    id                       uuid PRIMARY KEY,
    account_id               uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider                 text NOT NULL,
    provider_subscription_id text NOT NULL,
    plan                     text NOT NULL,
    status                   text NOT NULL,
    current_period_end       timestamptz,
    cancel_at_period_end     boolean NOT NULL DEFAULT false,
    past_due_since           timestamptz,
    portal_url               text,
    -- Toss only: the billing key, AES-GCM encrypted, and renewal bookkeeping.
    billing_key_encrypted    bytea,
    customer_key             text,
    renewal_failures         integer NOT NULL DEFAULT 0,
    next_charge_at           timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    UNIQUE (provider, provider_subscription_id)
);
CREATE INDEX subscriptions_account ON subscriptions (account_id);
CREATE INDEX subscriptions_due ON subscriptions (provider, next_charge_at) WHERE status IN ('active', 'past_due');

-- Verified webhooks, each stored once; the queue carries only the id.
CREATE TABLE webhook_events (
    id           uuid PRIMARY KEY,
    provider     text NOT NULL,
    event_id     text NOT NULL,
    event_type   text NOT NULL,
    payload      text NOT NULL,
    received_at  timestamptz NOT NULL,
    processed_at timestamptz,
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    UNIQUE (provider, event_id)
);

-- Toss charges, one per subscription and billing period: what makes renewals idempotent.
CREATE TABLE toss_charges (
    order_id        text PRIMARY KEY,
    subscription_id uuid,
    account_id      uuid NOT NULL,
    period_start    timestamptz NOT NULL,
    amount          bigint NOT NULL,
    status          text NOT NULL,
    payment_key     text,
    failure         text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- Every change of a subscription, with amounts where money moved.
CREATE TABLE subscription_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id uuid NOT NULL,
    account_id      uuid NOT NULL,
    kind            text NOT NULL,
    status          text NOT NULL,
    plan            text NOT NULL,
    amount          bigint,
    currency        text,
    source          text,
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX subscription_events_subscription ON subscription_events (subscription_id, id);
