package dev.mlsync.testing;

import dev.mlsync.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server per test JVM (files under target/), one fresh database per test
 * class or test, reached by JDBC URL exactly like an external PostgreSQL.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                File bin = new File("target/pg-bin");
                bin.mkdirs();
                server = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(bin)
                        .setDataDirectory(new File("target/pg-data-" + ProcessHandle.current().pid()))
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public static String freshDatabaseUrl() {
        String name = "mlsync_test_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** A fresh, migrated database. */
    public static Database freshDatabase() {
        return Database.connect(freshDatabaseUrl(), "postgres", null);
    }
}
