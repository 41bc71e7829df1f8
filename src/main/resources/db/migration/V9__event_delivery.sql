-- Change-event reading and webhook delivery (issue 7). Readers page change_event in (tx, id) order: every
-- transaction that can still commit has tx >= pg_snapshot_xmin(pg_current_snapshot()), so exposing only
-- events below that bound, in that order, means a later commit never lands behind a reader's position.
-- (Plain id order cannot promise that: ids are taken at insert, not at commit.)
CREATE INDEX change_event_order_idx ON change_event (tx, id);

-- One row per configured event webhook: how far it has been delivered (the (tx, id) position of the last
-- delivered event), its retry state, and the lease that lets exactly one process deliver it at a time.
-- webhook_key is the SHA-256 of the URL, never the URL itself (webhook URLs can be credentials).
CREATE TABLE event_webhook (
    webhook_key      text COLLATE "C" PRIMARY KEY,
    delivered_tx     xid8        NOT NULL,
    delivered_id     bigint      NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz,
    lease_owner      text,
    lease_until      timestamptz,
    seen_at          timestamptz NOT NULL,
    created_at       timestamptz NOT NULL
);
