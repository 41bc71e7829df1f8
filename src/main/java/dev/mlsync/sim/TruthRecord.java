package dev.mlsync.sim;

import java.time.Instant;
import java.util.List;

/**
 * The simulator's own view of one record ever published, for comparing a replica against.
 *
 * @param mediaKeys the listing's current media keys in display order; empty for other resources and deleted listings
 */
public record TruthRecord(String key, Instant modificationTimestamp, boolean deleted, List<String> mediaKeys) {

    public TruthRecord {
        mediaKeys = List.copyOf(mediaKeys);
    }
}
