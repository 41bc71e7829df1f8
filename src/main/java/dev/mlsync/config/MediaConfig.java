package dev.mlsync.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code media:} section: how photos are downloaded, checked and resized.
 *
 * @param workers         download workers per process (each runs one listing's media task at a time)
 * @param maxBytes        a download larger than this is rejected (and never stored)
 * @param maxPixels       an image whose width × height exceeds this is rejected (decompression bombs)
 * @param maxAttempts     transient failures (network, 5xx, 429) are retried this many times, then the photo is failed
 * @param goneGrace       objects of photos gone from the MLS are deleted this long after they went
 * @param sweepInterval   how often the media sweep schedules pending photos and purges gone ones
 * @param derivatives     widths (px) of the JPEG derivatives made from every original; empty = none
 * @param webp            also write a WebP of the largest derivative
 * @param jpegQuality     quality of the JPEG derivatives, in (0, 1]
 * @param retryDelay      first retry delay after a transient failure (doubling per attempt, with jitter), and
 *                        the first backoff of a failing host
 * @param abandonedWriteAfter an object write whose row is not recorded this long after it began is taken for
 *                        abandoned (its process died): the media sweep adopts or deletes the object. Longer than
 *                        any put can take (an S3 call gives up after 5 minutes)
 */
public record MediaConfig(int workers, long maxBytes, long maxPixels, int maxAttempts, Duration goneGrace,
                          Duration sweepInterval, List<Integer> derivatives, boolean webp, double jpegQuality,
                          Duration retryDelay, Duration abandonedWriteAfter) {
    public static final int DEFAULT_WORKERS = 4;
    public static final long DEFAULT_MAX_BYTES = 30L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_GONE_GRACE = Duration.ofDays(7);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
    public static final List<Integer> DEFAULT_DERIVATIVES = List.of(320, 800, 1600);
    public static final double DEFAULT_JPEG_QUALITY = 0.82;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ABANDONED_WRITE_AFTER = Duration.ofMinutes(10);

    public MediaConfig {
        derivatives = List.copyOf(derivatives).stream().sorted().distinct().toList();
    }

    /** Every setting but {@code abandonedWriteAfter}, which takes its default. */
    public MediaConfig(int workers, long maxBytes, long maxPixels, int maxAttempts, Duration goneGrace,
                       Duration sweepInterval, List<Integer> derivatives, boolean webp, double jpegQuality,
                       Duration retryDelay) {
        this(workers, maxBytes, maxPixels, maxAttempts, goneGrace, sweepInterval, derivatives, webp, jpegQuality,
                retryDelay, DEFAULT_ABANDONED_WRITE_AFTER);
    }

    public static MediaConfig ofDefaults() {
        return new MediaConfig(DEFAULT_WORKERS, DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_GONE_GRACE, DEFAULT_SWEEP_INTERVAL, DEFAULT_DERIVATIVES, true, DEFAULT_JPEG_QUALITY,
                DEFAULT_RETRY_DELAY);
    }

    /** The derivatives of a feed without settings of its own. */
    public DerivativeSettings derivativeSettings() {
        return new DerivativeSettings(derivatives, webp, jpegQuality);
    }

    public MediaConfig withRetryDelay(Duration delay) {
        return new MediaConfig(workers, maxBytes, maxPixels, maxAttempts, goneGrace, sweepInterval, derivatives, webp,
                jpegQuality, delay, abandonedWriteAfter);
    }

    public MediaConfig withDerivatives(List<Integer> widths, boolean withWebp) {
        return new MediaConfig(workers, maxBytes, maxPixels, maxAttempts, goneGrace, sweepInterval, widths, withWebp,
                jpegQuality, retryDelay, abandonedWriteAfter);
    }

    public MediaConfig withGoneGrace(Duration grace) {
        return new MediaConfig(workers, maxBytes, maxPixels, maxAttempts, grace, sweepInterval, derivatives, webp,
                jpegQuality, retryDelay, abandonedWriteAfter);
    }

    public MediaConfig withWorkers(int count) {
        return new MediaConfig(count, maxBytes, maxPixels, maxAttempts, goneGrace, sweepInterval, derivatives, webp,
                jpegQuality, retryDelay, abandonedWriteAfter);
    }

    public MediaConfig withLimits(long bytes, long pixels) {
        return new MediaConfig(workers, bytes, pixels, maxAttempts, goneGrace, sweepInterval, derivatives, webp,
                jpegQuality, retryDelay, abandonedWriteAfter);
    }

    public MediaConfig withAbandonedWriteAfter(Duration after) {
        return new MediaConfig(workers, maxBytes, maxPixels, maxAttempts, goneGrace, sweepInterval, derivatives, webp,
                jpegQuality, retryDelay, after);
    }
}
