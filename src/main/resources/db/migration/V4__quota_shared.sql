-- Quotas shared by every process, counted in rolling windows (issue 3, second part).
--
-- quota_request replaces quota_window's fixed windows: one row per request and window it counts in
-- ('requests/second', 'requests/minute', 'requests/hour', 'requests/day', 'media/minute', 'media/hour',
-- 'media/day', and 'adaptive' while the rate is slowed down). A row occupies its window until
-- release_at + the window's length. While the request is in flight release_at is provisional (sent + 2
-- minutes) and owner names the process-local quota instance that sent it; its answer (or failure)
-- sets release_at to the answer time and owner to 0. The provider saw the request at or before its
-- answer, so at most `limit` rows occupying a window means at most `limit` requests arrived in any
-- interval of that length, whatever the provider's window alignment.
CREATE TABLE quota_request (
    credential_id  text COLLATE "C" NOT NULL REFERENCES quota_credential (credential_id) ON DELETE CASCADE,
    window_name    text COLLATE "C" NOT NULL,
    release_at     timestamptz NOT NULL,
    owner          bigint      NOT NULL DEFAULT 0
);
CREATE INDEX quota_request_window ON quota_request (credential_id, window_name, release_at);
CREATE INDEX quota_request_in_flight ON quota_request (credential_id, owner, window_name, release_at)
    WHERE owner <> 0;

-- Response bytes per credential and minute, for bytesPerHour (summed over the last 61 minutes).
CREATE TABLE quota_bytes (
    credential_id  text COLLATE "C" NOT NULL REFERENCES quota_credential (credential_id) ON DELETE CASCADE,
    minute_start   timestamptz NOT NULL,
    bytes          bigint      NOT NULL CHECK (bytes >= 0),
    PRIMARY KEY (credential_id, minute_start)
);

DROP TABLE quota_window;

ALTER TABLE quota_credential
    -- highest rate (requests/s) the adaptive rate recovers to after a 429, and when it was set or last raised
    ADD COLUMN learned_rate  double precision,
    ADD COLUMN learned_at    timestamptz,
    -- last multiplicative decrease: answers to requests sent before it do not decrease again
    ADD COLUMN decreased_at  timestamptz,
    -- breaker half-open: the quota instance whose probe is in flight, and until when it may be
    ADD COLUMN probe_owner   bigint NOT NULL DEFAULT 0,
    ADD COLUMN probe_until   timestamptz,
    -- "credential used elsewhere": the provider's quota headers counted more than this database did
    ADD COLUMN warning       text,
    ADD COLUMN warning_at    timestamptz;

-- Dead letters: work that failed for good, for an operator to see (`mlsync errors`) and re-queue
-- (`mlsync errors retry`). kind 'page': a run that failed after its page fetch exhausted its retries (or
-- failed for good, e.g. on authentication); the next run resumes from the run's last committed cursor.
-- kind 'record': a record quarantined in sync_error (a data error, never retried automatically); once
-- re-queued it is stored again when the next run (incremental after it changes, or --full) brings it.
-- state: 'open' = listed; 'requeued' = an operator asked for it again; 'done' = a later run succeeded
-- for the page's resource, or the record's sync_error was resolved.
CREATE TABLE dead_letter (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('page', 'record')),
    feed_id       text COLLATE "C" NOT NULL,
    resource      text COLLATE "C" NOT NULL,
    record_key    text COLLATE "C",
    run_id        bigint UNIQUE,
    error_id      bigint UNIQUE,
    category      text NOT NULL,
    message       text NOT NULL,
    state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'requeued', 'done')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX dead_letter_feed_state ON dead_letter (feed_id, state);
