package dev.mlsync.media;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key of a stored object, relative to the store's root or prefix: an original is
 * {@code {feed}/{listingKey}/{position}-{mediaKey}-{sha256 first 12 hex}.{ext}} ({@link #ofMedia(String, String,
 * int, String, String, String)}), a derivative {@code ...-{sha12}.{variant}-{settings tag}.{ext}} beside it.
 *
 * <p>Keys name content: the bytes of an original are part of its key, and a derivative's key adds the settings
 * it was made under, so a key is only ever written with the same bytes (or, for a derivative, the same rendering
 * of the same original) and a new version of a photo never overwrites the object of the old one, which other
 * photos with identical bytes may share (byte dedupe), possibly in another feed with other derivative settings.
 * The object of a version a row lets go of is released and deleted only when no row uses it. Every part is sanitised so that no key,
 * whatever a provider sends, can contain {@code ..}, a leading slash, a backslash, control
 * characters or anything outside {@code [A-Za-z0-9._-]}; the store's prefix is added by the adapter.
 *
 * <p>Sanitising is injective: a part that had to be changed (or cut) gets {@code _} and 16 hex digits of
 * the SHA-256 of its raw value appended, so two different provider keys never name the same object.
 * No segment starts with a dot, so adapters may use dot-names for their temporary files. A key is at most
 * {@value #MAX_LENGTH} characters and a segment at most {@value #MAX_SEGMENT}, which every filesystem and
 * S3 (1024 bytes per key, prefix included) accept.
 */
public record ObjectKey(String value) {
    public static final int MAX_LENGTH = 900;
    public static final int MAX_SEGMENT = 255;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    /** What {@link #part} appends to a changed part; a raw part already looking like that is hashed too. */
    private static final Pattern HASHED = Pattern.compile("_[0-9a-fA-F]{16}$");
    private static final int MAX_PART = 120;
    private static final int MAX_SHORT_PART = 32;
    private static final int HASH_HEX = 16;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int VERSION_HEX = 12;
    private static final int TAG_HEX = 8;

    public ObjectKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.startsWith("/")
                || value.endsWith("/") || value.contains("//") || value.contains("\\")) {
            throw new IllegalArgumentException("invalid object key " + shown(value));
        }
        for (String part : value.split("/")) {
            if (part.startsWith(".") || part.length() > MAX_SEGMENT || UNSAFE.matcher(part).find()) {
                throw new IllegalArgumentException("invalid object key " + shown(value));
            }
        }
    }

    /** Where a photo's originals live, without the version: {@code {feed}/{listingKey}/{position}-{mediaKey}.{ext}}. */
    public static ObjectKey ofMedia(String feed, String listingKey, int position, String mediaKey, String extension) {
        return new ObjectKey(stem(feed, listingKey, position, mediaKey) + "." + shortPart(extension));
    }

    /**
     * The key of one version of a listing's photo original: the bytes' SHA-256 (lower-case hex, as hashed) is part
     * of it, {@code {feed}/{listingKey}/{position}-{mediaKey}-{sha256 first 12 hex}.{ext}}.
     */
    public static ObjectKey ofMedia(String feed, String listingKey, int position, String mediaKey, String sha256,
                                    String extension) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in hex: " + shown(sha256));
        }
        return new ObjectKey(stem(feed, listingKey, position, mediaKey) + "-"
                + sha256.substring(0, VERSION_HEX).toLowerCase(Locale.ROOT) + "." + shortPart(extension));
    }

    private static String stem(String feed, String listingKey, int position, String mediaKey) {
        return part(feed) + "/" + part(listingKey) + "/" + Math.max(position, 0) + "-" + part(mediaKey);
    }

    /**
     * A short tag (8 hex digits of its SHA-256) of derivative settings ({@code DerivativeSettings.spec()}), for
     * {@link #withVariant(String, String, String)}.
     */
    public static String tagOf(String settings) {
        return hash(settings).substring(0, TAG_HEX);
    }

    /**
     * A derivative beside its original made under the settings tagged {@code tag} ({@link #tagOf}):
     * {@code .../{position}-{mediaKey}-{sha12}.{variant}-{tag}.{ext}}. Two feeds whose photos share an original but
     * not their settings get derivatives of their own.
     */
    public ObjectKey withVariant(String variant, String tag, String extension) {
        return withVariant(variant + "-" + tag, extension);
    }

    /** A derivative beside its original: {@code .../{stem}.{variant}.{ext}}. */
    public ObjectKey withVariant(String variant, String extension) {
        int slash = value.lastIndexOf('/');
        String name = value.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return new ObjectKey(value.substring(0, slash + 1) + stem + "." + part(variant, MAX_SHORT_PART) + "."
                + shortPart(extension));
    }

    /**
     * One path segment: a safe part (at most {@value #MAX_PART} characters of {@code [A-Za-z0-9._-]}, not
     * starting with a dot) is kept as it is; any other is cleaned (unsafe characters become {@code _}, a
     * leading dot {@code _}, cut to length) and gets its raw value's hash appended.
     */
    static String part(String raw) {
        return part(raw, MAX_PART);
    }

    private static String shortPart(String extension) {
        return part(extension == null ? null : extension.toLowerCase(Locale.ROOT), MAX_SHORT_PART);
    }

    private static String part(String raw, int max) {
        String text = raw == null ? "" : raw;
        boolean safe = !text.isEmpty() && text.length() <= max && !text.startsWith(".")
                && !UNSAFE.matcher(text).find() && !HASHED.matcher(text).find();
        if (safe) {
            return text;
        }
        String cleaned = UNSAFE.matcher(text).replaceAll("_");
        cleaned = cleaned.startsWith(".") ? "_" + cleaned.substring(1) : cleaned;
        int room = max - HASH_HEX - 1;
        cleaned = cleaned.length() > room ? cleaned.substring(0, room) : cleaned;
        return cleaned + "_" + hash(text);
    }

    private static String hash(String raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_HEX / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Keys are shown in errors; a hostile one is cut and its control characters escaped. */
    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        StringBuilder out = new StringBuilder("\"");
        cut.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : Character.toString(c)));
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
