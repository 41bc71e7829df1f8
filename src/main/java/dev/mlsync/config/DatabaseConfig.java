package dev.mlsync.config;

import java.nio.file.Path;

/**
 * Where the replica lives: {@code embedded} PostgreSQL whose data persists under {@link #embeddedDir()},
 * or any PostgreSQL >= 14 by JDBC URL. User and password come from the URL or from
 * {@code MLSYNC_DB_USER}/{@code MLSYNC_DB_PASSWORD}.
 */
public record DatabaseConfig(String url, String user, String password, Path embeddedDir) {
    public static final String EMBEDDED = "embedded";
    public static final Path DEFAULT_EMBEDDED_DIR = Path.of(".mlsync", "pg");

    public static DatabaseConfig ofDefaults() {
        return new DatabaseConfig(EMBEDDED, null, null, DEFAULT_EMBEDDED_DIR);
    }

    public boolean embedded() {
        return EMBEDDED.equals(url);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + (embedded() ? url : Secrets.redactUrl(url)) + ", user=" + user
                + ", password=" + (password == null ? null : "***") + ", embeddedDir=" + embeddedDir + "]";
    }
}
