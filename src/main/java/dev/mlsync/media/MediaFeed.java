package dev.mlsync.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.MediaReceiver;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What media work needs of one feed: an HTTP client whose every request passes the feed's quota as a
 * media request, the provider's media rules, and a way to renew a listing's Media records.
 */
public interface MediaFeed {
    String feedId();

    /** Sends through the feed's quota, counted as {@code RequestKind.MEDIA}. */
    HttpClient http();

    /** Headers a request for this media URL must carry (may hold the token: never log them). */
    Map<String, String> headers(URI url);

    /** How long one URL must not be fetched again (zero = no rule). */
    Duration urlReuseWindow();

    /** The listing's Media records fresh from the provider (through the feed's quota as data requests). */
    List<ObjectNode> listingMedia(String listingKey);

    /**
     * Whether this feed downloads {@code mediaUrl} itself ({@link #fetchMedia}) instead of an HTTP GET: a RETS
     * {@code rets-object:} reference. Such photos are checked like any other; their host is {@link #ownHost()}.
     */
    default boolean resolvesMedia(String mediaUrl) {
        return false;
    }

    /** Downloads references {@link #resolvesMedia} accepts, through the feed's quota; see {@code Source#fetchMedia}. */
    default void fetchMedia(List<String> mediaUrls, MediaReceiver receiver) {
        throw new UnsupportedOperationException("feed " + feedId() + " resolves no media references");
    }

    /**
     * The host of the feed's base URL: photos it serves are fetched even from a loopback or private address
     * (null = none). {@link #http()} must not follow redirects itself: each hop is checked before it is sent.
     */
    default String ownHost() {
        return null;
    }

    /** This feed's derivatives ({@code feeds[].media} over {@code media:}); null = the shared {@code media:} ones. */
    default dev.mlsync.config.DerivativeSettings derivatives() {
        return null;
    }

    /** Whether photo URLs may point at loopback or private addresses ({@code feeds[].media.allowPrivateHosts}). */
    default boolean allowPrivateHosts() {
        return false;
    }
}
