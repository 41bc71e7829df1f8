package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.mlsync.media.MediaWork;
import dev.mlsync.store.MediaStore;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * A db-scheduler Scheduler running only the media tasks, for {@code mlsync media}, benchmarks and tests.
 * (The jobs service will register {@link MediaTasks} in its one shared Scheduler instead.) Any number of
 * processes may run one against the same database: executions are picked by exactly one of them.
 */
public final class MediaWorkers implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);

    private final Scheduler scheduler;
    private final MediaWork work;

    private MediaWorkers(Scheduler scheduler, MediaWork work) {
        this.scheduler = scheduler;
        this.work = work;
    }

    /** Starts {@code threads} download workers polling the shared queue. */
    public static MediaWorkers start(DataSource dataSource, MediaWork work, int threads, Duration sweepInterval,
                                     String name) {
        MediaTasks tasks = new MediaTasks(work, sweepInterval);
        var builder = Scheduler.create(dataSource, tasks.tasks())
                .startTasks(tasks.startTasks())
                .enablePriority()
                .threads(threads)
                .pollingInterval(POLL)
                .heartbeatInterval(Duration.ofSeconds(10))
                .deleteUnresolvedAfter(Duration.ofDays(7))
                .shutdownMaxWait(Duration.ofSeconds(30))
                .enableImmediateExecution();
        if (name != null) {
            builder.schedulerName(new com.github.kagkarlsson.scheduler.SchedulerName.Fixed(name));
        }
        Scheduler scheduler = builder.build();
        scheduler.start();
        return new MediaWorkers(scheduler, work);
    }

    /**
     * Waits until no media execution is queued or running, no pending photo is due before {@code deadline}
     * and no derivative is being made, sweeping now and then (so photos whose retry time came are scheduled again), or until
     * {@code deadline} or {@code stop} says so. True when idle.
     */
    public boolean awaitIdle(Instant deadline, BooleanSupplier stop, Runnable onPoll) throws InterruptedException {
        MediaStore store = work.store();
        long lastSweep = 0;
        while (Instant.now().isBefore(deadline) && !stop.getAsBoolean()) {
            if (System.nanoTime() - lastSweep > 1_000_000_000L) {
                work.sweep();
                lastSweep = System.nanoTime();
            }
            onPoll.run();
            if (store.queued(MediaTasks.names()) == 0 && work.derivativesIdle()
                    && store.schedulePending(MediaTasks.LISTING_TASK, null, null, null, Instant.now()) == 0) {
                Instant retry = store.nextRetry(null);
                if (store.queued(MediaTasks.names()) == 0 && (retry == null || retry.isAfter(deadline))) {
                    return true;
                }
            }
            scheduler.triggerCheckForDueExecutions();
            Thread.sleep(POLL.toMillis() / 2);
        }
        return false;
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
