package dev.mlsync.source.rets;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * RETS DateTime values ({@code 2024-01-01T12:00:00}, with optional fraction, {@code Z} or offset, or
 * a space instead of {@code T}) and the DMQL2 form queries use. Values without an offset are UTC.
 */
final class RetsTimestamps {
    private static final DateTimeFormatter DMQL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private RetsTimestamps() {
    }

    /** The instant of a RETS DateTime, or null when the text is not one. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** {@code 2024-01-01T00:00:00}: whole seconds, as DMQL2 compares them. */
    static String dmql(Instant instant) {
        return DMQL.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }
}
