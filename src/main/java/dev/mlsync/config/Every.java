package dev.mlsync.config;

import java.time.Duration;

/**
 * When a recurring task runs: every fixed interval (counted from the end of the previous run), or by a
 * cron expression (six fields, seconds first, as db-scheduler reads them: {@code 0 *&#47;15 * * * *}).
 * Exactly one of the two is set.
 */
public record Every(Duration interval, String cron) {
    public Every {
        if ((interval == null) == (cron == null)) {
            throw new IllegalArgumentException("a schedule has either an interval or a cron expression");
        }
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("a schedule interval must be > 0, was " + interval);
        }
    }

    public static Every interval(Duration interval) {
        return new Every(interval, null);
    }

    public static Every cron(String expression) {
        return new Every(null, expression);
    }

    @Override
    public String toString() {
        return interval != null ? Durations.format(interval) : "cron " + cron;
    }
}
