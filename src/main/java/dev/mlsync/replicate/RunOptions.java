package dev.mlsync.replicate;

import java.util.List;

/**
 * How a run is narrowed or made harmless.
 * <ul>
 *   <li>A <b>partial</b> run (listing keys and/or a filter) reads only the matching records, from the
 *       start of their history, and never moves the feed's cursor: the next incremental run is unaffected.</li>
 *   <li>A <b>dry run</b> fetches and applies each page in a transaction that is rolled back, so it reports
 *       the counts a real run would produce and stores nothing (no rows, cursor, run or error).</li>
 * </ul>
 * Neither takes the feed's lease: they never move the cursor, and the upsert never goes backwards.
 *
 * @param listingKeys keys of the records to read (matched with {@code in (…)} on the resource's key field), or null
 * @param filter      an already validated OData filter fragment, added as {@code and (filter)}, or null
 */
public record RunOptions(List<String> listingKeys, String filter, boolean dryRun) {
    public static final RunOptions ALL = new RunOptions(null, null, false);

    public RunOptions {
        listingKeys = listingKeys == null || listingKeys.isEmpty() ? null : List.copyOf(listingKeys);
    }

    public boolean partial() {
        return listingKeys != null || filter != null;
    }
}
