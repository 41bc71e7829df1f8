package dev.mlsync.sim;

import java.util.Locale;

/**
 * Rate limits the simulator enforces per credential (a bearer token, or the OAuth2 client a token was issued to).
 *
 * <p>Every window is <em>fixed</em> and aligned to the epoch in UTC: the second, minute, hour and day of the
 * {@link SimOptions#clock()} that a request arrives in. A request is admitted only if every window it falls into has
 * room; a refused request does not use up quota. Data requests ({@code /odata/…}) count against
 * {@code perSecond/perMinute/perHour/perDay}; media downloads ({@code /media/…}) against
 * {@code mediaPerMinute/mediaPerHour}; every response's body bytes (as sent) against {@code bytesPerHour}, which is
 * checked before a request (the request that crosses it is served, the next one is refused). Zero means no limit.
 *
 * <p>Headers advertise the published values; {@code hiddenFraction} &lt; 1 and {@code hiddenPerSecond} make the
 * enforced limits lower than advertised (a provider's undocumented throttle).
 *
 * @param style           how a breach looks: headers, Retry-After, suspension
 * @param hiddenFraction  enforced = max(1, floor(advertised × fraction)); 1 = enforce what is advertised
 * @param hiddenPerSecond an unadvertised per-second cap on data requests, 0 = none
 * @param suspendAfter    under {@link Style#MLSGRID}: breaches within a rolling hour that suspend the credential;
 *                        1 (the default) suspends on the first, a larger value answers the first ones with a
 *                        plain 429 (a provider that tolerates a few slips)
 */
