package dev.mlsync.media;

import dev.mlsync.MlsyncException;
import dev.mlsync.source.SourceException;

/**
 * A photo could not be fetched or is not an acceptable image. {@link #outcome()} decides what happens
 * next; the message names the feed, the photo and the reason, never a secret.
 */
public final class MediaFetchException extends MlsyncException {
    /** What a failed fetch means for the photo. */
    public enum Outcome {
        /** Transient (network, 5xx, 429, truncated transfer): retried with backoff. */
        RETRY,
        /** The signed URL expired (403/410): refresh the listing's Media records and try the fresh URL. */
        EXPIRED,
        /** Permanent for this version of the photo (not found, not an image, too large, corrupt): failed. */
        REJECTED
    }

    private final Outcome outcome;
    private final boolean hostFault;

    MediaFetchException(Outcome outcome, boolean hostFault, String message) {
        super(message);
        this.outcome = outcome;
        this.hostFault = hostFault;
    }

    static MediaFetchException retry(String message, boolean hostFault) {
        return new MediaFetchException(Outcome.RETRY, hostFault, message);
    }

    static MediaFetchException rejected(String message) {
        return new MediaFetchException(Outcome.REJECTED, false, message);
    }

    /**
     * What a provider's refusal of a photo it downloads itself means: network, server and session (auth) trouble is
     * retried as the host's fault, rate limits are retried, a broken answer is retried, anything else (no such object)
     * rejects this version of the photo.
     */
    static MediaFetchException of(SourceException e) {
        return switch (e.category()) {
            case NETWORK, SERVER, AUTH, MALFORMED -> retry(e.getMessage(), true);
            case RATE_LIMIT -> retry(e.getMessage(), false);
            case BAD_REQUEST -> rejected(e.getMessage());
        };
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Whether the host itself seems unwell (network error, 5xx): its other photos wait too. */
    public boolean hostFault() {
        return hostFault;
    }
}
