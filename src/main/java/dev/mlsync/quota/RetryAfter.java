package dev.mlsync.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a {@code Retry-After} value: delay seconds or an HTTP-date (RFC 9110 §10.2.3). */
final class RetryAfter {
    private RetryAfter() {
    }

    /** The instant before which no request may be sent; empty when the value is absent or unreadable. */
    static Optional<Instant> until(Optional<String> header, Instant now) {
        return header.map(String::strip).flatMap(value -> parse(value, now));
    }

    private static Optional<Instant> parse(String value, Instant now) {
        if (!value.isEmpty() && value.length() <= 9 && value.chars().allMatch(Character::isDigit)) {
            return Optional.of(now.plus(Duration.ofSeconds(Long.parseLong(value))));
        }
        try {
            Instant date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(date.isBefore(now) ? now : date);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
