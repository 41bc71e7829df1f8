package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The {@code job} table. Status moves queued → running → completed | failed | cancelled, each step a
 * conditional update, so a job is started by one worker at a time and a cancelled queued job never starts.
 */
public final class JobStore {
    private static final String COLUMNS = """
            id, feed_id, kind, resource, listing_keys, filter, dry_run, status, trigger, priority, records_done,
            records_total, pages, media_done, media_total, added, updated, deleted, unchanged, failed, created_at,
            started_at, finished_at, error, note, cancel_requested, worker, attempts, run_ids""";

    private final Jdbi jdbi;

    JobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Inserts a queued job and, in the same transaction, calls {@code schedule} with a DataSource
     * bound to that transaction (db-scheduler schedules its execution through it): both are stored or neither.
     */
    public long insert(NewJob job, BiConsumer<Long, DataSource> schedule) {
        return jdbi.inTransaction(handle -> {
            long id = handle.createUpdate("""
                            INSERT INTO job (feed_id, kind, resource, listing_keys, filter, dry_run, status, trigger,
                                             priority, created_at)
                            VALUES (:feed, :kind, :resource, :keys, :filter, :dryRun, 'queued', :trigger, :priority,
                                    :created)""")
                    .bind("feed", job.feedId()).bind("kind", job.kind()).bind("resource", job.resource())
                    .bind("keys", job.listingKeys() == null ? null : job.listingKeys().toArray(String[]::new))
                    .bind("filter", job.filter()).bind("dryRun", job.dryRun()).bind("trigger", job.trigger())
                    .bind("priority", job.priority()).bind("created", job.createdAt())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            schedule.accept(id, new TransactionDataSource(handle.getConnection()));
            return id;
        });
    }

    public Optional<JobRow> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM job WHERE id = :id")
                .bind("id", id).map(JobStore::row).findOne());
    }

    /** Newest first; {@code feedId} and {@code status} may be null (any). */
    public List<JobRow> list(String feedId, String status, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM job WHERE (CAST(:feed AS text) IS NULL OR feed_id = :feed)
                          AND (CAST(:status AS text) IS NULL OR status = :status)
                        ORDER BY id DESC LIMIT :limit""")
                .bind("feed", feedId).bind("status", status).bind("limit", limit).map(JobStore::row).list());
    }

    /** True when a job of this feed and kind is queued or running (a schedule then does not queue another). */
    public boolean hasOpen(String feedId, String kind) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM job WHERE feed_id = :feed AND kind = :kind
                                       AND status IN ('queued', 'running'))""")
                .bind("feed", feedId).bind("kind", kind).mapTo(Boolean.class).one());
    }

    /** Cancels a job that has not started; false when it already has (or is finished). */
    public boolean cancelQueued(long id, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE job SET status = 'cancelled', cancel_requested = true, finished_at = :now,
                            note = 'cancelled before it started'
                        WHERE id = :id AND status = 'queued'""")
                .bind("id", id).bind("now", now).execute()) == 1;
    }

    /** Asks a running job to stop at its next page boundary; false when it is not running. */
    public boolean requestCancel(long id) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE job SET cancel_requested = true WHERE id = :id AND status = 'running'")
                .bind("id", id).execute()) == 1;
    }

    public boolean cancelRequested(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT cancel_requested FROM job WHERE id = :id")
                .bind("id", id).mapTo(Boolean.class).findOne().orElse(true));
    }

    /**
     * Marks a queued job running on {@code worker}, or takes over a running one whose worker died (its
     * db-scheduler execution was revived). Empty when the job is finished or cancelled: it must not run.
     */
    public Optional<JobRow> claim(long id, String worker, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        UPDATE job SET status = 'running', started_at = coalesce(started_at, :now), worker = :worker,
                            attempts = attempts + 1
                        WHERE id = :id AND status IN ('queued', 'running')
                        RETURNING""" + " " + COLUMNS)
                .bind("id", id).bind("worker", worker).bind("now", now).map(JobStore::row).findOne());
    }

    /**
     * Takes the next look at a running job that {@linkplain #markWaiting waits} (not a new attempt): it is no
     * longer waiting, and {@code worker} is the process looking. Empty when the job does not wait.
     */
    public Optional<JobRow> resumeWaiting(long id, String worker) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        UPDATE job SET waiting = false, worker = :worker
                        WHERE id = :id AND status = 'running' AND waiting
                        RETURNING""" + " " + COLUMNS)
                .bind("id", id).bind("worker", worker).map(JobStore::row).findOne());
    }

    /** A running job whose work is held in the database waits, without a thread, until its next look. */
    public void markWaiting(long id) {
        int touched = jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE job SET waiting = true WHERE id = :id AND status = 'running'")
                .bind("id", id).execute());
        expectOne(touched, id, "marking it waiting");
    }

    public void progress(long id, JobProgress p) {
        int touched = jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE job SET records_done = :recordsDone, records_total = :recordsTotal, pages = :pages,
                            media_done = :mediaDone, media_total = :mediaTotal, added = :added, updated = :updated,
                            deleted = :deleted, unchanged = :unchanged, failed = :failed
                        WHERE id = :id""")
                .bindMethods(p).bind("id", id).execute());
        expectOne(touched, id, "recording progress");
    }

    public void addRun(long id, long runId) {
        int touched = jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE job SET run_ids = array_append(run_ids, :run) WHERE id = :id")
                .bind("run", runId).bind("id", id).execute());
        expectOne(touched, id, "linking run " + runId);
    }

    /** Puts a running job back in the queue (its process is shutting down); another worker continues it. */
    public void release(long id, String note) {
        int touched = jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE job SET status = 'queued', worker = NULL, note = :note
                        WHERE id = :id AND status = 'running'""")
                .bind("note", note).bind("id", id).execute());
        expectOne(touched, id, "handing it back to the queue");
    }

    /** Records how a running job ended. */
    public void finish(long id, String status, String error, String note, Instant now) {
        int touched = jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE job SET status = :status, error = :error, note = :note, finished_at = :now
                        WHERE id = :id AND status = 'running'""")
                .bind("status", status).bind("error", error).bind("note", note).bind("now", now).bind("id", id)
                .execute());
        expectOne(touched, id, "finishing it as " + status);
    }

    private static void expectOne(int touched, long id, String what) {
        if (touched != 1) {
            throw new StoreException("job " + id + " not found (or not running) while " + what);
        }
    }

    private static JobRow row(ResultSet rs, StatementContext ctx) throws SQLException {
        JobProgress progress = new JobProgress(rs.getLong("records_done"), (Long) rs.getObject("records_total"),
                rs.getInt("pages"), rs.getLong("media_done"), (Long) rs.getObject("media_total"), rs.getInt("added"),
                rs.getInt("updated"), rs.getInt("deleted"), rs.getInt("unchanged"), rs.getInt("failed"));
        return new JobRow(rs.getLong("id"), rs.getString("feed_id"), rs.getString("kind"), rs.getString("resource"),
                strings(rs.getArray("listing_keys")), rs.getString("filter"), rs.getBoolean("dry_run"),
                rs.getString("status"), rs.getString("trigger"), rs.getInt("priority"), progress,
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), rs.getString("error"), rs.getString("note"),
                rs.getBoolean("cancel_requested"), rs.getString("worker"), rs.getInt("attempts"),
                longs(rs.getArray("run_ids")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
