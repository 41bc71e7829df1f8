package dev.mlsync.source;

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
}
