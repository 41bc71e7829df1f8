package dev.mlsync.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A record that could not be stored: which one, why, and a short excerpt of what the provider sent.
 * A key longer than {@value #MAX_KEY_CHARS} characters (no stored record can have one) is kept as its first
 * {@value #KEY_PREFIX_CHARS} characters, a marker with its length and its whole SHA-256, and the message says so:
 * the row stays small and the record stays identifiable.
 */
public record SyncErrorRow(String recordKey, String category, String message, String payloadExcerpt) {
    /** The longest key {@code sync_error.record_key} holds whole. */
    public static final int MAX_KEY_CHARS = 255;
    static final int KEY_PREFIX_CHARS = 160;

    public SyncErrorRow {
        if (recordKey != null && recordKey.length() > MAX_KEY_CHARS) {
            message = message + " (record_key holds the first " + KEY_PREFIX_CHARS + " of the key's "
                    + recordKey.length() + " characters and its SHA-256)";
            recordKey = bounded(recordKey);
        }
    }

    /** {@code key} itself when short enough, else its start, then {@code …[N chars, sha256 HEX]}. */
    public static String bounded(String key) {
        if (key == null || key.length() <= MAX_KEY_CHARS) {
            return key;
        }
        int end = KEY_PREFIX_CHARS;
        if (Character.isHighSurrogate(key.charAt(end - 1))) {
            end--;
        }
        return key.substring(0, end) + "…[" + key.length() + " chars, sha256 " + sha256(key) + "]";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
