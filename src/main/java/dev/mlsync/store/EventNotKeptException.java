package dev.mlsync.store;

import dev.mlsync.MlsyncException;

/** A reader asked for the events after one that does not exist (never written, or removed by retention). */
public final class EventNotKeptException extends MlsyncException {
    private final long eventId;

    public EventNotKeptException(long eventId) {
        super("event " + eventId + " is not kept (never written, or removed after events.retentionDays); "
                + "start again from after=0");
        this.eventId = eventId;
    }

    public long eventId() {
        return eventId;
    }
}
