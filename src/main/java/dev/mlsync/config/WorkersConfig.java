package dev.mlsync.config;

import java.time.Duration;

/**
 * The top-level {@code workers:} settings of {@code mlsync serve} and {@code mlsync worker}.
 *
 * @param threads           jobs one process runs at once
 * @param pollingInterval   how often an idle process looks for due work
 * @param heartbeatInterval how often a process marks the work it holds as alive
 * @param missedHeartbeats  heartbeats missed before another process takes the work over; so the work of a
 *                          process that died is picked up within {@link #takeoverWithin()}
 * @param shutdownTimeout   on SIGTERM, how long running jobs get to reach a page boundary and hand over
 */
public record WorkersConfig(int threads, Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeats,
                            Duration shutdownTimeout) {
    public static final int DEFAULT_THREADS = 4;
    public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_MISSED_HEARTBEATS = 6;
    /** db-scheduler's own minimum. */
    public static final int MIN_MISSED_HEARTBEATS = 4;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final WorkersConfig DEFAULTS = new WorkersConfig(DEFAULT_THREADS, DEFAULT_POLLING_INTERVAL,
            DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_MISSED_HEARTBEATS, DEFAULT_SHUTDOWN_TIMEOUT);

    public WorkersConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("workers.threads must be >= 1, was " + threads);
        }
        if (missedHeartbeats < MIN_MISSED_HEARTBEATS) {
            throw new IllegalArgumentException("workers.missedHeartbeats must be >= " + MIN_MISSED_HEARTBEATS
                    + ", was " + missedHeartbeats);
        }
    }

    public static WorkersConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * How long work held by a process that dies can wait before another process takes it over: its execution
     * counts as dead once its last heartbeat is heartbeatInterval × missedHeartbeats old; db-scheduler looks for
     * dead executions every 2 × heartbeatInterval and revives them to run now, and a process picks them up at its
     * next poll. So heartbeatInterval × (missedHeartbeats + 2) + pollingInterval (82 s by default).
     */
    public Duration takeoverWithin() {
        return heartbeatInterval.multipliedBy(missedHeartbeats + 2L).plus(pollingInterval);
    }
}
