package dev.mlsync.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading a configuration, in the order found. */
final class Problems {
    private final List<String> found = new ArrayList<>();

    void add(String path, String message) {
        found.add(path + ": " + message);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ConfigException(found);
        }
    }
}
