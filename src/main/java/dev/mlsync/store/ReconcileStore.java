package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/**
 * The replica's side of a key reconciliation: which live records a provider's key index no longer holds,
 * which of its keys the replica lacks or holds older, and the soft deletes that follow (with their media and
 * change events, in one transaction). Property lives in {@code listing}, every other resource in
 * {@code resource_record}.
 */
public final class ReconcileStore {
    private final Jdbi jdbi;

    ReconcileStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One record of a provider's key index: its key and its version (ModificationTimestamp). */
    public record KeyStamp(String key, Instant modified) {
    }

    /**
     * What the replica holds against a key index.
     *
     * @param live     live (not deleted) records of the feed's resource
     * @param absent   keys of live records the index does not hold, untouched since {@code indexStarted}
     * @param toFetch  keys of the index the replica lacks, holds deleted, or holds at an older version
     */
    public record Comparison(long live, List<String> absent, List<String> toFetch) {
    }

    /**
     * Compares {@code index} with the replica. A record written at or after {@code indexStarted} (a run that
     * went on while the index was read) is never reported absent: the index may predate it.
     */
    public Comparison compare(String feedId, String resource, List<KeyStamp> index, Instant indexStarted) {
        Table table = Table.of(resource);
        String[] keys = index.stream().map(KeyStamp::key).toArray(String[]::new);
        String[] stamps = index.stream().map(k -> k.modified() == null ? null : k.modified().toString())
                .toArray(String[]::new);
        return jdbi.inTransaction(handle -> {
            handle.execute("CREATE TEMP TABLE reconcile_index (k text COLLATE \"C\" PRIMARY KEY, ts timestamptz) ON COMMIT DROP");
            handle.createUpdate("""
                            INSERT INTO reconcile_index SELECT DISTINCT ON (k) k, ts
                            FROM unnest(CAST(:keys AS text[]), CAST(CAST(:stamps AS text[]) AS timestamptz[])) AS i(k, ts)
                            WHERE k IS NOT NULL ORDER BY k, ts DESC NULLS LAST""")
                    .bind("keys", keys).bind("stamps", stamps).execute();
            handle.execute("ANALYZE reconcile_index");
            long live = table.bind(handle.createQuery("SELECT count(*) FROM " + table.name + " t WHERE " + table.scope
                            + " AND t.deleted_at IS NULL"), feedId, resource).mapTo(Long.class).one();
            List<String> absent = table.bind(handle.createQuery("SELECT t." + table.key + " FROM " + table.name + " t WHERE "
                            + table.scope + " AND t.deleted_at IS NULL AND t.updated_at < :started"
                            + " AND NOT EXISTS (SELECT 1 FROM reconcile_index i WHERE i.k = t." + table.key + ")"
                            + " ORDER BY 1"), feedId, resource).bind("started", indexStarted)
                    .mapTo(String.class).list();
            List<String> toFetch = table.bind(handle.createQuery("SELECT i.k FROM reconcile_index i LEFT JOIN " + table.name
                            + " t ON " + table.scope + " AND t." + table.key + " = i.k"
                            + " WHERE t." + table.key + " IS NULL OR t.deleted_at IS NOT NULL"
                            + " OR t.modification_timestamp < i.ts ORDER BY 1"), feedId, resource)
                    .mapTo(String.class).list();
            return new Comparison(live, absent, toFetch);
        });
    }

    /** Live records of the feed's resource. */
    public long liveCount(String feedId, String resource) {
        Table table = Table.of(resource);
        return jdbi.withHandle(handle -> table.bind(handle.createQuery("SELECT count(*) FROM " + table.name
                        + " t WHERE " + table.scope + " AND t.deleted_at IS NULL"), feedId, resource)
                .mapTo(Long.class).one());
    }

    /**
     * Soft-deletes the live records with these keys that were not written since {@code untouchedSince}, exactly
     * as a provider's deletion signal does: {@code deleted_at}, the listing's media gone, and one {@code deleted}
     * change event per record with {@code data = {"reason": "reconcile"}}, all in one transaction.
     *
     * @return the keys deleted
     */
    public List<String> softDelete(String feedId, String resource, List<String> keys, Instant untouchedSince,
                                   Instant now) {
        Table table = Table.of(resource);
        String media = table.listing ? """
                , media AS (
                    UPDATE listing_media m SET deleted_at = :now, updated_at = :now, state = 'gone'
                    FROM gone g WHERE m.feed_id = :feed AND m.listing_key = g.key AND m.deleted_at IS NULL
                    RETURNING 1)""" : "";
        return jdbi.inTransaction(handle -> handle.createQuery("""
                        WITH gone AS (
                            UPDATE %1$s t SET deleted_at = :now, updated_at = :now
                            WHERE %2$s AND t.%3$s = ANY(CAST(:keys AS text[])) AND t.deleted_at IS NULL
                              AND t.updated_at < :since
                            RETURNING t.%3$s AS key)%4$s
                        INSERT INTO change_event (feed_id, resource, record_key, kind, data, created_at)
                        SELECT :feed, :resource, key, 'deleted', '{"reason": "reconcile"}'::jsonb, :now FROM gone
                        RETURNING record_key""".formatted(table.name, table.scope, table.key, media))
                .bind("feed", feedId).bind("resource", resource).bind("keys", keys.toArray(String[]::new))
                .bind("since", untouchedSince).bind("now", now)
                .mapTo(String.class).list());
    }

    /** A record as the replica holds it: the provider's record as last stored (JSON text) and when it was deleted. */
    public record StoredRecord(String rawJson, Instant modified, Instant deletedAt) {
    }

    /** The replica's copy of one record, deleted or not; empty when it has none. */
    public java.util.Optional<StoredRecord> stored(String feedId, String resource, String key) {
        Table table = Table.of(resource);
        return jdbi.withHandle(handle -> table.bind(handle.createQuery("SELECT CAST(t.raw AS text), "
                        + "t.modification_timestamp, t.deleted_at FROM " + table.name + " t WHERE " + table.scope
                        + " AND t." + table.key + " = :key"), feedId, resource).bind("key", key)
                .map((rs, ctx) -> new StoredRecord(rs.getString(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .findOne());
    }

    /** Where a resource's records live. */
    record Table(String name, String key, String scope, boolean listing) {
        static Table of(String resource) {
            return "Property".equals(resource)
                    ? new Table("listing", "listing_key", "t.feed_id = :feed", true)
                    : new Table("resource_record", "record_key", "t.feed_id = :feed AND t.resource = :resource", false);
        }

        /** Binds what {@link #scope} names: the feed, and the resource where the table holds several. */
        <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bind(S statement, String feedId, String resource) {
            statement.bind("feed", feedId);
            return listing ? statement : statement.bind("resource", resource);
        }
    }
}
