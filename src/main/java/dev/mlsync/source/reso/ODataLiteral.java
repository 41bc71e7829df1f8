package dev.mlsync.source.reso;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.stream.Collectors;

/** OData literals and URL encoding: the only place query text is escaped. */
final class ODataLiteral {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String URI_SAFE = "-._~!$&'()*+,;=:@/?%#[]";

    private ODataLiteral() {
    }

    /** A single-quoted string literal with {@code '} doubled. */
    static String string(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code ('a','b')} for an {@code in} expression. */
    static String list(Collection<String> values) {
        return values.stream().map(ODataLiteral::string).collect(Collectors.joining(",", "(", ")"));
    }

    /**
     * An unquoted Edm.DateTimeOffset in UTC with milliseconds. Sub-millisecond precision is cut off,
     * which moves a {@code ge}/{@code gt} bound earlier: records may repeat, never be skipped.
     */
    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Percent-encodes a query parameter value; spaces become {@code %20}, never {@code +}. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Makes a link some server sent unencoded (spaces, quotes, non-ASCII) a valid URI, leaving
     * characters that are already legal, including existing {@code %XX} escapes, as they are.
     */
    static String encodeIllegal(String link) {
        StringBuilder out = new StringBuilder(link.length());
        for (byte b : link.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || URI_SAFE.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
