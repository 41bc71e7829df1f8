package dev.mlsync.source;

/**
 * What to fetch: the next page of {@code resource} after {@code cursor}.
 *
 * @param resource    RESO resource name (Property, Member, Office, OpenHouse, ...)
 * @param cursor      last committed position; {@link Cursor#EMPTY} for the start of a full load
 * @param initialLoad true for a full load (providers filter out records not visible, e.g. MLS Grid
 *                    {@code MlgCanView eq true}); false for incremental runs, which must see deletions
 * @param pageSize    requested page size; the source caps it at the provider's maximum
 * @param countTotal  ask the provider how many records the query matches, where it supports that
 *                    (the first page of a run: the total gives progress an ETA)
 * @param keys        only the records with these keys (a partial sync), or null for all
 * @param filter      only the records matching this validated OData filter fragment, or null for all
 * @param keysOnly    a key index page: each record carries only its key and timestamp (and whatever the provider
 *                    needs to tell visibility, e.g. MLS Grid's MlgCanView), no Media; only records the provider
 *                    still shows (MLS Grid: {@code MlgCanView eq true}); the page size may be the provider's largest
 */
public record PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize, boolean countTotal,
                          java.util.List<String> keys, String filter, boolean keysOnly) {
    public PageRequest {
        keys = keys == null ? null : java.util.List.copyOf(keys);
    }

    public PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize, boolean countTotal,
                       java.util.List<String> keys, String filter) {
        this(resource, cursor, initialLoad, pageSize, countTotal, keys, filter, false);
    }

    /** A page of the key index of {@code resource} after {@code cursor}: (key, timestamp) of every visible record. */
    public static PageRequest keyIndex(String resource, Cursor cursor, int pageSize) {
        return new PageRequest(resource, cursor, true, pageSize, false, null, null, true);
    }

    public PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize, boolean countTotal) {
        this(resource, cursor, initialLoad, pageSize, countTotal, null, null);
    }

    public PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize) {
        this(resource, cursor, initialLoad, pageSize, false);
    }
}
