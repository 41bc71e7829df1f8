package dev.mlsync.web;

import io.javalin.http.Context;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The query parameters of one request, validated: unknown names, repeated names and bad values are
 * {@link ApiException}s (400) that name the parameter.
 */
final class Params {
    private static final int MAX_TEXT = 200;

    private final Context ctx;

    private Params(Context ctx) {
        this.ctx = ctx;
    }

    /** The request's parameters; any name not in {@code allowed} is refused. */
    static Params of(Context ctx, Collection<String> allowed) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, "unknown query parameter \"" + shorten(name) + "\""
                        + (allowed.isEmpty() ? " (this route takes none)" : " (allowed: " + String.join(", ",
                        List.copyOf(allowed)) + ")"));
            }
            if (ctx.queryParams(name).size() > 1) {
                throw ApiException.badRequest(name, name + " given more than once");
            }
        }
        return new Params(ctx);
    }

    String text(String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ApiException.badRequest(name, name + " is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    String oneOf(String name, Set<String> choices) {
        String value = text(name);
        if (value != null && !choices.contains(value)) {
            throw ApiException.badRequest(name, name + " must be one of " + String.join(", ", choices.stream()
                    .sorted().toList()) + ", was \"" + shorten(value) + "\"");
        }
        return value;
    }

    int integer(String name, int min, int max, int defaultValue) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, name + " must be an integer from " + min + " to " + max + ", was \""
                + shorten(value) + "\"");
    }

    Long id(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, name + " must be a positive integer id, was \"" + shorten(value) + "\"");
    }

    BigDecimal decimal(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal parsed = new BigDecimal(value);
            if (parsed.signum() >= 0 && parsed.precision() - parsed.scale() <= 12) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, name + " must be a non-negative number such as 250000, was \""
                + shorten(value) + "\"");
    }

    /** An ISO-8601 instant ({@code 2026-01-31T12:00:00Z}, an offset, or a date meaning its UTC midnight). */
    Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw ApiException.badRequest(name, name + " must be an ISO-8601 timestamp such as "
                        + "2026-01-31T12:00:00Z or a date such as 2026-01-31, was \"" + shorten(value) + "\"");
            }
        }
    }

    static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
