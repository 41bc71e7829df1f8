-- Per-feed derivative settings (feeds[].media.derivatives / webp / jpegQuality). Each photo records the
-- settings its derivatives were made with, and each feed the settings last applied to it: when a feed's
-- settings change, its photos made under other settings get derivatives_at = NULL, so the media sweep makes
-- them again (and the derivative objects no longer wanted are deleted when the new ones are recorded).
ALTER TABLE listing_media
    -- DerivativeSettings.spec() of the settings the derivatives were made with, e.g. '320,800,1600;webp;q0.82';
    -- null for derivatives made before V14 (they count as made with the settings first applied after it)
    ADD COLUMN derivative_spec text;

CREATE TABLE feed_derivative_spec (
    feed_id    text COLLATE "C" PRIMARY KEY,
    spec       text        NOT NULL,
    applied_at timestamptz NOT NULL
);
