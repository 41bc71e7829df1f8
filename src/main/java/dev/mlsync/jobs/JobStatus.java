package dev.mlsync.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where a job is in its life: queued → running → completed | failed | cancelled. */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public static final List<String> NAMES = Arrays.stream(values()).map(JobStatus::columnValue).toList();

    public String columnValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The status named {@code value} (lowercase), or an {@link IllegalArgumentException}. */
    public static JobStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
