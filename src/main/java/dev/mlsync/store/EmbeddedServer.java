package dev.mlsync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Embedded PostgreSQL (zonky) whose data directory persists between runs. */
final class EmbeddedServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
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
            postgres.close();
        } catch (IOException e) {
            throw new StoreException("cannot stop embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
