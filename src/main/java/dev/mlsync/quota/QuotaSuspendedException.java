package dev.mlsync.quota;

import dev.mlsync.MlsyncException;
import java.time.Instant;

/**
 * The credential's breaker is open after consecutive 429 answers: no request is sent until
 * {@link #until()}. {@link Quota#acquire} throws it instead of blocking through a cool-down of up
 * to half an hour; the run fails and the next one continues once the cool-down is over.
 */
public final class QuotaSuspendedException extends MlsyncException {
    private final String feedId;
    private final Instant until;

    public QuotaSuspendedException(String feedId, Instant until) {
        super("feed " + feedId + ": requests suspended until " + until
                + " after consecutive 429 answers; the next run after that continues");
        this.feedId = feedId;
        this.until = until;
    }

    public String feedId() {
        return feedId;
    }

    public Instant until() {
        return until;
    }
}
