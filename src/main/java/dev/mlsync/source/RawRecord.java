package dev.mlsync.source;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record exactly as the provider sent it, parsed on its own (never a whole page at once).
 * For Property, {@code Media} holds the listing's media records when the source fetched them
 * (by $expand or a separate query); when absent the source did not fetch media for it.
 *
 * @param json     the provider's record
 * @param position 0-based position of the record in its page (for error reports)
 */
public record RawRecord(ObjectNode json, int position) {
    /** Field of a stand-in for an entry that is no record at all (see {@link #unreadable}). */
    public static final String PROBLEM = "@mlsync.problem";
    /** Field of a stand-in holding the start of the entry as sent. */
    public static final String ENTRY = "@mlsync.entry";
    private static final int ENTRY_CHARS = 500;

    /**
     * A stand-in for an entry of a page that is readable but no record (a number, a string, an array where an
     * object belongs): it goes to sync_error with {@code problem} while the rest of the page is stored.
     */
    public static RawRecord unreadable(int position, String problem, String entry) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put(PROBLEM, problem)
                .put(ENTRY, entry.length() > ENTRY_CHARS ? entry.substring(0, ENTRY_CHARS) + "…" : entry);
        return new RawRecord(json, position);
    }

    /** Why this is a stand-in rather than a record, or null for a record. */
    public String problem() {
        return json.hasNonNull(PROBLEM) && json.get(PROBLEM).isTextual() ? json.get(PROBLEM).asText() : null;
    }
}
