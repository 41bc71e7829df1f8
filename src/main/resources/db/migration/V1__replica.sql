-- mlsync replica schema. These tables are a public interface: users query them directly.
-- Every table is keyed by feed_id so one database holds many feeds. Keys use the "C" collation:
-- they are identifiers, compared byte by byte, which keeps their indexes fast whatever the database locale.

CREATE TABLE listing (
    feed_id                  text COLLATE "C"        NOT NULL,
    listing_key              text COLLATE "C"        NOT NULL,
    listing_id               text,
    standard_status          text,
    modification_timestamp   timestamptz NOT NULL,
    photos_change_timestamp  timestamptz,
    property_type            text,
    property_sub_type        text,
    list_price               numeric(14, 2),
    close_price              numeric(14, 2),
    street_number            text,
    street_name              text,
    street_suffix            text,
    unit_number              text,
    unparsed_address         text,
    city                     text,
    state_or_province        text,
    postal_code              text,
    county_or_parish         text,
    latitude                 double precision,
    longitude                double precision,
    bedrooms_total           integer,
    bathrooms_total          numeric(6, 2),
    living_area              numeric(12, 2),
    lot_size_acres           numeric(14, 4),
    lot_size_square_feet     numeric(16, 2),
    year_built               integer,
    list_agent_key           text,
    list_office_key          text,
    listing_contract_date    date,
    close_date               date,
    photos_count             integer,
    raw                      jsonb       NOT NULL,
    deleted_at               timestamptz,
    first_seen_at            timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, listing_key)
);
CREATE INDEX listing_modified_idx ON listing (feed_id, modification_timestamp);
CREATE INDEX listing_status_idx ON listing (feed_id, standard_status) WHERE deleted_at IS NULL;
CREATE INDEX listing_city_idx ON listing (feed_id, city) WHERE deleted_at IS NULL;

CREATE TABLE listing_media (
    feed_id                       text COLLATE "C"        NOT NULL,
    media_key                     text COLLATE "C"        NOT NULL,
    listing_key                   text COLLATE "C"        NOT NULL,
    position                      integer,
    media_url                     text,
    media_modification_timestamp  timestamptz,
    raw                           jsonb       NOT NULL,
    deleted_at                    timestamptz,
    updated_at                    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, media_key)
);
CREATE INDEX listing_media_listing_idx ON listing_media (feed_id, listing_key);

CREATE TABLE resource_record (
    feed_id                 text COLLATE "C"        NOT NULL,
    resource                text        NOT NULL,
    record_key              text COLLATE "C"        NOT NULL,
    modification_timestamp  timestamptz NOT NULL,
    raw                     jsonb       NOT NULL,
    deleted_at              timestamptz,
    first_seen_at           timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, resource, record_key)
);
CREATE INDEX resource_record_modified_idx ON resource_record (feed_id, resource, modification_timestamp);

-- Where each feed/resource stands. next_link is kept for providers whose nextLink is the cursor.
CREATE TABLE resource_cursor (
    feed_id          text COLLATE "C"        NOT NULL,
    resource         text        NOT NULL,
    cursor_timestamp timestamptz,
    cursor_key       text,
    next_link        text,
    run_id           bigint,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, resource)
);

CREATE TABLE sync_run (
    id                bigserial   PRIMARY KEY,
    feed_id           text COLLATE "C"        NOT NULL,
    resource          text        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('full', 'incremental')),
    trigger           text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz,
    pages             integer     NOT NULL DEFAULT 0,
    requests          integer     NOT NULL DEFAULT 0,
    bytes             bigint      NOT NULL DEFAULT 0,
    added             integer     NOT NULL DEFAULT 0,
    updated           integer     NOT NULL DEFAULT 0,
    deleted           integer     NOT NULL DEFAULT 0,
    unchanged         integer     NOT NULL DEFAULT 0,
    failed            integer     NOT NULL DEFAULT 0,
    media             integer     NOT NULL DEFAULT 0,
    cursor_before     text,
    cursor_after      text,
    error             text
);
CREATE INDEX sync_run_feed_idx ON sync_run (feed_id, resource, started_at DESC);

CREATE TABLE sync_error (
    id               bigserial   PRIMARY KEY,
    run_id           bigint      REFERENCES sync_run (id) ON DELETE SET NULL,
    feed_id          text COLLATE "C"        NOT NULL,
    resource         text        NOT NULL,
    record_key       text,
    category         text        NOT NULL,
    message          text        NOT NULL,
    payload_excerpt  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    resolved_at      timestamptz
);
CREATE INDEX sync_error_open_idx ON sync_error (feed_id, resource) WHERE resolved_at IS NULL;

CREATE TABLE listing_status_history (
    id           bigserial   PRIMARY KEY,
    feed_id      text COLLATE "C"        NOT NULL,
    listing_key  text COLLATE "C"        NOT NULL,
    from_status  text,
    to_status    text,
    changed_at   timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listing_status_history_listing_idx ON listing_status_history (feed_id, listing_key, changed_at);
