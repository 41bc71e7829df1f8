package dev.mlsync.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for SIGTERM / Ctrl-C and lets the command stop cleanly: the JVM's shutdown hook wakes the command
 * and then waits (at most {@link #GRACE_SECONDS}) until the command says it has closed everything, so
 * in-flight requests finish and the database is closed rather than cut off.
 */
final class Shutdown {
    static final int GRACE_SECONDS = 60;

    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private Shutdown() {
    }

    static Shutdown onSignal() {
        Shutdown shutdown = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.signalled.countDown();
            try {
                shutdown.finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mlsync-shutdown"));
        return shutdown;
    }

    void awaitSignal() throws InterruptedException {
        signalled.await();
    }

    /** Everything is closed; the JVM may exit. */
    void finished() {
        finished.countDown();
    }
}
