package dev.mlsync.cli;

import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaLimits;
import dev.mlsync.quota.QuotaProbe;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.quota.RequestKind;
import dev.mlsync.quota.Sleeper;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The baseline {@code bench quota --policy fixed} compares with: what users commonly hand-roll. One request
 * at a time, a fixed pause after each answer, no reading of 429s, Retry-After or quota headers.
 */
final class FixedPause implements Quota {
    private final Duration pause;
    private final Sleeper sleeper;
    private final Semaphore oneAtATime = new Semaphore(1);
    private volatile long lastAnswerNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    FixedPause(Duration pause, Sleeper sleeper) {
        this.pause = pause;
        this.sleeper = sleeper;
    }

    @Override
    public QuotaProbe tryAcquire(RequestKind kind) {
        throw new UnsupportedOperationException("the fixed baseline only blocks");
    }

    @Override
    public void acquire(RequestKind kind) throws InterruptedException {
        oneAtATime.acquire();
        long wait = lastAnswerNanos + pause.toNanos() - System.nanoTime();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    @Override
    public void onResponse(RequestKind kind, int status, HttpHeaders headers) {
        answered();
    }

    @Override
    public void onFailure(RequestKind kind) {
        answered();
    }

    private void answered() {
        lastAnswerNanos = System.nanoTime();
        oneAtATime.release();
    }

    @Override
    public QuotaView view() {
        return new QuotaView("fixed", "fixed", new QuotaLimits(null, null, null, null, null, null, null, null), null,
                null, null, null, null, null, false, null, null);
    }
}
