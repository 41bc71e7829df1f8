package dev.mlsync.cli;

import dev.mlsync.quota.Sleeper;
import dev.mlsync.source.SourceException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The baseline's retries: every failure, a 429 included, retried up to {@code retries} times after a wait
 * that starts at {@code first} and doubles up to {@code max}, without jitter.
 */
final class FixedBackoff {
    private final int retries;
    private final Duration first;
    private final Duration max;
    private final Sleeper sleeper;

    FixedBackoff(int retries, Duration first, Duration max, Sleeper sleeper) {
        this.retries = retries;
        this.first = first;
        this.max = max;
        this.sleeper = sleeper;
    }

    <T> T call(String what, Supplier<T> attempt) {
        Duration wait = first;
        for (int retry = 0; ; retry++) {
            try {
                return attempt.get();
            } catch (SourceException e) {
                if (retry >= retries) {
                    throw e;
                }
                pause(wait);
                wait = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
            }
        }
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
