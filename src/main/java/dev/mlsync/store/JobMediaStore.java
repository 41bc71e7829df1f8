package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * The {@code job_media} table: the photos a media job waits for, recorded once when it starts, so the job's
 * progress and completion are read from {@code listing_media} by whichever process looks at it next.
 */
public final class JobMediaStore {
    private final Jdbi jdbi;

    JobMediaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether the job's photos were recorded (a job recorded with no photos has finished at once). */
    public boolean recorded(long jobId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT EXISTS (SELECT 1 FROM job_media WHERE job_id = :job)")
                .bind("job", jobId).mapTo(Boolean.class).one());
    }

    /**
     * Records the pending photos of {@code feedId}, or of the named listings when {@code listingKeys} is not null,
     * as what the job waits for (photos waiting for a retry included); idempotent.
     *
     * @return how many photos the job waits for
     */
    public int record(long jobId, String feedId, List<String> listingKeys) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO job_media (job_id, feed_id, media_key)
                            SELECT :job, feed_id, media_key FROM listing_media
                            WHERE state = 'pending' AND feed_id = :feed AND (:all OR listing_key = ANY(:listings))
                            ON CONFLICT DO NOTHING""")
                    .bind("job", jobId).bind("feed", feedId).bind("all", listingKeys == null)
                    .bindArray("listings", String.class, listingKeys == null ? new String[0]
                            : listingKeys.toArray(String[]::new))
                    .execute();
            return handle.createQuery("SELECT count(*) FROM job_media WHERE job_id = :job")
                    .bind("job", jobId).mapTo(Integer.class).one();
        });
    }

    /** How far the job's photos are: settled means no longer pending (stored, failed, gone or removed). */
    public Progress progress(long jobId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*), count(*) FILTER (WHERE m.state IS DISTINCT FROM 'pending'),
                               count(*) FILTER (WHERE m.state = 'failed')
                        FROM job_media j
                        LEFT JOIN listing_media m ON m.feed_id = j.feed_id AND m.media_key = j.media_key
                        WHERE j.job_id = :job""")
                .bind("job", jobId)
                .map((rs, ctx) -> new Progress(rs.getLong(1), rs.getLong(2), rs.getLong(3))).one());
    }

    /** Forgets a finished job's photos (its progress stays on the job row). */
    public void forget(long jobId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM job_media WHERE job_id = :job")
                .bind("job", jobId).execute());
    }

    /** Of the photos a media job waits for: how many there are, are settled, and of those failed. */
    public record Progress(long total, long settled, long failed) {
        public boolean done() {
            return settled >= total;
        }
    }
}
