package dev.mlsync.store;

import dev.mlsync.MlsyncException;

/** An override value the listing's typed columns cannot take; nothing was stored. */
public final class OverrideValueException extends MlsyncException {
    public OverrideValueException(String feedId, String listingKey, String reason) {
        super("override of listing " + listingKey + " of feed " + feedId + " refused, nothing stored: " + reason);
    }
}
