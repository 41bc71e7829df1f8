package dev.mlsync.quota;

import dev.mlsync.source.SourceException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Retries a provider call that failed for a reason that passes, as two Resilience4j {@link Retry}s: the outer
 * one for network errors, 5xx answers and bodies cut short or garbled in transit (exponential backoff with
 * full jitter), the inner one for rate limits, which never use up an outer attempt and add no backoff: the
 * quota already makes the next request wait (Retry-After, the adaptive rate, an exhausted provider quota).
 * Authentication failures and bad requests are not retried: repeating them cannot help and may lock the
 * credential.
 *
 * <p>Waits go through the injected {@link Sleeper}, not Resilience4j's own sleep, so tests step a clock: the
 * interval function waits and hands Resilience4j an interval of zero.
 */
public final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    /** Rate-limited attempts allowed per transient attempt, so a provider that only ever says 429 still ends. */
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
        Retry rateLimited = Retry.of(what + " rate-limited", RetryConfig.<T>custom()
                .maxAttempts(MAX_RATE_LIMITED + 1)
                .retryOnException(e -> e instanceof SourceException s && s.category() == SourceException.Category.RATE_LIMIT)
                .intervalBiFunction((attempts, outcome) -> 0L)
                .build());
        Retry transientFailures = Retry.of(what, RetryConfig.<T>custom()
                .maxAttempts(maxAttempts)
                .retryOnException(e -> e instanceof SourceException s && transientFailure(s))
                .intervalBiFunction(backoff(what))
                .build());
        return Retry.decorateSupplier(transientFailures, Retry.decorateSupplier(rateLimited, attempt)).get();
    }

    private static boolean transientFailure(SourceException e) {
        return switch (e.category()) {
            case NETWORK, SERVER, MALFORMED -> true;
            case AUTH, BAD_REQUEST, RATE_LIMIT -> false;
        };
    }

    /** Waits the full-jitter backoff after the {@code attempts}-th failure through the sleeper; Resilience4j then waits 0. */
    private <T> IntervalBiFunction<T> backoff(String what) {
        return (Integer attempts, Either<Throwable, T> outcome) -> {
            Duration wait = backoff(attempts);
            String error = outcome.isLeft() ? outcome.getLeft().getMessage() : "unexpected result";
            LOG.warn("{} failed: {}; retrying in {} ms (attempt {} of {})", what, error, wait.toMillis(),
                    attempts + 1, maxAttempts);
            pause(wait);
            return 0L;
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
