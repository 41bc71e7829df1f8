package dev.mlsync.replicate;

import dev.mlsync.store.DeadLetterRow;
import dev.mlsync.store.DeadLetterStore;

import java.time.Clock;
import java.util.List;

/**
 * Listing and re-queueing dead letters: the one service behind {@code mlsync errors} and
 * {@code /api/errors}. Re-queueing marks a letter {@code requeued}; nothing else has to happen, since the
 * next run of its feed resumes from the committed cursor (a page) or stores the record again when it
 * brings it (a quarantined record), and a letter a later run settled is closed ({@code done}).
 */
public final class DeadLetters {
    private final DeadLetterStore store;
    private final Clock clock;

    public DeadLetters(DeadLetterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The open and re-queued letters of a feed (every feed when null), oldest first. */
    public List<DeadLetterRow> open(String feedId) {
        return store.open(feedId, clock.instant());
    }

    /** Re-queues every open letter of a feed; returns them (none when nothing was open). */
    public List<DeadLetterRow> retryFeed(String feedId) {
        return store.requeue(null, feedId, clock.instant());
    }

    /**
     * Re-queues one letter.
     *
     * @throws NotOpenException when no letter has this id, or it is not open (already re-queued or done)
     */
    public DeadLetterRow retry(long id) {
        List<DeadLetterRow> requeued = store.requeue(id, null, clock.instant());
        if (!requeued.isEmpty()) {
            return requeued.getFirst();
        }
        throw NotOpenException.deadLetter(id, store.find(id).map(DeadLetterRow::state).orElse(null));
    }
}
