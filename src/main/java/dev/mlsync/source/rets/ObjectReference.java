package dev.mlsync.source.rets;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The MediaURL of a RETS photo the server gives no URL for: {@code rets-object:Type/ListingKey/ObjectId},
 * each part URL-encoded. Only the feed's own {@link RetsSource#fetchObject(String)} can resolve it.
 */
public record ObjectReference(String type, String key, String objectId) {
    public static final String SCHEME = "rets-object:";

    public static boolean isReference(String mediaUrl) {
        return mediaUrl != null && mediaUrl.startsWith(SCHEME);
    }

    /** The reference in {@code url}; throws IllegalArgumentException when it is not one. */
    public static ObjectReference parse(String url) {
        if (!isReference(url)) {
            throw new IllegalArgumentException("not a " + SCHEME + " reference");
        }
        String[] parts = url.substring(SCHEME.length()).split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("a " + SCHEME + " reference is " + SCHEME + "Type/Key/ObjectId");
        }
        return new ObjectReference(decode(parts[0]), decode(parts[1]), decode(parts[2]));
    }

    public String url() {
        return SCHEME + encode(type) + "/" + encode(key) + "/" + encode(objectId);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
