package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/** A local edit refused before anything was stored; {@link #field()} names the input at fault. */
public final class ListingEditException extends MlsyncException {
    /** Why: bad input, or the listing or override it names is not there (or the listing was deleted). */
    public enum Reason { BAD_INPUT, NO_LISTING, LISTING_DELETED, NO_OVERRIDE }

    private final Reason reason;
    private final String field;

    public ListingEditException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The body field, path part or option at fault ({@code key}, a RESO field name, {@code by}, …). */
    public String field() {
        return field;
    }
}
