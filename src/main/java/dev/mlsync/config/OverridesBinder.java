package dev.mlsync.config;

import java.util.List;
import java.util.regex.Pattern;

/** Reads a feed's {@code overrides:} of its provider preset. */
final class OverridesBinder {
    private static final List<String> KEYS =
            List.of("maxPageSize", "expandMedia", "mediaBatchSize", "timestampField", "overlapSeconds", "keysetPaging");
    /** The field goes into an OData $filter, so it must be a plain identifier. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int MAX_MEDIA_BATCH = 1000;
    private static final int MAX_OVERLAP_SECONDS = 7 * 24 * 3600;

    private OverridesBinder() {
    }

    static ProfileOverrides bind(Mapping feed) {
        Mapping overrides = feed.mapping("overrides");
        if (overrides == null) {
            return ProfileOverrides.none();
        }
        overrides.allowOnly(KEYS);
        return new ProfileOverrides(
                inRange(overrides, "maxPageSize", 1, Integer.MAX_VALUE),
                overrides.bool("expandMedia"),
                inRange(overrides, "mediaBatchSize", 1, MAX_MEDIA_BATCH),
                fieldName(overrides, "timestampField"),
                inRange(overrides, "overlapSeconds", 0, MAX_OVERLAP_SECONDS),
                overrides.bool("keysetPaging"));
    }

    private static Integer inRange(Mapping overrides, String key, int min, int max) {
        Integer value = overrides.integer(key);
        if (value != null && value < min) {
            overrides.problems().add(overrides.pathOf(key), "must be >= " + min + ", was " + value);
            return null;
        }
        if (value != null && value > max) {
            overrides.problems().add(overrides.pathOf(key), "must be <= " + max + ", was " + value);
            return null;
        }
        return value;
    }

    private static String fieldName(Mapping overrides, String key) {
        String value = overrides.text(key);
        if (value != null && !FIELD_NAME.matcher(value).matches()) {
            overrides.problems().add(overrides.pathOf(key), "must be a field name like ModificationTimestamp, was "
                    + Mapping.quote(value));
            return null;
        }
        return value;
    }
}
