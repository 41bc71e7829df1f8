package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;

/** The {@code sync_run} history: one row per replication run of a feed's resource. */
public final class RunStore {
    private final Jdbi jdbi;

    RunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a run as started and returns its id. */
    public long start(String feedId, String resource, String kind, String trigger, String cursorBefore,
                      Instant startedAt) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO sync_run (feed_id, resource, kind, trigger, status, started_at, cursor_before)
                        VALUES (:feed, :resource, :kind, :trigger, 'running', :started, :cursor)""")
                .bind("feed", feedId).bind("resource", resource).bind("kind", kind).bind("trigger", trigger)
                .bind("started", startedAt).bind("cursor", cursorBefore)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** Records how a run ended. */
    public void finish(long runId, String status, String cursorAfter, String error, Instant finishedAt) {
        int touched = jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE sync_run SET status = :status, cursor_after = :cursor, error = :error,
                            finished_at = :finished
                        WHERE id = :id""")
                .bind("status", status).bind("cursor", cursorAfter).bind("error", error)
                .bind("finished", finishedAt).bind("id", runId).execute());
        if (touched != 1) {
            throw new StoreException("sync_run " + runId + " not found while finishing it");
        }
    }

    /** The resources for which runs with this trigger (e.g. {@code job 12}) committed at least one page. */
    public java.util.Set<String> resourcesCommittedBy(String trigger) {
        return new java.util.HashSet<>(jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT DISTINCT resource FROM sync_run WHERE trigger = :trigger AND pages > 0")
                .bind("trigger", trigger).mapTo(String.class).list()));
    }

    /** Whether the feed's latest run (of any resource) failed: its work was interrupted and is still to do. */
    public boolean lastRunFailed(String feedId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT status = 'failed' FROM sync_run WHERE feed_id = :feed ORDER BY id DESC LIMIT 1""")
                .bind("feed", feedId).mapTo(Boolean.class).findOne().orElse(false));
    }

    /** Marks runs left 'running' by a process that died as failed, so status never shows ghosts. */
    public int failAbandoned(String feedId, String resource, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE sync_run SET status = 'failed', finished_at = :now,
                            error = 'abandoned: the process running it stopped before it finished'
                        WHERE feed_id = :feed AND resource = :resource AND status = 'running'""")
                .bind("feed", feedId).bind("resource", resource).bind("now", now).execute());
    }
}
