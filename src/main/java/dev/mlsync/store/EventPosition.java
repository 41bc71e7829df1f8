package dev.mlsync.store;

/**
 * A position in the change-event log: events are ordered by writing transaction ({@code tx}, an xid8 as
 * text), then id. Only events of transactions that can no longer commit are ever read, and every
 * transaction still able to commit has a larger tx, so nothing can appear behind a position once read.
 */
public record EventPosition(String tx, long id) {
    /** Before every event. */
    public static final EventPosition START = new EventPosition("0", 0);

    public EventPosition {
        if (tx == null || !tx.chars().allMatch(Character::isDigit) || tx.isEmpty()) {
            throw new IllegalArgumentException("an event position's transaction must be a number, was " + tx);
        }
    }

    /** The later of this position and {@code other}. */
    public EventPosition max(EventPosition other) {
        int byTx = Long.compareUnsigned(Long.parseUnsignedLong(tx), Long.parseUnsignedLong(other.tx));
        return byTx > 0 || byTx == 0 && id >= other.id ? this : other;
    }
}
