package dev.mlsync.media;

import java.util.Arrays;

/** The image formats stored as originals, recognised by their first bytes (never by what the server says). */
enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    WEBP("webp", "image/webp");

    static final int MAGIC_BYTES = 12;

    final String extension;
    final String contentType;

    ImageFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The format these leading bytes announce, or null when they are not an image this store accepts. */
    static ImageFormat of(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (startsWith(head, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return PNG;
        }
        if (startsWith(head, "GIF87a".getBytes()) || startsWith(head, "GIF89a".getBytes())) {
            return GIF;
        }
        if (head.length >= 12 && startsWith(head, "RIFF".getBytes())
                && Arrays.equals(Arrays.copyOfRange(head, 8, 12), "WEBP".getBytes())) {
            return WEBP;
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }

    /** A short description of bytes that are not an image, for the failure reason. */
    static String describe(byte[] head, String contentType) {
        String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).stripLeading();
        String type = contentType == null ? "no Content-Type" : "Content-Type " + contentType;
        if (head.length == 0) {
            return "an empty file (0 bytes) instead of an image (" + type + ")";
        }
        if (text.startsWith("<")) {
            boolean html = text.regionMatches(true, 0, "<!doctype html", 0, 14)
                    || text.regionMatches(true, 0, "<html", 0, 5);
            return (html ? "an HTML page" : "an XML/HTML document") + " instead of an image (" + type + ")";
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            return "a JSON document instead of an image (" + type + ")";
        }
        return "not a JPEG, PNG, GIF or WebP image (" + type + ", first bytes " + hex(head) + ")";
    }

    private static String hex(byte[] head) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(head.length, 8); i++) {
            out.append(String.format("%02x", head[i] & 0xFF));
        }
        return out.toString();
    }
}
