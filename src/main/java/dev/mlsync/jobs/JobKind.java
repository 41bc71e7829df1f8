package dev.mlsync.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a job does. Incremental and full are replication runs; media and reconcile have handlers of their own. */
public enum JobKind {
    INCREMENTAL, FULL, MEDIA, RECONCILE;

    public static final List<String> NAMES = Arrays.stream(values()).map(JobKind::columnValue).toList();

    public String columnValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobKind of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
