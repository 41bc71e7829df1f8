package dev.mlsync.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The opaque {@code after} token of listing pages: the position of the last listing returned — (feed, key), and
 * its modification timestamp when paging in change order — in URL-safe base64. Clients pass it back unchanged;
 * its content is not an interface. A token only continues the order it was made for.
 */
record ListingCursor(Instant modified, String feedId, String listingKey) {
    private static final String SEPARATOR = "\n";

    String encode() {
        String text = (modified == null ? "k" : "m" + modified) + SEPARATOR + feedId + SEPARATOR + listingKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static ListingCursor decode(String token, String field, boolean byModification) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                    .split(SEPARATOR, 3);
            if (parts.length == 3 && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                if (!byModification && parts[0].equals("k")) {
                    return new ListingCursor(null, parts[1], parts[2]);
                }
                if (byModification && parts[0].startsWith("m")) {
                    return new ListingCursor(Instant.parse(parts[0].substring(1)), parts[1], parts[2]);
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        throw ApiException.badRequest(field, field + " is not a cursor this API returned for this order (pass the "
                + "\"next\" value of the previous page unchanged, with the same order)");
    }
}
