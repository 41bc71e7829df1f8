package dev.mlsync.quota;

import java.time.Duration;

/** Waits; injected so tests step a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration);
    }
}
