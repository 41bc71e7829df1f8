-- Request quotas, shared by every process on this database. A credential is identified by
-- credential_id, a digest of provider, service root and secret (never the secret itself), so two
-- feeds or two deployments on one token count against the same windows.
-- Every writer first locks the credential's quota_credential row (SELECT ... FOR UPDATE), which
-- serialises all changes to that credential's windows across processes.

CREATE TABLE quota_credential (
    credential_id        text COLLATE "C" PRIMARY KEY,
    -- the provider asked us to wait (Retry-After) until this instant
    blocked_until        timestamptz,
    -- the breaker is open until this instant (consecutive 429s)
    suspended_until      timestamptz,
    consecutive_limited  integer NOT NULL DEFAULT 0 CHECK (consecutive_limited >= 0),
    -- the adaptive rate in requests per second last set by a process; null = at the ceiling
    adaptive_rate        double precision,
    updated_at           timestamptz NOT NULL
);

-- One fixed, epoch-aligned window per credential and window name ('requests/minute',
-- 'requests/hour', 'requests/day', 'media/minute', 'media/hour'): a row whose window_start is not
-- the current window's start counts as 0 used.
CREATE TABLE quota_window (
    credential_id  text COLLATE "C" NOT NULL REFERENCES quota_credential (credential_id) ON DELETE CASCADE,
    window_name    text COLLATE "C" NOT NULL,
    window_start   timestamptz NOT NULL,
    used           bigint      NOT NULL CHECK (used >= 0),
    PRIMARY KEY (credential_id, window_name)
);
