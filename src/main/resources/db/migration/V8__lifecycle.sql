-- The listing lifecycle (issue 7): user overrides beside the replica (never in it), conflicts between
-- an override and the MLS, and the change-event outbox. All three are written in the same transaction
-- as the change they describe.

-- A user's local edit of one field of one listing. The listing table keeps the pure MLS copy; the
-- listing_effective view shows MLS values with these applied.
CREATE TABLE listing_override (
    feed_id      text COLLATE "C" NOT NULL,
    listing_key  text COLLATE "C" NOT NULL,
    field        text COLLATE "C" NOT NULL,  -- RESO field name as the MLS sends it, e.g. ListPrice
    value        jsonb       NOT NULL,       -- the local value (any JSON value, null included)
    mls_value    jsonb,                      -- the MLS value when the override was set or last reconciled
    set_by       text        NOT NULL,
    set_at       timestamptz NOT NULL,
    PRIMARY KEY (feed_id, listing_key, field)
);

-- Both sides of a disagreement between an override and the MLS. kind: field_changed (the MLS changed an
-- overridden field; field names it), listing_deleted, listing_withdrawn, listing_purged (the whole
-- listing; field is NULL). policy is the feed's policy when it opened (mls-wins, local-wins, manual);
-- mls-wins and local-wins resolve at once, manual stays open until resolved with keep = mls | local.
CREATE TABLE listing_conflict (
    id           bigserial   PRIMARY KEY,
    feed_id      text COLLATE "C" NOT NULL,
    listing_key  text COLLATE "C" NOT NULL,
    field        text COLLATE "C",
    kind         text        NOT NULL,
    local_value  jsonb,
    mls_before   jsonb,
    mls_value    jsonb,
    policy       text        NOT NULL,
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution   text        CHECK (resolution IN ('mls', 'local')),
    resolved_by  text,
    opened_at    timestamptz NOT NULL,
    resolved_at  timestamptz
);
CREATE UNIQUE INDEX listing_conflict_open_idx ON listing_conflict (feed_id, listing_key, COALESCE(field, ''))
    WHERE status = 'open';
CREATE INDEX listing_conflict_recent_idx ON listing_conflict (feed_id, opened_at DESC);

-- The outbox: one row per change, written in the change's transaction. kind is one of created, updated
-- (fields = changed field names), status_changed (data: from, to), deleted, restored, purged,
-- media_changed (data: counts), conflict_opened, conflict_resolved. id orders events; tx lets a reader
-- expose only events of transactions that can no longer commit below it (see EventStore), so a
-- consumer reading "after id N" never misses an event committed late with a smaller id. event_id is
-- what receivers de-duplicate on (delivery is at least once).
CREATE TABLE change_event (
    id           bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    tx           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    feed_id      text COLLATE "C" NOT NULL,
    resource     text COLLATE "C" NOT NULL,
    record_key   text COLLATE "C" NOT NULL,
    kind         text COLLATE "C" NOT NULL,
    fields       text[],
    data         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_event_feed_idx ON change_event (feed_id, id);
CREATE INDEX change_event_record_idx ON change_event (feed_id, record_key, id);