public record SimLimits(Style style, long perSecond, long perMinute, long perHour, long perDay, long bytesPerHour,
                        long mediaPerMinute, long mediaPerHour, double hiddenFraction, long hiddenPerSecond,
                        int suspendAfter) {

    /**
     * How a provider reports limits and breaches.
     * <ul>
     * <li>{@code PLAIN}: no quota headers; 429 with {@code Retry-After}.</li>
     * <li>{@code MLSGRID}: no quota headers and no {@code Retry-After}; a breach suspends the credential for
     * {@link SimOptions#suspension()}, during which every request gets 429.</li>
     * <li>{@code TRESTLE}: {@code Hour-Quota-Limit}, {@code Hour-Quota-Available}, {@code Minute-Quota-Limit},
     * {@code Minute-Quota-Available} on every counted response (media quota on media responses); 429 with
     * {@code Retry-After}.</li>
     * <li>{@code BRIDGE}: {@code Application-RateLimit-Limit/-Remaining/-Reset} (hour) and
     * {@code Burst-RateLimit-Limit/-Remaining/-Reset} (minute), Reset in epoch seconds when the window ends; 429 with
     * {@code Retry-After}.</li>
     * </ul>
     */
    public enum Style { PLAIN, MLSGRID, TRESTLE, BRIDGE }

    /** 4 GiB: MLS Grid's published 4 GB per hour. */
    public static final long MLSGRID_BYTES_PER_HOUR = 4L << 30;

    public SimLimits {
        if (style == null) {
            throw new IllegalArgumentException("limits.style must not be null");
        }
        requireNonNegative("perSecond", perSecond);
        requireNonNegative("perMinute", perMinute);
        requireNonNegative("perHour", perHour);
        requireNonNegative("perDay", perDay);
        requireNonNegative("bytesPerHour", bytesPerHour);
        requireNonNegative("mediaPerMinute", mediaPerMinute);
        requireNonNegative("mediaPerHour", mediaPerHour);
        requireNonNegative("hiddenPerSecond", hiddenPerSecond);
        if (suspendAfter < 1) {
            throw new IllegalArgumentException("limits.suspendAfter must be >= 1, was " + suspendAfter);
        }
        if (!(hiddenFraction > 0 && hiddenFraction <= 1)) {
            throw new IllegalArgumentException("limits.hidden must be in (0, 1], was " + hiddenFraction);
        }
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("limits." + name + " must be >= 0, was " + value);
        }
    }

    /** No limits at all: the default. */
    public static SimLimits none() {
        return new SimLimits(Style.PLAIN, 0, 0, 0, 0, 0, 0, 0, 1.0, 0, 1);
    }

    /** The limits a provider publishes (see PROVIDERS.md); SPARK, RESO and RETS publish none. */
    public static SimLimits ofProfile(SimProfile profile) {
        return switch (profile) {
            case MLSGRID -> new SimLimits(Style.MLSGRID, 2, 0, 7_200, 40_000, MLSGRID_BYTES_PER_HOUR, 0, 0, 1.0, 0, 1);
            case TRESTLE -> new SimLimits(Style.TRESTLE, 0, 180, 7_200, 0, 0, 480, 18_000, 1.0, 0, 1);
            case BRIDGE -> new SimLimits(Style.BRIDGE, 0, 334, 5_000, 0, 0, 0, 0, 1.0, 0, 1);
            case SPARK, RESO, RETS -> none();
        };
    }

    /** {@link #none()} overridden by {@code spec}; see {@link #overriddenBy(String)}. */
    public static SimLimits parse(String spec) {
        return none().overriddenBy(spec);
    }

    /**
     * A copy with the limits named in {@code spec} replaced, e.g. {@code "perSecond=20,perHour=5000,hidden=0.5"}.
     * Keys: perSecond, perMinute, perHour, perDay, bytesPerHour, mediaPerMinute, mediaPerHour, hidden (fraction),
     * hiddenPerSecond, suspendAfter, style (plain, mlsgrid, trestle, bridge). Unnamed limits keep their value.
     */
    public SimLimits overriddenBy(String spec) {
        SimLimits l = this;
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("limits entry '" + pair.trim() + "' must be key=value");
            }
            l = l.with(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return l;
    }

    private SimLimits with(String key, String value) {
        if (key.equals("hidden")) {
            return withHidden(parseDouble(key, value));
        }
        if (key.equals("suspendAfter")) {
            return new SimLimits(style, perSecond, perMinute, perHour, perDay, bytesPerHour, mediaPerMinute,
                    mediaPerHour, hiddenFraction, hiddenPerSecond, (int) parseLong(key, value));
        }
        if (key.equals("style")) {
            return new SimLimits(Style.valueOf(value.toUpperCase(Locale.ROOT)), perSecond, perMinute, perHour, perDay,
                    bytesPerHour, mediaPerMinute, mediaPerHour, hiddenFraction, hiddenPerSecond, suspendAfter);
        }
        long n = parseLong(key, value);
        return switch (key) {
            case "perSecond" -> new SimLimits(style, n, perMinute, perHour, perDay, bytesPerHour, mediaPerMinute,
                    mediaPerHour, hiddenFraction, hiddenPerSecond, suspendAfter);
            case "perMinute" -> new SimLimits(style, perSecond, n, perHour, perDay, bytesPerHour, mediaPerMinute,
                    mediaPerHour, hiddenFraction, hiddenPerSecond, suspendAfter);
            case "perHour" -> new SimLimits(style, perSecond, perMinute, n, perDay, bytesPerHour, mediaPerMinute,
                    mediaPerHour, hiddenFraction, hiddenPerSecond, suspendAfter);
            case "perDay" -> new SimLimits(style, perSecond, perMinute, perHour, n, bytesPerHour, mediaPerMinute,
                    mediaPerHour, hiddenFraction, hiddenPerSecond, suspendAfter);
            case "bytesPerHour" -> new SimLimits(style, perSecond, perMinute, perHour, perDay, n, mediaPerMinute,
                    mediaPerHour, hiddenFraction, hiddenPerSecond, suspendAfter);
            case "mediaPerMinute" -> new SimLimits(style, perSecond, perMinute, perHour, perDay, bytesPerHour, n,
                    mediaPerHour, hiddenFraction, hiddenPerSecond, suspendAfter);
            case "mediaPerHour" -> new SimLimits(style, perSecond, perMinute, perHour, perDay, bytesPerHour,
                    mediaPerMinute, n, hiddenFraction, hiddenPerSecond, suspendAfter);
            case "hiddenPerSecond" -> new SimLimits(style, perSecond, perMinute, perHour, perDay, bytesPerHour,
                    mediaPerMinute, mediaPerHour, hiddenFraction, n, suspendAfter);
            default -> throw new IllegalArgumentException("unknown limits key '" + key + "'; expected perSecond, "
                    + "perMinute, perHour, perDay, bytesPerHour, mediaPerMinute, mediaPerHour, hidden, "
                    + "hiddenPerSecond, suspendAfter or style");
        };
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limits." + key + " must be a whole number, was '" + value + "'");
        }
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limits." + key + " must be a number, was '" + value + "'");
        }
    }

    /** A copy that enforces only {@code fraction} of every advertised limit. */
    public SimLimits withHidden(double fraction) {
        return new SimLimits(style, perSecond, perMinute, perHour, perDay, bytesPerHour, mediaPerMinute, mediaPerHour,
                fraction, hiddenPerSecond, suspendAfter);
    }

    /** {@link #ofProfile} of a profile with a hidden limit of {@code fraction}; see {@link #withHidden}. */
    public static SimLimits hidden(SimProfile profile, double fraction) {
        return ofProfile(profile).withHidden(fraction);
    }

    /** Whether any limit is set. */
    public boolean isEnabled() {
        return perSecond + perMinute + perHour + perDay + bytesPerHour + mediaPerMinute + mediaPerHour
                + hiddenPerSecond > 0;
    }

    /** The limit actually enforced for an advertised one (0 stays 0 = unlimited). */
    long enforced(long advertised) {
        return advertised == 0 ? 0 : Math.max(1, (long) Math.floor(advertised * hiddenFraction));
    }

    /** The enforced per-second limit on data requests, including the hidden cap. */
    long enforcedPerSecond() {
        long base = enforced(perSecond);
        if (hiddenPerSecond == 0) {
            return base;
        }
        return base == 0 ? hiddenPerSecond : Math.min(base, hiddenPerSecond);
    }
}
