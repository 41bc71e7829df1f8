package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/** A record that cannot be stored (missing key, wrong type, ...); it goes to sync_error and the run continues. */
final class RecordRejectedException extends MlsyncException {
    private final String category;

    RecordRejectedException(String category, String message) {
        super(message);
        this.category = category;
    }

    String category() {
        return category;
    }
}
