package dev.mlsync.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.mlsync.config.EventsConfig;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the change-event outbox, as the API and webhooks show it.
 *
 * @param id        orders events within their transaction; pass the last one seen as {@code after}
 * @param eventId   what receivers de-duplicate on (delivery is at least once)
 * @param fields    changed top-level field names (updated, status_changed), else null
 * @param data      the kind's details as JSON (status_changed: from, to; media_changed: added, removed, changed)
 * @param tx        the writing transaction (xid8 as text); with id, the event's position in the log
 */
@JsonPropertyOrder({"id", "eventId", "feedId", "resource", "recordKey", "kind", "fields", "data", "createdAt"})
public record ChangeEvent(long id, UUID eventId, String feedId, String resource, String recordKey, String kind,
                          List<String> fields, @JsonRawValue String data, Instant createdAt, @JsonIgnore String tx) {
    /** Every kind the outbox holds (see V8__lifecycle.sql); one list, kept with the config that filters on it. */
    public static final List<String> KINDS = EventsConfig.KINDS;

    /** This event's position in the log, for reading on after it. */
    @JsonIgnore
    public EventPosition position() {
        return new EventPosition(tx, id);
    }
}
