package dev.mlsync.config;

import java.util.List;

/** Reads a feed's {@code limits:} (the credential's request limits) and {@code quota:} (this feed's share). */
final class LimitsBinder {
    private static final List<String> LIMIT_KEYS = List.of("perSecond", "perMinute", "perHour", "perDay",
            "mediaPerMinute", "mediaPerHour", "mediaPerDay", "bytesPerHour");
    private static final List<String> QUOTA_KEYS = List.of("share");

    private LimitsBinder() {
    }

    static RateLimits limits(Mapping feed) {
        Mapping limits = feed.mapping("limits");
        if (limits == null) {
            return RateLimits.none();
        }
        limits.allowOnly(LIMIT_KEYS);
        return new RateLimits(positive(limits, "perSecond"), positive(limits, "perMinute"),
                positive(limits, "perHour"), positive(limits, "perDay"), positive(limits, "mediaPerMinute"),
                positive(limits, "mediaPerHour"), positive(limits, "mediaPerDay"), bytes(limits));
    }

    static QuotaConfig quota(Mapping feed) {
        Mapping quota = feed.mapping("quota");
        if (quota == null) {
            return QuotaConfig.ofDefaults();
        }
        quota.allowOnly(QUOTA_KEYS);
        Double share = quota.number("share");
        if (share == null) {
            return QuotaConfig.ofDefaults();
        }
        if (!(share > 0 && share <= 1)) {
            quota.problems().add(quota.pathOf("share"), "must be > 0 and <= 1, was " + share);
            return QuotaConfig.ofDefaults();
        }
        return new QuotaConfig(share);
    }

    private static Long bytes(Mapping limits) {
        Double value = limits.number("bytesPerHour");
        if (value == null) {
            return null;
        }
        if (!(value >= 1) || value != Math.floor(value) || value > 1e18) {
            limits.problems().add(limits.pathOf("bytesPerHour"), "must be a whole number > 0, was " + value);
            return null;
        }
        return value.longValue();
    }

    private static Integer positive(Mapping limits, String key) {
        Integer value = limits.integer(key);
        if (value != null && value < 1) {
            limits.problems().add(limits.pathOf(key), "must be > 0, was " + value);
            return null;
        }
        return value;
    }
}
