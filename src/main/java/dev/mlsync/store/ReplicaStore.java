package dev.mlsync.store;

import dev.mlsync.source.Cursor;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;
import java.time.Instant;

/** The replica tables: pages committed atomically with their cursor, and the per-feed lease. */
public final class ReplicaStore {
    private final Jdbi jdbi;

    ReplicaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Commits a page in one transaction: its rows, media desired state, status history, errors, the
     * run's progress and the cursor it reached are stored together or not at all, so a crash at any
     * point resumes from the last committed page.
     */
    public PageCounts commitPage(String feedId, String resource, StagedPage page, Cursor cursor, long runId,
                                 long requests, long bytes, Instant now) {
        return commitPage(feedId, resource, page, cursor, runId, requests, bytes, now, () -> { });
    }

    /**
     * As {@link #commitPage(String, String, StagedPage, Cursor, long, long, long, Instant)}, but waits for
     * {@code beforeCommit} after writing the page's rows and before touching the cursor and committing,
     * so pages with disjoint keys can be written side by side and still commit in order. Should
     * {@code beforeCommit} throw (the earlier page failed), this page rolls back.
     */
    public PageCounts commitPage(String feedId, String resource, StagedPage page, Cursor cursor, long runId,
                                 long requests, long bytes, Instant now, Runnable beforeCommit) {
        return commitPage(feedId, resource, page, cursor, runId, requests, bytes, now, beforeCommit, true);
    }

    /**
     * As above; with {@code moveCursor} false (a partial sync of chosen records) the feed's cursor is
     * left where it is, so the next incremental run neither skips nor repeats anything because of it.
     */
    public PageCounts commitPage(String feedId, String resource, StagedPage page, Cursor cursor, long runId,
                                 long requests, long bytes, Instant now, Runnable beforeCommit, boolean moveCursor) {
        return jdbi.inTransaction(handle -> {
            handle.execute("SET LOCAL lock_timeout = '60s'");
            PageCounts counts = page.apply(handle, feedId, resource, runId, now);
            beforeCommit.run();
            if (moveCursor) {
                StagedPage.saveCursor(handle, feedId, resource, cursor, runId);
            }
            StagedPage.addProgress(handle, runId, counts, requests, bytes);
            return counts;
        });
    }

    /**
     * Applies a page exactly as {@link #commitPage} would, after {@code beforeApply} (the previous page),
     * and rolls it back: the counts are what a real run would report, and nothing is stored. Bad
     * records are counted as failed but not written to {@code sync_error}.
     */
    public PageCounts dryRunPage(String feedId, String resource, StagedPage page, Instant now, Runnable beforeApply) {
        beforeApply.run();
        try {
            jdbi.useTransaction(handle -> {
                handle.execute("SET LOCAL lock_timeout = '60s'");
                throw new RolledBack(page.apply(handle, feedId, resource, 0, now));
            });
        } catch (RolledBack rolledBack) {
            return rolledBack.counts;
        }
        throw new IllegalStateException("a dry-run page transaction ended without rolling back");
    }

    /** Carries a dry-run page's counts out of its transaction, which JDBI rolls back because of it. */
    private static final class RolledBack extends RuntimeException {
        private final transient PageCounts counts;

        RolledBack(PageCounts counts) {
            super(null, null, false, false);
            this.counts = counts;
        }
    }

    /** Removes every trace of a feed (the demo and benchmarks start each run from a clean feed). */
    public void purgeFeed(String feedId) {
        jdbi.useTransaction(handle -> {
            for (String table : new String[] {"media_derivative", "listing_media", "listing", "resource_record", "resource_cursor",
                    "listing_status_history", "sync_error", "sync_run", "change_event"}) {
                handle.createUpdate("DELETE FROM " + table + " WHERE feed_id = :feed").bind("feed", feedId).execute();
            }
        });
    }

    /** The committed cursor of a feed's resource, or {@link Cursor#EMPTY}. */
    public Cursor cursor(String feedId, String resource) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT cursor_timestamp, cursor_key, next_link FROM resource_cursor
                        WHERE feed_id = :feed AND resource = :resource""")
                .bind("feed", feedId).bind("resource", resource)
                .map((rs, ctx) -> new Cursor(
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(),
                        rs.getString(2), rs.getString(3)))
                .findOne().orElse(Cursor.EMPTY));
    }

    /** True when the feed already holds records of this resource (so an empty cursor is suspicious). */
    public boolean hasRecords(String feedId, String resource) {
        String sql = "Property".equals(resource)
                ? "SELECT EXISTS (SELECT 1 FROM listing WHERE feed_id = :feed)"
                : "SELECT EXISTS (SELECT 1 FROM resource_record WHERE feed_id = :feed AND resource = :resource)";
        return jdbi.withHandle(handle -> handle.createQuery(sql).bind("feed", feedId).bind("resource", resource)
                .mapTo(Boolean.class).one());
    }

    /**
     * Takes the cluster-wide replication lease of a feed's resource (a PostgreSQL advisory lock held
     * by one connection), so two processes, or two deployments sharing one database, never
     * replicate the same feed at once. Empty when another process holds it.
     */
    public Optional<Lease> tryLease(String feedId, String resource) {
        Handle handle = jdbi.open();
        try {
            String name = "mlsync:" + feedId + ":" + resource;
            boolean taken = handle.createQuery("SELECT pg_try_advisory_lock(hashtextextended(:name, 0))")
                    .bind("name", name).mapTo(Boolean.class).one();
            if (!taken) {
                handle.close();
                return Optional.empty();
            }
            return Optional.of(new Lease(handle, name));
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /**
     * Who holds a feed's lease, as PostgreSQL sees the holding connection: its application name
     * (mlsync sets {@code mlsync@host pid N}) and when it took the lease. Empty when nobody holds it.
     */
    public Optional<String> leaseHolder(String feedId, String resource) {
        String name = "mlsync:" + feedId + ":" + resource;
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT coalesce(nullif(a.application_name, ''), 'a process') || ' since '
                               || to_char(a.query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
                        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                          AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(:name, 0)""")
                .bind("name", name).mapTo(String.class).findFirst());
    }

    /** A held replication lease; closing releases it. */
    public static final class Lease implements AutoCloseable {
        private final Handle handle;
        private final String name;

        private Lease(Handle handle, String name) {
            this.handle = handle;
            this.name = name;
        }

        @Override
        public void close() {
            try {
                handle.createQuery("SELECT pg_advisory_unlock(hashtextextended(:name, 0))").bind("name", name)
                        .mapTo(Boolean.class).one();
            } finally {
                handle.close();
            }
        }
    }
}
