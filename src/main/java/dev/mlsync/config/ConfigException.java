package dev.mlsync.config;

import dev.mlsync.MlsyncException;
import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not only the first, each as
 * {@code path: message} (e.g. {@code feeds[1].auth.token: environment variable MLSGRID_TOKEN is not set});
 * the message lists them one per line. Problems never contain secrets.
 */
public final class ConfigException extends MlsyncException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public static ConfigException of(String path, String message) {
        return new ConfigException(List.of(path + ": " + message));
    }

    public List<String> problems() {
        return problems;
    }
}
