package dev.mlsync.config;

/**
 * A feed's {@code limits:}: request limits of its credential that replace the provider preset's
 * published values. A null value keeps the preset's (or no limit, when the preset publishes none).
 *
 * @param perSecond requests per second
 * @param perMinute requests per minute
 * @param perHour   requests per hour
 * @param perDay    requests per day
 * @param mediaPerMinute media downloads per minute
 * @param mediaPerHour   media downloads per hour
 * @param mediaPerDay    media downloads per day
 * @param bytesPerHour   response bytes per hour
 */
public record RateLimits(Integer perSecond, Integer perMinute, Integer perHour, Integer perDay,
                         Integer mediaPerMinute, Integer mediaPerHour, Integer mediaPerDay, Long bytesPerHour) {
    private static final RateLimits NONE = new RateLimits(null, null, null, null);

    public RateLimits {
        requirePositive("perSecond", perSecond);
        requirePositive("perMinute", perMinute);
        requirePositive("perHour", perHour);
        requirePositive("perDay", perDay);
        requirePositive("mediaPerMinute", mediaPerMinute);
        requirePositive("mediaPerHour", mediaPerHour);
        requirePositive("mediaPerDay", mediaPerDay);
        if (bytesPerHour != null && bytesPerHour < 1) {
            throw new IllegalArgumentException("limits.bytesPerHour must be > 0, was " + bytesPerHour);
        }
    }

    /** Request limits only (no media or byte limits of the feed's own). */
    public RateLimits(Integer perSecond, Integer perMinute, Integer perHour, Integer perDay) {
        this(perSecond, perMinute, perHour, perDay, null, null, null, null);
    }

    public static RateLimits none() {
        return NONE;
    }

    private static void requirePositive(String name, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException("limits." + name + " must be > 0, was " + value);
        }
    }
}
