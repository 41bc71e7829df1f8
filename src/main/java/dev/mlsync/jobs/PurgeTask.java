package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.Purger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * {@value #NAME}: the recurring cleanup that purges records soft-deleted longer than each feed's
 * {@code lifecycle.purgeAfter} ({@link Purger}). It runs in every worker and serve process, but db-scheduler keeps
 * one execution of a recurring task in the database, so one process at a time, cluster-wide, does it. A feed
 * that fails is logged and the others go on.
 */
public final class PurgeTask {
    public static final String NAME = "lifecycle-purge";
    static final Duration INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(PurgeTask.class);

    private PurgeTask() {
    }

    public static Task<?> of(MlsyncConfig config, Purger purger) {
        return Tasks.recurring(NAME, FixedDelay.of(INTERVAL)).execute((instance, context) -> {
            for (FeedConfig feed : config.feeds()) {
                try {
                    purger.purge(feed);
                } catch (RuntimeException e) {
                    LOG.error("feed {}: purge of deleted records failed ({}); trying again in {}", feed.id(),
                            e.getMessage(), INTERVAL);
                }
            }
        });
    }
}
