package dev.mlsync.jobs;

import dev.mlsync.quota.Sleeper;
import dev.mlsync.store.MediaStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs media jobs: the feed's (or the named listings') pending photos are scheduled on the media queue
 * ({@link MediaTasks#LISTING_TASK}) at {@link MediaStore#PRIORITY_MANUAL}, ahead of new listings and
 * backfill, and the job waits until each of them is stored or failed, reporting media done/total.
 * The photos are fetched by the media tasks of any worker process, not by this handler, so a cancel or a
 * shutdown stops only the waiting: photos already queued are still fetched.
 */
public final class MediaJobHandler implements JobHandler {
    static final Duration POLL = Duration.ofMillis(500);

    private final MediaStore media;
    private final Clock clock;
    private final Sleeper sleeper;

    public MediaJobHandler(MediaStore media, Clock clock, Sleeper sleeper) {
        this.media = media;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public JobOutcome run(JobView job, JobContext context) {
        List<String> photos = media.pendingMediaKeys(job.feed(), job.listingKeys());
        media.scheduleManual(MediaTasks.LISTING_TASK, job.feed(), job.listingKeys(), clock.instant());
        MediaStore.MediaSettled settled = report(job, context, photos);
        while (settled.settled() < photos.size()) {
            if (context.stopRequested()) {
                return JobOutcome.stopped(settled.settled() + " of " + photos.size()
                        + " photos settled; the rest stay queued on the media queue");
            }
            pause();
            settled = report(job, context, photos);
        }
        if (photos.isEmpty()) {
            return JobOutcome.completed("no pending photos");
        }
        return settled.failed() == 0 ? JobOutcome.completed(null)
                : JobOutcome.completed(settled.failed() + " of " + photos.size() + " photos failed; see mlsync media");
    }

    private MediaStore.MediaSettled report(JobView job, JobContext context, List<String> photos) {
        MediaStore.MediaSettled settled = photos.isEmpty() ? new MediaStore.MediaSettled(0, 0)
                : media.settled(job.feed(), photos);
        context.progress(new JobView.Progress(0, null, 0, settled.settled(), (long) photos.size()),
                new JobView.Counts(0, 0, 0, 0, (int) settled.failed()));
        return settled;
    }

    private void pause() {
        try {
            sleeper.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("media job interrupted while waiting for its photos", e);
        }
    }
}
