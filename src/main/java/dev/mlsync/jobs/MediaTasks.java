package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.mlsync.media.MediaWork;

import java.time.Duration;
import java.util.List;

/**
 * The media tasks on db-scheduler (register {@link #tasks()} and start {@link #startTasks()} in the one
 * shared Scheduler, with priority enabled):
 * <ul>
 *   <li>{@value #LISTING_TASK}: one execution per listing with pending photos, instance id
 *       {@code feed/listingKey} (so scheduling is idempotent and two processes never work on one listing's
 *       photos at once); priority manual &gt; new listings &gt; backfill ({@code MediaStore.PRIORITY_*}).
 *       A dead execution (its worker died) is revived by another process.</li>
 *   <li>{@value #SWEEP_TASK}: recurring; schedules listings whose pending photos have no execution yet
 *       (the committed pending state is the durable truth, so a crash between a page commit and its
 *       scheduling loses nothing), re-queues lost derivatives and purges objects of gone photos.</li>
 * </ul>
 * The tasks hold no logic: they call {@link MediaWork}.
 */
public final class MediaTasks {
    public static final String LISTING_TASK = "media-listing";
    public static final String SWEEP_TASK = "media-sweep";
    private static final Duration RETRY_FAILED_EXECUTION = Duration.ofSeconds(30);

    private final OneTimeTask<Void> listing;
    private final RecurringTask<Void> sweep;

    public MediaTasks(MediaWork work, Duration sweepInterval) {
        this.listing = Tasks.oneTime(LISTING_TASK)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_FAILED_EXECUTION))
                .execute((instance, context) -> {
                    String id = instance.getId();
                    int slash = id.indexOf('/');
                    try {
                        work.fetchListing(id.substring(0, slash), id.substring(slash + 1));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("media task " + id + " interrupted", e);
                    }
                });
        this.sweep = Tasks.recurring(SWEEP_TASK, FixedDelay.of(sweepInterval))
                .execute((instance, context) -> work.sweep());
    }

    /** The one-time tasks to register in the scheduler. */
    public List<Task<?>> tasks() {
        return List.of(listing);
    }

    /** The recurring tasks to start with the scheduler. */
    public List<RecurringTask<?>> startTasks() {
        return List.of(sweep);
    }

    /** Names of every media task (to count what is queued). */
    public static List<String> names() {
        return List.of(LISTING_TASK);
    }
}
