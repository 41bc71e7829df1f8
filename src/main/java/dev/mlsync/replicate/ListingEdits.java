package dev.mlsync.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.replicate.ListingEditException.Reason;
import dev.mlsync.store.ConflictRow;
import dev.mlsync.store.ListingField;
import dev.mlsync.store.OverrideRow;
import dev.mlsync.store.OverrideStore;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local edits of listings and their conflicts with the MLS: the one service behind
 * {@code /api/listings/{feed}/{key}/overrides}, {@code /api/conflicts}, {@code mlsync listing edit} and
 * {@code mlsync conflicts}. Overrides live beside the replica ({@code listing} keeps the pure MLS copy);
 * every input is checked before anything is stored, so a refused edit stores nothing.
 */
public final class ListingEdits {
    /** Fields per edit, and the size of one value's JSON. */
    public static final int MAX_FIELDS = 100;
    public static final int MAX_VALUE_CHARS = 16 * 1024;
    public static final int MAX_BY_CHARS = 100;
    /** Conflicts listed at most at once. */
    public static final int MAX_LIST = 1000;
    /** RESO field names are identifiers: a letter, then letters, digits or underscores. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    /** The MLS's own identity and version of a listing, and its media (kept in listing_media). */
    private static final Set<String> NOT_EDITABLE = Set.of("ListingKey", "ModificationTimestamp", "Media");
    public static final Set<String> STATUSES = Set.of("open", "resolved", "all");
    public static final Set<String> KEEP = Set.of("mls", "local");

    private final OverrideStore store;
    private final Clock clock;

    public ListingEdits(OverrideStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Sets overrides ({@code RESO field name → JSON value}) on a live listing, each with who, when and the MLS
     * value it replaces; an open conflict of one of these fields is resolved {@code local} by {@code by}.
     *
     * @return the listing's overrides afterwards
     * @throws ListingEditException naming the field at fault; nothing is stored then
     */
    public List<OverrideRow> set(String feedId, String listingKey, Map<String, JsonNode> values, String by) {
        String who = requireBy(by);
        if (values == null || values.isEmpty()) {
            throw new ListingEditException(Reason.BAD_INPUT, "body", "give at least one field to override, "
                    + "e.g. {\"ListPrice\": 499000}");
        }
        if (values.size() > MAX_FIELDS) {
            throw new ListingEditException(Reason.BAD_INPUT, "body", "at most " + MAX_FIELDS
                    + " fields per edit, got " + values.size());
        }
        Map<String, String> json = new LinkedHashMap<>();
        values.forEach((field, value) -> json.put(requireField(field), requireValue(field, value)));
        requireLive(feedId, listingKey);
        return store.put(feedId, listingKey, json, who, clock.instant())
                .orElseThrow(() -> noListing(feedId, listingKey));
    }

    /**
     * Removes one override: the listing shows the MLS value again; an open conflict of the field is resolved
     * {@code mls} by {@code by}.
     *
     * @throws ListingEditException when the listing or the override does not exist
     */
    public void unset(String feedId, String listingKey, String field, String by) {
        String who = requireBy(by);
        requireField(field);
        if (store.listingState(feedId, listingKey) == OverrideStore.ListingState.MISSING) {
            throw noListing(feedId, listingKey);
        }
        if (!store.remove(feedId, listingKey, field, who, clock.instant())) {
            throw new ListingEditException(Reason.NO_OVERRIDE, field, "listing " + listingKey + " of feed " + feedId
                    + " has no override of " + field);
        }
    }

    public List<OverrideRow> overrides(String feedId, String listingKey) {
        return store.overrides(feedId, listingKey);
    }

    /** Conflicts newest first; {@code status} open (default), resolved or all; {@code feedId} null for every feed. */
    public List<ConflictRow> conflicts(String feedId, String status, int limit) {
        String chosen = status == null ? "open" : status;
        if (!STATUSES.contains(chosen)) {
            throw new ListingEditException(Reason.BAD_INPUT, "status", "status must be open, resolved or all, was \""
                    + shorten(chosen) + "\"");
        }
        return store.conflicts(feedId, chosen.equals("all") ? null : chosen, Math.min(Math.max(limit, 1), MAX_LIST));
    }

    /**
     * Resolves an open conflict: {@code keep = mls} drops the override (every override of the listing for a
     * whole-listing conflict); {@code keep = local} keeps it, with the current MLS value as the one it replaces.
     *
     * @throws NotOpenException when no conflict has the id or it is already resolved
     */
    public ConflictRow resolve(long id, String keep, String by) {
        String who = requireBy(by);
        if (keep == null || !KEEP.contains(keep)) {
            throw new ListingEditException(Reason.BAD_INPUT, "keep", "keep must be \"mls\" or \"local\""
                    + (keep == null ? "" : ", was \"" + shorten(keep) + "\""));
        }
        return store.resolve(id, keep, who, clock.instant()).orElseThrow(() -> NotOpenException.conflict(id,
                store.conflict(id).map(ConflictRow::status).orElse(null)));
    }

    private void requireLive(String feedId, String listingKey) {
        switch (store.listingState(feedId, listingKey)) {
            case MISSING -> throw noListing(feedId, listingKey);
            case DELETED -> throw new ListingEditException(Reason.LISTING_DELETED, "key", "listing " + listingKey
                    + " of feed " + feedId + " was deleted by the MLS; it cannot be edited");
            case LIVE -> { }
        }
    }

    private static ListingEditException noListing(String feedId, String listingKey) {
        return new ListingEditException(Reason.NO_LISTING, "key", "feed \"" + shorten(feedId)
                + "\" has no listing \"" + shorten(listingKey) + "\"");
    }

    private static String requireBy(String by) {
        if (by == null || by.isBlank()) {
            throw new ListingEditException(Reason.BAD_INPUT, "by", "say who edits (a name)");
        }
        if (by.length() > MAX_BY_CHARS || by.chars().anyMatch(Character::isISOControl)) {
            throw new ListingEditException(Reason.BAD_INPUT, "by", "the editor's name must be at most "
                    + MAX_BY_CHARS + " printable characters");
        }
        return by.strip();
    }

    private static String requireField(String field) {
        if (field == null || !FIELD_NAME.matcher(field).matches()) {
            throw new ListingEditException(Reason.BAD_INPUT, field == null ? "body" : shorten(field),
                    "field name \"" + shorten(String.valueOf(field)) + "\" is not a RESO field name (a letter, then "
                            + "letters, digits or _; at most 100 characters)");
        }
        if (NOT_EDITABLE.contains(field)) {
            throw new ListingEditException(Reason.BAD_INPUT, field, field + " is the MLS's own "
                    + (field.equals("Media") ? "media list" : "identity or version") + " and cannot be overridden");
        }
        return field;
    }

    /** The value as JSON text, when it is a scalar, null, or an array of scalars that fits its typed column. */
    private static String requireValue(String field, JsonNode value) {
        if (value == null || value.isMissingNode()) {
            throw bad(field, "has no value");
        }
        if (value.isObject()) {
            throw bad(field, "must be a string, number, boolean, null or a list of those, not an object");
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (element.isContainerNode()) {
                    throw bad(field, "must be a list of strings, numbers or booleans, not of lists or objects");
                }
            }
        }
        String json = value.toString();
        if (json.length() > MAX_VALUE_CHARS) {
            throw bad(field, "is longer than " + MAX_VALUE_CHARS + " characters as JSON");
        }
        ListingField.of(field).ifPresent(typed -> requireType(typed, value));
        return json;
    }

