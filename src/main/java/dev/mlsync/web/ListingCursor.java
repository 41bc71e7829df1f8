package dev.mlsync.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code after} token of listing pages: the (feed, key) of the last listing returned, in URL-safe
 * base64. Clients pass it back unchanged; its content is not an interface.
 */
record ListingCursor(String feedId, String listingKey) {
    private static final char SEPARATOR = '\n';

    String encode() {
        byte[] bytes = (feedId + SEPARATOR + listingKey).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static ListingCursor decode(String token, String field) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int separator = text.indexOf(SEPARATOR);
            if (separator > 0 && separator < text.length() - 1) {
                return new ListingCursor(text.substring(0, separator), text.substring(separator + 1));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest(field, field + " is not a cursor this API returned (pass the \"next\" value "
                + "of the previous page unchanged)");
    }
}
