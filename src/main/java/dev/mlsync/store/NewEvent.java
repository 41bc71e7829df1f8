package dev.mlsync.store;

import java.util.List;

/**
 * An event to append (see {@link EventStore#append}).
 *
 * @param fields   changed field names, or null
 * @param dataJson the kind's details as a JSON object, or null for {}
 */
public record NewEvent(String feedId, String resource, String recordKey, String kind, List<String> fields,
                       String dataJson) {
    public NewEvent {
        if (!ChangeEvent.KINDS.contains(kind)) {
            throw new IllegalArgumentException("event kind must be one of " + ChangeEvent.KINDS + ", was " + kind);
        }
        fields = fields == null ? null : List.copyOf(fields);
    }
}
