package dev.mlsync.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/**
 * The ledger of objects the database may not know yet, or no longer ({@code media_object_write}): no object
 * is ever left in the store that no row knows, whatever moment a process dies at.
 *
 * <ul>
 *   <li>A write is recorded (committed) before its bytes go to the object store ({@link #beginOriginal},
 *       {@link #beginDerivative}), and closed in the transaction that records the object in its row
 *       ({@link MediaStore#markWritten}, {@link MediaStore#saveDerivatives}).</li>
 *   <li>An object a row lets go of (a gone photo purged, an original replaced under another key, a corrupt
 *       original) is released: a row due at once.</li>
 *   <li>The media sweep {@link #resolve}s rows that are due (a write {@code media.abandonedWriteSeconds} after it
 *       began): an object some row uses stays; an original whose photo is still pending with the URL and
 *       timestamp it was fetched for, whose object holds the bytes it was written with, and whose bytes no other
 *       photo stores, is adopted (marked stored: no download again); anything else is deleted.</li>
 * </ul>
 *
 * <p>Concurrency: every transaction that begins a write of a key, makes a row use a key without writing it
 * (byte dedupe), closes a write or deletes a key holds that key's transaction advisory lock, so a sweep's "no row
 * uses it, no live write of it" and its delete are one step no writer can interleave with. Where both are needed
 * the digest lock ({@link MediaStore#withDigestLock}) is taken before the key's, always in that order.
 */
public final class ObjectWriteStore {
    /** Advisory lock classes (the two-int form, apart from the replication leases' one-bigint keys). */
    static final int KEY_LOCK = 0x6d6f626a;
    static final int DIGEST_LOCK = 0x6d736861;

    /** What the sweep did with a due row. */
    public enum Outcome {
        /** Another sweep resolved it first. */
        ALREADY_RESOLVED,
        /** A row uses the object, or a live write of the same key is under way: nothing deleted. */
        KEPT,
        /** The abandoned original was what its photo still wanted: the photo is stored with it. */
        ADOPTED,
        /** No row uses the object: deleted from the store. */
        DELETED
    }

    /** The object store as the sweep needs it while it holds the key's lock. */
    public interface Objects {
        /** Whether the object exists and its bytes have this SHA-256. */
        boolean holds(String objectKey, String sha256);

        /** Deletes the object; a missing object is not an error. */
        void delete(String objectKey);
    }

    /**
     * A write begun and not closed, or a released object.
     *
     * @param kind     {@code original}, {@code derivative} or {@code release}
     * @param original for an original: the photo it is for and what it was written with; else null
     */
    public record ObjectWrite(long id, String objectKey, String kind, String feedId, String mediaKey,
                              String mediaUrl, Instant mediaModificationTimestamp, StoredOriginal original) {
    }

    private final Jdbi jdbi;

    ObjectWriteStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static void lockKey(Handle handle, String objectKey) {
        handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + KEY_LOCK + ", hashtext(:lockKey))) l")
                .bind("lockKey", objectKey).mapTo(Integer.class).one();
    }

    private static void lockDigest(Handle handle, String sha256) {
        handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + DIGEST_LOCK + ", hashtext(:sha))) l")
                .bind("sha", sha256).mapTo(Integer.class).one();
    }

    /** Records (committed) that {@code original} is about to be written for the photo; returns the write's id. */
    public long beginOriginal(MediaWorkItem item, StoredOriginal original, Instant now, Instant dueAt) {
        return jdbi.inTransaction(handle -> {
            lockKey(handle, original.objectKey());
            return handle.createQuery("""
                            INSERT INTO media_object_write (object_key, kind, feed_id, media_key, media_url,
                                media_modification_timestamp, content_type, bytes, width, height, sha256, local_url,
                                created_at, due_at)
                            VALUES (:key, 'original', :feed, :media, :url, :ts, :type, :bytes, :width, :height, :sha,
                                    :localUrl, :now, :due)
                            RETURNING id""")
                    .bind("key", original.objectKey()).bind("feed", item.feedId()).bind("media", item.mediaKey())
                    .bind("url", item.mediaUrl()).bind("ts", item.mediaModificationTimestamp())
                    .bind("type", original.contentType()).bind("bytes", original.bytes())
                    .bind("width", original.width()).bind("height", original.height())
                    .bind("sha", original.sha256()).bind("localUrl", original.localUrl())
                    .bind("now", now).bind("due", dueAt)
                    .mapTo(Long.class).one();
        });
    }

    /** Records (committed) that a derivative is about to be written under {@code objectKey}. */
    public void beginDerivative(String objectKey, Instant now, Instant dueAt) {
        jdbi.useTransaction(handle -> {
            lockKey(handle, objectKey);
            handle.createUpdate("""
                            INSERT INTO media_object_write (object_key, kind, created_at, due_at)
                            VALUES (:key, 'derivative', :now, :due)""")
                    .bind("key", objectKey).bind("now", now).bind("due", dueAt).execute();
        });
    }

    /** Whether the write is still open (the sweep did not take it); the caller holds the key's lock. */
    static boolean open(Handle handle, long writeId) {
        return handle.createQuery("SELECT count(*) FROM media_object_write WHERE id = :id")
                .bind("id", writeId).mapTo(Integer.class).one() == 1;
    }

    /** Closes a write: gone when its row now records the object, else a release due now. */
    static void close(Handle handle, long writeId, boolean recorded, Instant now) {
        handle.createUpdate(recorded ? "DELETE FROM media_object_write WHERE id = :id"
                        : "UPDATE media_object_write SET kind = 'release', due_at = :now WHERE id = :id")
                .bind("id", writeId).bind("now", now).execute();
    }

    /** Rows due by {@code now}, oldest first. */
    public List<ObjectWrite> due(Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, object_key, kind, feed_id, media_key, media_url, media_modification_timestamp,
                               content_type, bytes, width, height, sha256, local_url
                        FROM media_object_write WHERE due_at <= :now ORDER BY due_at, id LIMIT :limit""")
                .bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new ObjectWrite(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)),
                        rs.getString(3).equals("original") ? new StoredOriginal(rs.getString(8), rs.getLong(9),
                                rs.getInt(10), rs.getInt(11), rs.getString(12), rs.getString(2), rs.getString(13))
                                : null))
                .list());
    }

    /** Rows not resolved yet (writes under way or abandoned, releases not swept): 0 once everything settled. */
    public long unresolved() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM media_object_write")
                .mapTo(Long.class).one());
    }

    /**
     * Resolves one due row (see the class comment), in one transaction holding the key's lock; {@code objects}
     * is called inside it. Idempotent: a row another sweep resolved meanwhile is left alone.
     */
    public Outcome resolve(ObjectWrite write, Instant now, Objects objects) {
        return jdbi.inTransaction(handle -> {
            if (write.original() != null) {
                lockDigest(handle, write.original().sha256());
            }
            lockKey(handle, write.objectKey());
            if (!open(handle, write.id())) {
                return Outcome.ALREADY_RESOLVED;
            }
            if (used(handle, write.objectKey(), now)) {
                handle.createUpdate("DELETE FROM media_object_write WHERE id = :id").bind("id", write.id()).execute();
                return Outcome.KEPT;
            }
            if (wanted(handle, write) && objects.holds(write.objectKey(), write.original().sha256())
                    && MediaStore.markStored(handle, new MediaWorkItem(write.feedId(), write.mediaKey(), null, 0,
                            write.mediaUrl(), write.mediaModificationTimestamp(), 0, null, null), write.mediaUrl(),
                    write.original(), now, null, false, null)) {
                handle.createUpdate("DELETE FROM media_object_write WHERE id = :id").bind("id", write.id()).execute();
                return Outcome.ADOPTED;
            }
            objects.delete(write.objectKey());
            handle.createUpdate("DELETE FROM media_object_write WHERE object_key = :key AND due_at <= :now")
                    .bind("key", write.objectKey()).bind("now", now).execute();
            return Outcome.DELETED;
        });
    }

    /** A row uses the object, or a write of it that is not due yet is under way. */
    private static boolean used(Handle handle, String objectKey, Instant now) {
        return handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM listing_media WHERE object_key = :key)
                            OR EXISTS (SELECT 1 FROM media_derivative WHERE object_key = :key)
                            OR EXISTS (SELECT 1 FROM media_object_write WHERE object_key = :key AND due_at > :now)""")
                .bind("key", objectKey).bind("now", now).mapTo(Boolean.class).one();
    }

    /**
     * An abandoned original its photo still wants: pending with the URL and timestamp it was fetched for, and
     * no other photo stores these bytes (adopting would store them twice).
     */
    private static boolean wanted(Handle handle, ObjectWrite write) {
        return write.original() != null && handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM listing_media
                                       WHERE feed_id = :feed AND media_key = :media AND state = 'pending'
                                         AND media_url IS NOT DISTINCT FROM :url
                                         AND media_modification_timestamp IS NOT DISTINCT FROM :ts)
                           AND NOT EXISTS (SELECT 1 FROM listing_media WHERE sha256 = :sha AND state = 'stored')""")
                .bind("feed", write.feedId()).bind("media", write.mediaKey()).bind("url", write.mediaUrl())
                .bind("ts", write.mediaModificationTimestamp()).bind("sha", write.original().sha256())
                .mapTo(Boolean.class).one();
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
