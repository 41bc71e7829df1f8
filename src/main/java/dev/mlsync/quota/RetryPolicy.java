package dev.mlsync.quota;

import dev.mlsync.source.SourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Retries a provider call that failed for a reason that passes: network errors, 5xx answers, a body
 * cut short or garbled in transit (exponential backoff with full jitter), and rate limits (which the
 * quota already makes wait, and which never use up an attempt). Authentication failures and bad
 * requests are not retried: repeating them cannot help and may lock the credential.
 */
public final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    /** Rate-limited attempts allowed on top of {@code maxAttempts}, so a provider that only ever says 429 still ends. */
    private static final int MAX_RATE_LIMITED = 20;

    private final int maxAttempts;
    private final Duration base;
    private final Duration max;
    private final Sleeper sleeper;
    private final Random random;

    private RetryPolicy(int maxAttempts, Duration base, Duration max, Sleeper sleeper, Random random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.max = max;
        this.sleeper = sleeper;
        this.random = random;
    }

    public static RetryPolicy of(int maxAttempts, Duration base, Duration max, Sleeper sleeper, Random random) {
        return new RetryPolicy(maxAttempts, base, max, sleeper, random);
    }

    /** 6 attempts, backoff from 1 s up to 60 s. */
    public static RetryPolicy ofDefaults(Sleeper sleeper) {
        return of(6, Duration.ofSeconds(1), Duration.ofSeconds(60), sleeper, new Random());
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or runs out of attempts (then its error is thrown). */
    public <T> T call(String what, Supplier<T> attempt) {
        int failures = 0;
        int rateLimited = 0;
        while (true) {
            try {
                return attempt.get();
            } catch (SourceException e) {
                boolean limited = e.category() == SourceException.Category.RATE_LIMIT;
                if (!retryable(e) || (limited ? ++rateLimited > MAX_RATE_LIMITED : ++failures >= maxAttempts)) {
                    throw e;
                }
                Duration wait = limited ? Duration.ZERO : backoff(failures);
                LOG.warn("{} failed: {}; retrying in {} ms (attempt {} of {})", what, e.getMessage(), wait.toMillis(),
                        failures + 1, maxAttempts);
                pause(wait);
            }
        }
    }

    static boolean retryable(SourceException e) {
        return switch (e.category()) {
            case NETWORK, SERVER, MALFORMED, RATE_LIMIT -> true;
            case AUTH, BAD_REQUEST -> false;
        };
    }

    /** Full jitter: a uniform wait between 0 and min(max, base * 2^(failures-1)). */
    Duration backoff(int failures) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(failures - 1, 20));
        return Duration.ofMillis(ceiling <= 0 ? 0 : (long) (random.nextDouble() * ceiling));
    }

    private void pause(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
