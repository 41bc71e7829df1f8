-- Long rolling windows counted in buckets (bench chaos: a grant counted every request of the last hour and
-- day under the credential's lock, so the longer a run went the slower every grant was, down to 5 photos/s).
--
-- An answered row (owner 0) of a window at least 10 minutes long is merged, 30 s after its answer, into its
-- window's bucket row: one row per bucket of 1/120 of the window (30 s of an hour, 12 minutes of a day) with
-- weight = the requests it stands for, merged_from = the bucket's start and release_at = the bucket's end.
-- It occupies the window until its latest possible member leaves, so a window never counts fewer requests
-- than it holds; at most one bucket's requests (1/120 of the window) are held a little longer than needed.
-- A count of a window is the sum of weight (1 for every row not merged).
ALTER TABLE quota_request
    ADD COLUMN weight       integer     NOT NULL DEFAULT 1 CHECK (weight >= 1),
    ADD COLUMN merged_from  timestamptz;
CREATE UNIQUE INDEX quota_request_bucket ON quota_request (credential_id, window_name, release_at)
    WHERE merged_from IS NOT NULL;
