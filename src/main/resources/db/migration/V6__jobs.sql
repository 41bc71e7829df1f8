-- Jobs: every manual or scheduled unit of work (a sync, a partial sync, a dry run, media, reconcile).
-- A job row is inserted in the same transaction as its db-scheduler execution (scheduled_tasks, task
-- 'job', instance = job id), so a job can neither be lost nor run without its row.
CREATE TABLE job (
    id                bigserial   PRIMARY KEY,
    feed_id           text COLLATE "C"        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('incremental', 'full', 'media', 'reconcile')),
    resource          text,
    listing_keys      text[],
    filter            text,
    dry_run           boolean     NOT NULL DEFAULT false,
    status            text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    trigger           text        NOT NULL CHECK (trigger IN ('manual', 'schedule')),
    priority          integer     NOT NULL,
    records_done      bigint      NOT NULL DEFAULT 0,
    records_total     bigint,
    pages             integer     NOT NULL DEFAULT 0,
    media_done        bigint      NOT NULL DEFAULT 0,
    media_total       bigint,
    added             integer     NOT NULL DEFAULT 0,
    updated           integer     NOT NULL DEFAULT 0,
    deleted           integer     NOT NULL DEFAULT 0,
    unchanged         integer     NOT NULL DEFAULT 0,
    failed            integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    started_at        timestamptz,
    finished_at       timestamptz,
    error             text,
    note              text,
    cancel_requested  boolean     NOT NULL DEFAULT false,
    worker            text,
    attempts          integer     NOT NULL DEFAULT 0,
    run_ids           bigint[]    NOT NULL DEFAULT '{}'
);
CREATE INDEX job_feed_idx ON job (feed_id, created_at DESC);
CREATE INDEX job_open_idx ON job (feed_id, kind) WHERE status IN ('queued', 'running');

-- A partial sync (named listings or a filter) is recorded as a run of its own kind: it never moves the cursor.
ALTER TABLE sync_run DROP CONSTRAINT sync_run_kind_check;
ALTER TABLE sync_run ADD CONSTRAINT sync_run_kind_check CHECK (kind IN ('full', 'incremental', 'partial'));
