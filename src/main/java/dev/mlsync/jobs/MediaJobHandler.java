package dev.mlsync.jobs;

import dev.mlsync.store.JobMediaStore;
import dev.mlsync.store.MediaStore;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs media jobs without holding anything in memory or a worker thread while the photos are fetched:
 * <ul>
 *   <li>The first time it runs, the job records the feed's (or the named listings') pending photos as its own
 *       ({@code job_media}) and schedules their listings on the media queue ({@link MediaTasks#LISTING_TASK}) at
 *       {@link MediaStore#PRIORITY_MANUAL}, ahead of new listings and backfill.</li>
 *   <li>Every run (the first and each later look) reads how many of those photos are settled (stored or failed)
 *       from the database, reports media done/total, and either completes, or stops when a cancel was requested,
 *       or asks to be looked at again in {@link #CHECK_EVERY} ({@link JobOutcome#checkAgainAt}): the runner
 *       reschedules the job's execution, so any process may take the next look.</li>
 * </ul>
 * The photos are fetched by the media tasks of any worker process, not by this handler, so a cancel stops only
 * the job: photos already queued are still fetched. A crash between recording the photos and scheduling them
 * loses nothing either: the media sweep schedules every listing with due pending photos.
 */
public final class MediaJobHandler implements JobHandler {
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final MediaStore media;
    private final JobMediaStore photos;
    private final Clock clock;

    public MediaJobHandler(MediaStore media, JobMediaStore photos, Clock clock) {
        this.media = media;
        this.photos = photos;
        this.clock = clock;
    }

    @Override
    public JobOutcome run(JobView job, JobContext context) {
        if (!photos.recorded(job.id())) {
            photos.record(job.id(), job.feed(), job.listingKeys());
            media.scheduleManual(MediaTasks.LISTING_TASK, job.feed(), job.listingKeys(), clock.instant());
        }
        JobMediaStore.Progress progress = photos.progress(job.id());
        context.progress(new JobView.Progress(0, null, 0, progress.settled(), progress.total()),
                new JobView.Counts(0, 0, 0, 0, (int) progress.failed()));
        if (progress.done()) {
            photos.forget(job.id());
            return outcome(progress);
        }
        if (context.cancelRequested()) {
            photos.forget(job.id());
            return JobOutcome.stopped(progress.settled() + " of " + progress.total()
                    + " photos settled; the rest stay queued on the media queue");
        }
        return JobOutcome.checkAgainAt(clock.instant().plus(CHECK_EVERY));
    }

    private static JobOutcome outcome(JobMediaStore.Progress progress) {
        if (progress.total() == 0) {
            return JobOutcome.completed("no pending photos");
        }
        return progress.failed() == 0 ? JobOutcome.completed(null) : JobOutcome.completed(progress.failed() + " of "
                + progress.total() + " photos failed; see mlsync media");
    }
}
