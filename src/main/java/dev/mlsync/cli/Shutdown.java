package dev.mlsync.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for SIGTERM / Ctrl-C and lets the command stop cleanly: the JVM's shutdown hook wakes the command
 * and then waits until the command says it has closed everything (at most {@link #GRACE_SECONDS}, or the
 * workers' {@code shutdownTimeout} plus {@link #CLOSE_SECONDS} when that is longer, so a configured longer
 * hand-over is not cut off), so in-flight requests finish and the database is closed rather than cut off.
 */
final class Shutdown {
    static final int GRACE_SECONDS = 60;
    /** What closing takes after the running jobs have stopped: the server, the pool, embedded PostgreSQL. */
    static final int CLOSE_SECONDS = 30;

    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private Shutdown() {
    }

    /** As {@link #onSignal(java.time.Duration)} with no workers. */
    static Shutdown onSignal() {
        return onSignal(java.time.Duration.ZERO);
    }

    /** Waits for the signal; the JVM then waits for {@link #finished}, long enough for the workers to stop. */
    static Shutdown onSignal(java.time.Duration workersShutdownTimeout) {
        long grace = grace(workersShutdownTimeout);
        Shutdown shutdown = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.signalled.countDown();
            try {
                shutdown.finished.await(grace, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mlsync-shutdown"));
        return shutdown;
    }

    /** Seconds the JVM waits for the command to close after the signal. */
    static long grace(java.time.Duration workersShutdownTimeout) {
        return Math.max(GRACE_SECONDS, workersShutdownTimeout.toSeconds() + CLOSE_SECONDS);
    }

    void awaitSignal() throws InterruptedException {
        signalled.await();
    }

    /** Everything is closed; the JVM may exit. */
    void finished() {
        finished.countDown();
    }
}
