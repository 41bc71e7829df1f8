package dev.mlsync.store;

import java.util.List;

/**
 * Events read after a position, in log order, and how far the read looked: {@code horizon} is the position
 * after which anything may still appear (every event before it matching the filter is in {@code events}
 * or was before the starting position), so a reader that used all of {@code events} may continue there.
 */
public record EventBatch(List<ChangeEvent> events, EventPosition horizon) {
    public EventBatch {
        events = List.copyOf(events);
    }
}
