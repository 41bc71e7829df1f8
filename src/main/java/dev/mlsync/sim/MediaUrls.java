package dev.mlsync.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The MediaURL of a photo: {@code {base}{MediaKey}.jpg}, or, signed, with a signature of its own each time one is
 * written ({@code ?signature=N}, N counting up), as a provider that signs media URLs per response. The router
 * serves a photo whatever the signature; MLS Grid's one fetch per URL per hour counts the whole URL.
 */
final class MediaUrls {
    private final String base;
    private final boolean signed;
    private final AtomicLong signatures = new AtomicLong();

    MediaUrls(String base, boolean signed) {
        this.base = base;
        this.signed = signed;
    }

    String of(String mediaKey) {
        String url = base + mediaKey + ".jpg";
        return signed ? url + "?signature=" + signatures.incrementAndGet() : url;
    }
}
