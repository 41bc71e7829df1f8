package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import java.time.Duration;
import java.util.List;

/** Reads a feed's {@code schedule:} and the top-level {@code workers:}. */
final class ScheduleBinder {
    private static final List<String> SCHEDULE_KEYS = List.of("incremental", "reconcile");
    private static final List<String> WORKERS_KEYS = List.of("threads", "pollingInterval", "heartbeatInterval",
            "missedHeartbeats", "shutdownTimeout");
    private static final String FORMS = "an interval such as 15m, 2h or 1d, \"cron <6 fields, seconds first>\", "
            + "daily, or off";

    private ScheduleBinder() {
    }

    static ScheduleConfig schedule(Mapping feed) {
        Mapping schedule = feed.mapping("schedule");
        if (schedule == null) {
            return ScheduleConfig.ofDefaults();
        }
        schedule.allowOnly(SCHEDULE_KEYS);
        return new ScheduleConfig(every(schedule, "incremental", ScheduleConfig.DEFAULT_INCREMENTAL),
                every(schedule, "reconcile", ScheduleConfig.DEFAULT_RECONCILE));
    }

    private static Every every(Mapping schedule, String key, Every otherwise) {
        if (!schedule.has(key)) {
            return otherwise;
        }
        if (schedule.get(key).isBoolean() && !schedule.get(key).booleanValue()) {
            return null; // YAML 1.1 reads a bare off as false
        }
        String text = schedule.text(key);
        if (text == null) {
            return otherwise;
        }
        String value = text.trim();
        if (value.equals("off")) {
            return null;
        }
        if (value.equals("daily")) {
            return Every.interval(Duration.ofDays(1));
        }
        if (value.startsWith("cron ")) {
            String expression = value.substring(5).trim();
            try {
                Schedules.cron(expression);
                return Every.cron(expression);
            } catch (RuntimeException e) {
                schedule.problems().add(schedule.pathOf(key), "invalid cron expression " + Mapping.quote(expression)
                        + ": " + e.getMessage() + " (six fields, seconds first: \"cron 0 */15 * * * *\")");
                return otherwise;
            }
        }
        Duration interval = Durations.parse(value);
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            schedule.problems().add(schedule.pathOf(key), "expected " + FORMS + ", was " + Mapping.quote(value));
            return otherwise;
        }
        return Every.interval(interval);
    }

    static WorkersConfig workers(Mapping root) {
        Mapping workers = root.mapping("workers");
        if (workers == null) {
            return WorkersConfig.ofDefaults();
        }
        workers.allowOnly(WORKERS_KEYS);
        WorkersConfig d = WorkersConfig.ofDefaults();
        int threads = atLeast(1, workers, "threads", d.threads());
        int missed = atLeast(WorkersConfig.MIN_MISSED_HEARTBEATS, workers, "missedHeartbeats", d.missedHeartbeats());
        return new WorkersConfig(threads, duration(workers, "pollingInterval", d.pollingInterval()),
                duration(workers, "heartbeatInterval", d.heartbeatInterval()), missed,
                duration(workers, "shutdownTimeout", d.shutdownTimeout()));
    }

    private static int atLeast(int minimum, Mapping workers, String key, int otherwise) {
        Integer value = workers.integer(key);
        if (value == null) {
            return otherwise;
        }
        if (value < minimum) {
            workers.problems().add(workers.pathOf(key), "must be >= " + minimum + ", was " + value);
            return otherwise;
        }
        return value;
    }

    private static Duration duration(Mapping workers, String key, Duration otherwise) {
        String text = workers.text(key);
        if (text == null) {
            return otherwise;
        }
        Duration value = Durations.parse(text);
        if (value == null || value.isZero()) {
            workers.problems().add(workers.pathOf(key), "expected a duration such as 500ms, 10s or 1m, was "
                    + Mapping.quote(text.trim()));
            return otherwise;
        }
        return value;
    }
}
