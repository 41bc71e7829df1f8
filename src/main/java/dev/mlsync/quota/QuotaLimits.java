package dev.mlsync.quota;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.ProviderPreset;
import dev.mlsync.config.RateLimits;

/**
 * The limits one feed must stay under; null = none. The provider preset's published limits,
 * replaced by the feed's {@code limits:}, times its {@code quota.share} (rounded down, at least 1).
 */
public record QuotaLimits(Integer perSecond, Integer perMinute, Integer perHour, Integer perDay,
                          Integer mediaPerMinute, Integer mediaPerHour, Integer mediaPerDay, Long bytesPerHour) {
    /** Requests per second assumed for adaptive slowing when nothing is published. */
    static final double UNPUBLISHED_RATE = 10;

    public static QuotaLimits of(FeedConfig feed) {
        ProviderPreset preset = ProviderPreset.of(feed.provider());
        RateLimits own = feed.limits();
        double share = feed.quota().share();
        Long bytes = own.bytesPerHour() != null ? own.bytesPerHour() : preset.bytesPerHour();
        return new QuotaLimits(
                scaled(first(own.perSecond(), preset.perSecond()), share),
                scaled(first(own.perMinute(), preset.perMinute()), share),
                scaled(first(own.perHour(), preset.perHour()), share),
                scaled(first(own.perDay(), preset.perDay()), share),
                scaled(first(own.mediaPerMinute(), preset.mediaPerMinute()), share),
                scaled(first(own.mediaPerHour(), preset.mediaPerHour()), share),
                scaled(own.mediaPerDay(), share),
                bytes == null ? null : (long) Math.max(1, Math.floor(bytes * share)));
    }

    Integer of(Window window) {
        return switch (window) {
            case REQUESTS_SECOND -> perSecond;
            case REQUESTS_MINUTE -> perMinute;
            case REQUESTS_HOUR -> perHour;
            case REQUESTS_DAY -> perDay;
            case MEDIA_MINUTE -> mediaPerMinute;
            case MEDIA_HOUR -> mediaPerHour;
            case MEDIA_DAY -> mediaPerDay;
        };
    }

    /** The steady rate the windows allow, in requests per second; infinite when none is published. */
    double ceilingPerSecond() {
        if (perSecond != null) {
            return perSecond;
        }
        if (perMinute != null) {
            return perMinute / 60.0;
        }
        return perHour != null ? perHour / 3600.0 : Double.POSITIVE_INFINITY;
    }

    private static Integer first(Integer own, Integer preset) {
        return own != null ? own : preset;
    }

    private static Integer scaled(Integer limit, double share) {
        return limit == null ? null : (int) Math.max(1, Math.floor(limit * share));
    }
}
