-- Alerts (mlsync serve): one row per episode of a rule's condition on a feed (and subject, e.g. a
-- resource). The partial unique index makes "fire once per episode" hold across every process on the
-- database: only the process whose INSERT created the open row delivers it; later evaluations of the
-- same condition only touch last_seen_at. Resolving sets resolved_at, ending the episode.
CREATE TABLE alert (
    id            bigserial   PRIMARY KEY,
    rule          text COLLATE "C" NOT NULL,
    feed_id       text COLLATE "C" NOT NULL,
    subject       text COLLATE "C" NOT NULL DEFAULT '',
    message       text        NOT NULL,
    fired_at      timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    resolved_at   timestamptz
);
CREATE UNIQUE INDEX alert_open_idx ON alert (rule, feed_id, subject) WHERE resolved_at IS NULL;
CREATE INDEX alert_recent_idx ON alert (fired_at DESC);
