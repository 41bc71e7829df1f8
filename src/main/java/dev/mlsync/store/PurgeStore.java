package dev.mlsync.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Hard purge of records soft-deleted longer than a feed's grace period: the rows go (a listing with its media
 * and derivative rows) and a {@code purged} change event is written in the same transaction. A listing with
 * local overrides is never purged: it is held ({@code listing.purge_held_at}) and one {@code listing_purged}
 * conflict is opened for it. Objects are the caller's to delete (through the ObjectStore), after the commit.
 */
public final class PurgeStore {
    private final Jdbi jdbi;

    PurgeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A record due for purge; {@code held} when it is a listing with overrides (to hold, not purge). */
    public record Due(String resource, String key, boolean held) {
    }

    /** Records of the feed deleted before {@code deletedBefore} and not held yet: listings first. */
    public List<Due> due(String feedId, Instant deletedBefore, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        (SELECT 'Property' AS resource, l.listing_key AS key,
                                EXISTS (SELECT 1 FROM listing_override o
                                        WHERE o.feed_id = l.feed_id AND o.listing_key = l.listing_key) AS held
                         FROM listing l
                         WHERE l.feed_id = :feed AND l.deleted_at < :before AND l.purge_held_at IS NULL
                         ORDER BY l.deleted_at LIMIT :limit)
                        UNION ALL
                        (SELECT r.resource, r.record_key, false FROM resource_record r
                         WHERE r.feed_id = :feed AND r.deleted_at < :before
                         ORDER BY r.deleted_at LIMIT :limit)""")
                .bind("feed", feedId).bind("before", deletedBefore).bind("limit", limit)
                .map((rs, ctx) -> new Due(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .list());
    }

    /**
     * Lifts the hold of listings that came back (no longer deleted) or lost their overrides, so a listing deleted
     * again is held (and its conflict opened) again, and one without overrides is purged like any other.
     */
    public int releaseHolds(String feedId) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE listing l SET purge_held_at = NULL
                        WHERE l.feed_id = :feed AND l.purge_held_at IS NOT NULL
                          AND (l.deleted_at IS NULL OR NOT EXISTS (SELECT 1 FROM listing_override o
                               WHERE o.feed_id = l.feed_id AND o.listing_key = l.listing_key))""")
                .bind("feed", feedId).execute());
    }

    /**
     * Holds a deleted listing with overrides instead of purging it: marks it and opens a {@code listing_purged}
     * conflict (local values: its overrides; MLS before: its last record) with a {@code conflict_opened} event,
     * once: an open conflict of the listing as a whole is not opened twice.
     *
     * @return the id of the conflict opened, or empty when none was (already held, or a whole-listing conflict is open)
     */
    public Optional<Long> hold(String feedId, String listingKey, String policy, Instant now) {
        return jdbi.inTransaction(handle -> {
            int held = handle.createUpdate("""
                            UPDATE listing SET purge_held_at = :now
                            WHERE feed_id = :feed AND listing_key = :key AND deleted_at IS NOT NULL
                              AND purge_held_at IS NULL""")
                    .bind("feed", feedId).bind("key", listingKey).bind("now", now).execute();
            if (held == 0) {
                return Optional.<Long>empty();
            }
            Optional<Long> conflict = handle.createQuery("""
                            INSERT INTO listing_conflict (feed_id, listing_key, field, kind, local_value, mls_before,
                                                          mls_value, policy, status, opened_at)
                            SELECT l.feed_id, l.listing_key, NULL, 'listing_purged',
                                   (SELECT jsonb_object_agg(o.field, o.value) FROM listing_override o
                                    WHERE o.feed_id = l.feed_id AND o.listing_key = l.listing_key),
                                   l.raw, NULL, :policy, 'open', :now
                            FROM listing l WHERE l.feed_id = :feed AND l.listing_key = :key
                            ON CONFLICT (feed_id, listing_key, COALESCE(field, '')) WHERE status = 'open' DO NOTHING
                            RETURNING id""")
                    .bind("feed", feedId).bind("key", listingKey).bind("policy", policy).bind("now", now)
                    .mapTo(Long.class).findOne();
            conflict.ifPresent(id -> handle.createUpdate("""
                            INSERT INTO change_event (feed_id, resource, record_key, kind, data, created_at)
                            VALUES (:feed, 'Property', :key, 'conflict_opened',
                                    jsonb_build_object('conflictId', CAST(:id AS bigint), 'kind', 'listing_purged',
                                        'policy', CAST(:policy AS text), 'status', 'open'), :now)""")
                    .bind("feed", feedId).bind("key", listingKey).bind("id", id).bind("policy", policy)
                    .bind("now", now).execute());
            return conflict;
        });
    }

    /**
     * Purges a listing deleted before {@code deletedBefore} that has no overrides: its media and derivative rows,
     * the listing row and a {@code purged} event, in one transaction.
     *
     * @return the object keys only this listing's photos used (to delete from the object store now), or empty
     *         when the listing is no longer due (restored, edited, or already purged)
     */
    public Optional<List<String>> purgeListing(String feedId, String listingKey, Instant deletedBefore, Instant now) {
        return jdbi.inTransaction(handle -> {
            Optional<Instant> deletedAt = handle.createQuery("""
                            SELECT l.deleted_at FROM listing l
                            WHERE l.feed_id = :feed AND l.listing_key = :key AND l.deleted_at < :before
                              AND NOT EXISTS (SELECT 1 FROM listing_override o
                                              WHERE o.feed_id = l.feed_id AND o.listing_key = l.listing_key)
                            FOR UPDATE""")
                    .bind("feed", feedId).bind("key", listingKey).bind("before", deletedBefore)
                    .mapTo(Instant.class).findOne();
            if (deletedAt.isEmpty()) {
                return Optional.<List<String>>empty();
            }
            List<String> objects = unsharedObjects(handle, feedId, listingKey);
            // released too: should the process die before it deletes them, the media sweep does
            handle.createUpdate("""
                            INSERT INTO media_object_write (object_key, kind, created_at, due_at)
                            SELECT k, 'release', CAST(:now AS timestamptz), CAST(:now AS timestamptz) FROM unnest(CAST(:keys AS text[])) k""")
                    .bind("keys", objects.toArray(String[]::new)).bind("now", now).execute();
            handle.createUpdate("DELETE FROM listing_media WHERE feed_id = :feed AND listing_key = :key")
                    .bind("feed", feedId).bind("key", listingKey).execute();
            handle.createUpdate("DELETE FROM listing WHERE feed_id = :feed AND listing_key = :key")
                    .bind("feed", feedId).bind("key", listingKey).execute();
            purged(handle, feedId, "Property", listingKey, deletedAt.get(), now);
            return Optional.of(objects);
        });
    }

    /** Purges a record of another resource deleted before {@code deletedBefore}; false when it is no longer due. */
    public boolean purgeRecord(String feedId, String resource, String key, Instant deletedBefore, Instant now) {
        return jdbi.inTransaction(handle -> {
            Optional<Instant> deletedAt = handle.createQuery("""
                            DELETE FROM resource_record
                            WHERE feed_id = :feed AND resource = :resource AND record_key = :key AND deleted_at < :before
                            RETURNING deleted_at""")
                    .bind("feed", feedId).bind("resource", resource).bind("key", key).bind("before", deletedBefore)
                    .mapTo(Instant.class).findOne();
            deletedAt.ifPresent(at -> purged(handle, feedId, resource, key, at, now));
            return deletedAt.isPresent();
        });
    }

    /** Object keys of the listing's photos and derivatives that no other photo row (of any state) refers to. */
    private static List<String> unsharedObjects(Handle handle, String feedId, String listingKey) {
        return handle.createQuery("""
                        WITH mine AS (
                            SELECT m.object_key AS k FROM listing_media m
                            WHERE m.feed_id = :feed AND m.listing_key = :key AND m.object_key IS NOT NULL
                            UNION
                            SELECT d.object_key FROM media_derivative d
                            JOIN listing_media m ON m.feed_id = d.feed_id AND m.media_key = d.media_key
                            WHERE m.feed_id = :feed AND m.listing_key = :key)
                        SELECT k FROM mine
                        WHERE NOT EXISTS (SELECT 1 FROM listing_media o WHERE o.object_key = mine.k
                                          AND NOT (o.feed_id = :feed AND o.listing_key = :key))
                          AND NOT EXISTS (SELECT 1 FROM media_derivative d
                                          JOIN listing_media o ON o.feed_id = d.feed_id AND o.media_key = d.media_key
                                          WHERE d.object_key = mine.k
                                            AND NOT (o.feed_id = :feed AND o.listing_key = :key))
                        ORDER BY k""")
                .bind("feed", feedId).bind("key", listingKey).mapTo(String.class).list();
    }

    private static void purged(Handle handle, String feedId, String resource, String key, Instant deletedAt,
                               Instant now) {
        handle.createUpdate("""
                        INSERT INTO change_event (feed_id, resource, record_key, kind, data, created_at)
                        VALUES (:feed, :resource, :key, 'purged', jsonb_build_object('deletedAt', CAST(:deletedAt AS text)), :now)""")
                .bind("feed", feedId).bind("resource", resource).bind("key", key)
                .bind("deletedAt", deletedAt.toString()).bind("now", now).execute();
    }
}
