package dev.mlsync.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An opaque-looking paging token that encodes the number of records already returned. */
final class SkipToken {
    private static final String PREFIX = "sim:";

    private SkipToken() {
    }

    static String encode(int skip) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + skip).getBytes(StandardCharsets.UTF_8));
    }

    static int decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                throw new IllegalArgumentException(text);
            }
            return Integer.parseInt(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw SimHttpException.badRequest("Invalid $skiptoken '" + token + "'");
        }
    }
}
