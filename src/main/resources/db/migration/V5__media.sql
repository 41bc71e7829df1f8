-- Photo download state beside each photo's desired state (listing_media), and the derivatives made
-- from each stored original. Replication writes the desired state; the media workers write the rest.
-- A new photo, or one whose MediaModificationTimestamp (or, lacking one, MediaURL) changed, is
-- 'pending' as soon as its page commits: that committed state, not a queue entry, is the durable
-- truth, so no crash between a commit and the scheduling of its media task can lose a photo.
ALTER TABLE listing_media
    ADD COLUMN state           text        NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'stored', 'failed', 'gone')),
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,
    ADD COLUMN last_error      text,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN content_type    text,
    ADD COLUMN bytes           bigint,
    ADD COLUMN width           integer,
    ADD COLUMN height          integer,
    ADD COLUMN sha256          text,
    ADD COLUMN object_key      text,
    ADD COLUMN local_url       text,
    ADD COLUMN stored_at       timestamptz,
    -- the URL last fetched and when (providers that allow one fetch per signed URL per window)
    ADD COLUMN fetched_url     text,
    ADD COLUMN fetched_at      timestamptz,
    -- when every derivative of the stored original was made; null = still to make
    ADD COLUMN derivatives_at  timestamptz;

-- What the media sweep looks for; small, because stored photos leave it.
CREATE INDEX listing_media_pending_idx ON listing_media (feed_id, listing_key) WHERE state = 'pending';
-- Identical bytes are stored once: a new original first looks for a stored object with its digest.
CREATE INDEX listing_media_sha256_idx ON listing_media (sha256) WHERE sha256 IS NOT NULL;
-- Stored originals whose derivatives are still to be made (the sweep re-queues those a crash lost).
CREATE INDEX listing_media_derivatives_due_idx ON listing_media (stored_at)
    WHERE state = 'stored' AND derivatives_at IS NULL;
CREATE INDEX listing_media_object_idx ON listing_media (object_key) WHERE object_key IS NOT NULL;

CREATE TABLE media_derivative (
    feed_id     text COLLATE "C" NOT NULL,
    media_key   text COLLATE "C" NOT NULL,
    -- e.g. 'w320', 'w800', 'w1600' (JPEG) and 'w1600-webp'
    variant     text COLLATE "C" NOT NULL,
    object_key  text        NOT NULL,
    local_url   text        NOT NULL,
    content_type text       NOT NULL,
    width       integer     NOT NULL,
    height      integer     NOT NULL,
    bytes       bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (feed_id, media_key, variant),
    FOREIGN KEY (feed_id, media_key) REFERENCES listing_media (feed_id, media_key) ON DELETE CASCADE
);
CREATE INDEX media_derivative_object_idx ON media_derivative (object_key);
