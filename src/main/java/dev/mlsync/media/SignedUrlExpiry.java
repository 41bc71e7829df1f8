package dev.mlsync.media;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a signed media URL stops working, read from its own query: AWS SigV4 ({@code X-Amz-Date} +
 * {@code X-Amz-Expires}, as S3 presigned URLs carry), CloudFront and S3 SigV2 ({@code Expires}, epoch seconds),
 * Google Cloud Storage V4 ({@code X-Goog-Date} + {@code X-Goog-Expires}) and Azure SAS ({@code se}, ISO time).
 * A URL past its expiry is renewed from the provider before it is requested, so an expired URL costs no request
 * and no quota. Anything unrecognised or malformed means "no expiry known" (the URL is simply tried).
 */
final class SignedUrlExpiry {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private SignedUrlExpiry() {
    }

    /** The instant the URL's signature expires, when its query says. */
    static Optional<Instant> of(URI url) {
        Map<String, String> query = query(url.getRawQuery());
        try {
            Optional<Instant> expiry = dated(query.get("x-amz-date"), query.get("x-amz-expires"));
            if (expiry.isEmpty()) {
                expiry = dated(query.get("x-goog-date"), query.get("x-goog-expires"));
            }
            if (expiry.isEmpty() && query.containsKey("expires")) {
                expiry = Optional.of(Instant.ofEpochSecond(Long.parseLong(query.get("expires").trim())));
            }
            if (expiry.isEmpty() && query.containsKey("se") && query.containsKey("sig")) {
                expiry = Optional.of(java.time.OffsetDateTime.parse(query.get("se")).toInstant());
            }
            return expiry;
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Whether the URL is known to be expired at {@code now}. */
    static boolean expired(URI url, Instant now) {
        return of(url).map(expiry -> !expiry.isAfter(now)).orElse(false);
    }

    private static Optional<Instant> dated(String date, String seconds) {
        if (date == null || seconds == null) {
            return Optional.empty();
        }
        Instant signed = LocalDateTime.parse(date.trim(), COMPACT).toInstant(ZoneOffset.UTC);
        return Optional.of(signed.plus(Duration.ofSeconds(Long.parseLong(seconds.trim()))));
    }

    /** Query parameters by lower-case name (the first of repeated ones). */
    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    params.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .toLowerCase(Locale.ROOT), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed escape: not a parameter this reads
                }
            }
        }
        return params;
    }
}
