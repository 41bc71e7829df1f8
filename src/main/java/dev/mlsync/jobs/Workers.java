package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.mlsync.config.WorkersConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * The process's one db-scheduler {@link Scheduler}: it polls {@code scheduled_tasks} (priority first,
 * SKIP LOCKED), runs due executions of the given tasks on its threads and heartbeats them. Work held
 * by a process that stops heartbeating is revived by another process after
 * {@link WorkersConfig#takeoverWithin()}. Closing stops picking new work, asks running jobs to stop at
 * their next page boundary (they go back to the queue) and waits up to the shutdown timeout.
 */
public final class Workers implements AutoCloseable {
    /** Executions whose task this process does not know (a feed removed from the config) are dropped after this. */
    static final Duration DELETE_UNRESOLVED_AFTER = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    private final Scheduler scheduler;
    private final String name;

    private Workers(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    /**
     * Builds and starts the scheduler. {@code tasks} holds every task this process runs (jobs, feed
     * schedules, media, ...); recurring ones are scheduled on startup if they are not already.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Workers start(DataSource dataSource, WorkersConfig settings, String name, List<Task<?>> tasks) {
        // Recurring tasks are known through startTasks, which also schedules them if they are not yet.
        List recurring = tasks.stream().filter(t -> t instanceof RecurringTask<?>).toList();
        List<Task<?>> others = tasks.stream().filter(t -> !(t instanceof RecurringTask<?>)).toList();
        Scheduler scheduler = Scheduler.create(dataSource, others)
                .startTasks(recurring)
                .enablePriority()
                .jdbcCustomization(new PostgreSqlJdbcCustomization(false, false))
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(settings.threads())
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .shutdownMaxWait(settings.shutdownTimeout())
                .deleteUnresolvedAfter(DELETE_UNRESOLVED_AFTER)
                .build();
        scheduler.start();
        LOG.info("workers {} started: {} threads, {} tasks; work of a process that dies is taken over within {}s",
                name, settings.threads(), tasks.size(), settings.takeoverWithin().toSeconds());
        return new Workers(scheduler, name);
    }

    public String name() {
        return name;
    }

    /** True while the scheduler runs (started and not shutting down): the readiness check asks this. */
    public boolean running() {
        var state = scheduler.getSchedulerState();
        return state.isStarted() && !state.isShuttingDown();
    }

    /** Graceful stop: no new work is picked; running jobs stop at a page boundary and are queued again. */
    @Override
    public void close() {
        LOG.info("workers {} stopping: running jobs stop at their next page boundary and go back to the queue", name);
        scheduler.stop();
    }
}
