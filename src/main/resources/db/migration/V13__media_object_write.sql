-- Objects the database may not know: every object write is recorded here (committed) before its bytes go
-- to the object store, and the row is removed in the same transaction that records the object in
-- listing_media / media_derivative. An object whose references were dropped (a gone photo purged, an
-- original replaced under another key, a corrupt original) gets a row too, due at once. The media sweep
-- resolves rows due before now: an object still referenced stays; an original a pending photo still wants,
-- with the bytes it was written with, is adopted (marked stored); anything else is deleted. So a SIGKILL
-- between a write and its row leaves no object that no row knows.
CREATE TABLE media_object_write (
    id            bigserial PRIMARY KEY,
    object_key    text        NOT NULL,
    -- 'original' (with the photo and what it was written with, for adoption), 'derivative' or 'release'
    kind          text        NOT NULL CHECK (kind IN ('original', 'derivative', 'release')),
    feed_id       text COLLATE "C",
    media_key     text COLLATE "C",
    media_url     text,
    media_modification_timestamp timestamptz,
    content_type  text,
    bytes         bigint,
    width         integer,
    height        integer,
    sha256        text,
    local_url     text,
    created_at    timestamptz NOT NULL,
    -- the sweep leaves a write alone until then (media.abandonedWriteSeconds after it began)
    due_at        timestamptz NOT NULL
);
CREATE INDEX media_object_write_key_idx ON media_object_write (object_key);
CREATE INDEX media_object_write_due_idx ON media_object_write (due_at);
