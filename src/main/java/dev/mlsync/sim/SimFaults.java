package dev.mlsync.sim;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Faults the simulator injects into data ({@code /odata/…}) and media ({@code /media/…}) requests that passed
 * authorization and rate limits. Off by default ({@link #none()}).
 *
 * <p>Each fault is decided from a hash of (seed, credential, path without query, that credential's request sequence
 * number on that path, fault kind), so the same request sequence against the same seed meets the same faults. At
 * most one fault per request: the first kind, in declaration order, whose draw falls under its probability.
 *
 * @param probabilities probability in [0, 1] per kind; missing kinds are 0
 * @param slowMillis    how long a {@link Kind#SLOW} response is delayed before it is served normally
 */
public record SimFaults(Map<Kind, Double> probabilities, long slowMillis) {

    /** Default delay of a slow response: longer than any sane client read timeout in tests. */
    public static final long DEFAULT_SLOW_MILLIS = 5_000;

    /** The spec of {@code named("default")}. */
    public static final String DEFAULT_PROFILE =
            "http5xx=0.04,throttled=0.01,reset=0.01,slow=0.01,slowMillis=2000,truncated=0.01,malformed=0.005";

    /** A kind of injected fault and the spec key that sets its probability. */
    public enum Kind {
        /** 500 with a JSON error body. */
        HTTP_500("http500", true, true),
        /** 502 with a JSON error body. */
        HTTP_502("http502", true, true),
        /** 503 with a JSON error body. */
        HTTP_503("http503", true, true),
        /** 504 with a JSON error body. */
        HTTP_504("http504", true, true),
        /** The connection is closed without any response (logged with status 0). */
        RESET("reset", true, true),
        /** The response is delayed by {@code slowMillis}, then served normally. */
        SLOW("slow", true, true),
        /** Content-Length of the whole body, then half of it, then the connection is closed. */
        TRUNCATED("truncated", true, true),
        /** One record in the middle of a page is written as broken JSON (data requests only). */
        MALFORMED("malformed", true, false),
        /** 200 with an HTML error page, Content-Type text/html (data requests only). */
        HTML("html", true, false),
        /** 403 as an expired signed media URL answers, S3-style XML (media only). */
        EXPIRED_MEDIA("expiredMedia", false, true),
        /** 404 for a photo that should exist (media only). */
        MISSING_MEDIA("missingMedia", false, true),
        /** 200 image/jpeg whose bytes are damaged: second part zeroed, end-of-image marker cut (media only). */
        CORRUPT_JPEG("corruptJpeg", false, true),
        /**
         * 200 with nothing in it, as an outage that looks like an empty feed answers: OData {@code "value": []}
         * without a nextLink, RETS ReplyCode 20201 (data requests only).
         */
        EMPTY("empty", true, false),
        /** 429 with {@code Retry-After: 1}, as a provider's own throttle answers outside any published limit. */
        THROTTLED("throttled", true, true);

        private final String key;
        private final boolean data;
        private final boolean media;

        Kind(String key, boolean data, boolean media) {
            this.key = key;
            this.data = data;
            this.media = media;
        }

        /** The key in {@link #parse} specs. */
        public String key() {
            return key;
        }

        boolean appliesTo(boolean mediaRequest) {
            return mediaRequest ? media : data;
        }

        int status() {
            return switch (this) {
                case HTTP_500 -> 500;
                case HTTP_502 -> 502;
                case HTTP_503 -> 503;
                case HTTP_504 -> 504;
                case EXPIRED_MEDIA -> 403;
                case MISSING_MEDIA -> 404;
                case THROTTLED -> 429;
                default -> 200;
            };
        }
    }

    public SimFaults {
        EnumMap<Kind, Double> copy = new EnumMap<>(Kind.class);
        probabilities.forEach((kind, p) -> {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("faults." + kind.key + " must be in [0, 1], was " + p);
            }
            if (p > 0) {
                copy.put(kind, p);
            }
        });
        probabilities = Collections.unmodifiableMap(copy);
        if (slowMillis < 0) {
            throw new IllegalArgumentException("faults.slowMillis must be >= 0, was " + slowMillis);
        }
    }

    /** No faults: the default. */
    public static SimFaults none() {
        return new SimFaults(Map.of(), DEFAULT_SLOW_MILLIS);
    }

    /**
     * A named fault profile: {@code none}, or {@code default} = 4% 5xx (1% each of 500/502/503/504), 1% 429 with
     * {@code Retry-After: 1}, 1% connection resets, 1% responses delayed by 2 s, 1% truncated bodies, 0.5% malformed
     * records (malformed applies to data requests only).
     */
    public static SimFaults named(String name) {
        return switch (name) {
            case "none" -> none();
            case "default" -> parse(DEFAULT_PROFILE);
            default -> throw new IllegalArgumentException("unknown fault profile '" + name + "'; expected none or default");
        };
    }

    /**
     * Faults from {@code "http500=0.05,reset=0.01,..."}: one key per {@link Kind#key()}, plus {@code http5xx} (spread
     * evenly over 500/502/503/504) and {@code slowMillis}. A bare name ({@code "default"}) is {@link #named}.
     */
    public static SimFaults parse(String spec) {
        if (!spec.contains("=")) {
            return named(spec.trim());
        }
        EnumMap<Kind, Double> p = new EnumMap<>(Kind.class);
        long slow = DEFAULT_SLOW_MILLIS;
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("faults entry '" + pair.trim() + "' must be key=value");
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (key.equals("slowMillis")) {
                slow = parseNumber(key, value).longValue();
            } else if (key.equals("http5xx")) {
                double each = parseNumber(key, value).doubleValue() / 4;
                for (Kind k : new Kind[] {Kind.HTTP_500, Kind.HTTP_502, Kind.HTTP_503, Kind.HTTP_504}) {
                    p.merge(k, each, Double::sum);
                }
            } else {
                p.merge(kindOf(key), parseNumber(key, value).doubleValue(), Double::sum);
            }
        }
        return new SimFaults(p, slow);
    }

    private static Kind kindOf(String key) {
        for (Kind k : Kind.values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown faults key '" + key + "'; expected http5xx, slowMillis or one of "
                + java.util.Arrays.stream(Kind.values()).map(Kind::key).toList());
    }

    private static Double parseNumber(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("faults." + key + " must be a number, was '" + value + "'");
        }
    }

    /** A copy with one kind's probability set. */
    public SimFaults with(Kind kind, double probability) {
        EnumMap<Kind, Double> p = new EnumMap<>(Kind.class);
        p.putAll(probabilities);
        p.put(kind, probability);
        return new SimFaults(p, slowMillis);
    }

    /** A copy with another slow-response delay. */
    public SimFaults withSlowMillis(long millis) {
        return new SimFaults(probabilities, millis);
    }

    /** Whether any fault has a probability above zero. */
    public boolean isEnabled() {
        return !probabilities.isEmpty();
    }

    double probability(Kind kind) {
        return probabilities.getOrDefault(kind, 0.0);
    }
}
