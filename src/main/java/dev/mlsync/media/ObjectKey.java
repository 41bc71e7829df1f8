package dev.mlsync.media;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key of a stored object, relative to the store's root or prefix:
 * {@code {feed}/{listingKey}/{position}-{mediaKey}.{ext}}. Every part is sanitised so that no key,
 * whatever a provider sends, can contain {@code ..}, a leading slash, a backslash, control
 * characters or anything outside {@code [A-Za-z0-9._-]}; the store's prefix is added by the adapter.
 */
public record ObjectKey(String value) {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int MAX_PART = 120;

    public ObjectKey {
        if (value == null || value.isEmpty() || value.startsWith("/") || value.endsWith("/")
                || value.contains("//") || value.contains("\\")) {
            throw new IllegalArgumentException("invalid object key " + value);
        }
        for (String part : value.split("/")) {
            if (part.equals(".") || part.equals("..") || UNSAFE.matcher(part).find()) {
                throw new IllegalArgumentException("invalid object key " + value);
            }
        }
    }

    /** The key of a listing's photo original. */
    public static ObjectKey ofMedia(String feed, String listingKey, int position, String mediaKey, String extension) {
        return new ObjectKey(part(feed) + "/" + part(listingKey) + "/" + Math.max(position, 0) + "-" + part(mediaKey)
                + "." + part(extension).toLowerCase(Locale.ROOT));
    }

    /** A derivative beside its original: {@code .../{position}-{mediaKey}.{variant}.{ext}}. */
    public ObjectKey withVariant(String variant, String extension) {
        int slash = value.lastIndexOf('/');
        String name = value.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return new ObjectKey(value.substring(0, slash + 1) + stem + "." + part(variant) + "."
                + part(extension).toLowerCase(Locale.ROOT));
    }

    /**
     * One path segment: unsafe characters become {@code _}, a segment made only of dots is
     * replaced, and long segments are cut (a provider key can be anything).
     */
    static String part(String raw) {
        String cleaned = UNSAFE.matcher(raw == null ? "" : raw).replaceAll("_");
        if (cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.')) {
            cleaned = "_" + cleaned.replace('.', '_');
        }
        if (cleaned.startsWith(".")) {
            cleaned = "_" + cleaned.substring(1);
        }
        return cleaned.length() > MAX_PART ? cleaned.substring(0, MAX_PART) : cleaned;
    }

    @Override
    public String toString() {
        return value;
    }
}
