package dev.mlsync.jobs;

import dev.mlsync.MlsyncException;

/** A job request (or a job query) is invalid; {@link #field()} names the offending field. Nothing was queued. */
public final class JobRequestException extends MlsyncException {
    private final String field;
    private final String reason;

    public JobRequestException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The request field at fault: feed, kind, resource, listingKeys, filter, dryRun, status, limit. */
    public String field() {
        return field;
    }

    /** The reason, without the field name. */
    public String reason() {
        return reason;
    }
}
