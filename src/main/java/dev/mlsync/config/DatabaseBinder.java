package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Reads {@code database:}, either a mapping or the shorthand {@code database: <url>}. */
final class DatabaseBinder {
    static final String USER_VARIABLE = "MLSYNC_DB_USER";
    static final String PASSWORD_VARIABLE = "MLSYNC_DB_PASSWORD";
    private static final List<String> KEYS = List.of("url", "user", "password", "embeddedDir");
    private static final String JDBC_PREFIX = "jdbc:postgresql:";

    private DatabaseBinder() {
    }

    static DatabaseConfig bind(JsonNode node, Placeholders placeholders, Problems problems) {
        if (node == null || node.isNull()) {
            return withEnvCredentials(DatabaseConfig.EMBEDDED, null, null, null, placeholders);
        }
        if (node.isTextual()) {
            String url = placeholders.resolve(node.textValue(), "database");
            return withEnvCredentials(checkedUrl(url, "database", problems), null, null, null, placeholders);
        }
        Mapping database = Mapping.of(node, "database", placeholders, problems);
        if (database == null) {
            return null;
        }
        database.allowOnly(KEYS);
        String url = database.has("url") ? checkedUrl(database.secret("url"), "database.url", problems) : DatabaseConfig.EMBEDDED;
        Path embeddedDir = path(database, "embeddedDir");
        return withEnvCredentials(url, database.text("user"), database.secret("password"), embeddedDir, placeholders);
    }

    /** A user or password not in the file comes from the environment, for an external database only. */
    private static DatabaseConfig withEnvCredentials(String url, String user, String password, Path embeddedDir,
                                                     Placeholders placeholders) {
        boolean external = url != null && !DatabaseConfig.EMBEDDED.equals(url);
        String resolvedUser = user == null && external ? fromEnv(USER_VARIABLE, placeholders) : user;
        String resolvedPassword = password == null && external ? fromEnv(PASSWORD_VARIABLE, placeholders) : password;
        Path dir = embeddedDir == null ? DatabaseConfig.DEFAULT_EMBEDDED_DIR : embeddedDir;
        return new DatabaseConfig(url, resolvedUser, resolvedPassword, dir);
    }

    private static String fromEnv(String variable, Placeholders placeholders) {
        String value = placeholders.resolve("${" + variable + ":-}", variable);
        return value == null || value.isEmpty() ? null : value;
    }

    private static String checkedUrl(String url, String path, Problems problems) {
        if (url == null || DatabaseConfig.EMBEDDED.equals(url)) {
            return url;
        }
        if (!url.startsWith(JDBC_PREFIX)) {
            problems.add(path, "must be \"embedded\" or a JDBC URL starting with \"" + JDBC_PREFIX + "\", was "
                    + Mapping.quote(Secrets.redactUrl(url)));
            return null;
        }
        if (org.postgresql.Driver.parseURL(url, new Properties()) == null) {
            problems.add(path, "not a valid PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database), was "
                    + Mapping.quote(Secrets.redactUrl(url)));
            return null;
        }
        return url;
    }

    private static Path path(Mapping database, String key) {
        String text = database.text(key);
        try {
            return text == null ? null : Path.of(text);
        } catch (InvalidPathException e) {
            database.problems().add(database.pathOf(key), "not a valid path: " + e.getReason());
            return null;
        }
    }
}
