package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.task.Priority;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.mlsync.config.Every;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * One db-scheduler recurring task per feed and schedule ({@code incremental:<feed>}, {@code reconcile:<feed>}).
 * db-scheduler keeps one execution of each in the database, so however many processes run, each tick
 * happens once. A tick only queues a scheduled job (skipped while one of that feed is
 * still open), so the work itself is visible, cancellable and ordered behind manual jobs.
 */
public final class FeedSchedules {
    private FeedSchedules() {
    }

    public static List<Task<?>> of(MlsyncConfig config, JobService jobs) {
        List<Task<?>> tasks = new ArrayList<>();
        for (FeedConfig feed : config.feeds()) {
            Every incremental = feed.schedule().incremental();
            if (incremental != null) {
                tasks.add(Tasks.recurring("incremental:" + feed.id(), schedule(incremental))
                        .defaultPriority(Priority.MEDIUM)
                        .execute((instance, context) -> jobs.submitScheduled(feed.id(), JobKind.INCREMENTAL)));
            }
            Every reconcile = feed.schedule().reconcile();
            if (reconcile != null) {
                tasks.add(Tasks.recurring("reconcile:" + feed.id(), schedule(reconcile))
                        .defaultPriority(Priority.LOW)
                        .execute((instance, context) -> jobs.submitScheduled(feed.id(), JobKind.RECONCILE)));
            }
        }
        return tasks;
    }

    static Schedule schedule(Every every) {
        return every.interval() != null ? Schedules.fixedDelay(every.interval()) : Schedules.cron(every.cron());
    }
}
