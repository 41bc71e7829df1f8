-- Reconciliation and purge (issue 7). A soft-deleted listing is purged purge_after its deletion, except
-- when it has local overrides: then it is kept, purge_held_at says since when, and one listing_purged
-- conflict is opened. The partial indexes find what is due for purge without scanning live records.
ALTER TABLE listing ADD COLUMN purge_held_at timestamptz;
CREATE INDEX listing_deleted_idx ON listing (feed_id, deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX resource_record_deleted_idx ON resource_record (feed_id, resource, deleted_at) WHERE deleted_at IS NOT NULL;
