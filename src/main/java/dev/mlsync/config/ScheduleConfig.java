package dev.mlsync.config;

import java.time.Duration;

/**
 * A feed's {@code schedule:}: when workers queue its recurring jobs. A null entry is {@code off}.
 *
 * @param incremental incremental sync (default every 15 minutes)
 * @param reconcile   key reconciliation (default daily; a no-op until reconciliation is built)
 */
public record ScheduleConfig(Every incremental, Every reconcile) {
    public static final Every DEFAULT_INCREMENTAL = Every.interval(Duration.ofMinutes(15));
    public static final Every DEFAULT_RECONCILE = Every.interval(Duration.ofDays(1));
    private static final ScheduleConfig DEFAULTS = new ScheduleConfig(DEFAULT_INCREMENTAL, DEFAULT_RECONCILE);

    public static ScheduleConfig ofDefaults() {
        return DEFAULTS;
    }
}