    /** A typed column takes its type or null (which clears the field). */
    private static void requireType(ListingField typed, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        String field = typed.resoName();
        switch (typed.type()) {
            case TEXT -> {
                if (!value.isTextual()) {
                    throw bad(field, "must be a string (or null), was " + shorten(value.toString()));
                }
            }
            case DECIMAL -> requireNumber(typed, value, false);
            case INTEGER -> requireNumber(typed, value, true);
            case DATE -> {
                try {
                    LocalDate.parse(value.isTextual() ? value.textValue() : "");
                } catch (DateTimeParseException e) {
                    throw bad(field, "must be a date such as \"2026-01-31\", was " + shorten(value.toString()));
                }
            }
            case TIMESTAMP -> {
                try {
                    OffsetDateTime.parse(value.isTextual() ? value.textValue() : "");
                } catch (DateTimeParseException e) {
                    throw bad(field, "must be a timestamp such as \"2026-01-31T12:00:00Z\", was "
                            + shorten(value.toString()));
                }
            }
        }
    }

    private static void requireNumber(ListingField typed, JsonNode value, boolean whole) {
        String field = typed.resoName();
        if (!value.isNumber() || (whole && !(value.isIntegralNumber() && value.canConvertToInt()))) {
            throw bad(field, "must be " + (whole ? "a whole number" : "a number") + " (or null), was "
                    + shorten(value.toString()));
        }
        BigDecimal bound = typed.bound();
        if (bound != null && value.decimalValue().abs().compareTo(bound) >= 0) {
            throw bad(field, "must be below " + bound.toPlainString() + " in size, was " + shorten(value.toString()));
        }
    }

    private static ListingEditException bad(String field, String problem) {
        return new ListingEditException(Reason.BAD_INPUT, field, field + " " + problem);
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
