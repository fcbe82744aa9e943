-- One row per timer-triggered function: the last occurrence some instance claimed.
CREATE TABLE timer_schedules (
    timer_name      text PRIMARY KEY,
    last_occurrence timestamptz NOT NULL,
    next_occurrence timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
