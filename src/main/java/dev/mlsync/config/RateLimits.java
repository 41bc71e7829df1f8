package dev.mlsync.config;

/**
 * A feed's {@code limits:}: request limits of its credential that replace the provider preset's
 * published values. A null value keeps the preset's (or no limit, when the preset publishes none).
 *
 * @param perSecond requests per second
 * @param perMinute requests per minute
 * @param perHour   requests per hour
 * @param perDay    requests per day
 */
public record RateLimits(Integer perSecond, Integer perMinute, Integer perHour, Integer perDay) {
    private static final RateLimits NONE = new RateLimits(null, null, null, null);

    public RateLimits {
        requirePositive("perSecond", perSecond);
        requirePositive("perMinute", perMinute);
        requirePositive("perHour", perHour);
        requirePositive("perDay", perDay);
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
