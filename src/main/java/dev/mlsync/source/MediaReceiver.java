package dev.mlsync.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Hears of each photo a source downloads itself ({@link Source#fetchMedia}): its bytes, or why the provider
 * has none for it. Each requested reference is answered at most once.
 */
public interface MediaReceiver {
    /**
     * The bytes of the object {@code mediaUrl} refers to, readable only during this call; an
     * {@link IOException} reading them means the provider's answer broke off.
     */
    void received(String mediaUrl, String contentType, InputStream body) throws IOException;

    /** The provider answered this reference with an error instead of bytes; {@code reason} says which. */
    void refused(String mediaUrl, SourceException reason);
}
