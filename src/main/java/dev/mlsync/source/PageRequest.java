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
 * @param window      only this window of the page the request would otherwise fetch (a page split around a broken
 *                    record), or null for the whole page
 */
public record PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize, boolean countTotal,
                          java.util.List<String> keys, String filter, boolean keysOnly, Window window) {
    public PageRequest {
        keys = keys == null ? null : java.util.List.copyOf(keys);
    }

    /**
     * Records {@code [skip, skip + size)} of a page.
     */
    public record Window(int skip, int size) {
        public Window {
            if (skip < 0 || size < 1) {
                throw new IllegalArgumentException("a page window needs skip >= 0 and size >= 1, was " + skip + ", " + size);
            }
        }
    }

    public PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize, boolean countTotal,
                       java.util.List<String> keys, String filter) {
        this(resource, cursor, initialLoad, pageSize, countTotal, keys, filter, false, null);
    }

    /** A page of the key index of {@code resource} after {@code cursor}: (key, timestamp) of every visible record. */
    public static PageRequest keyIndex(String resource, Cursor cursor, int pageSize) {
        return new PageRequest(resource, cursor, true, pageSize, false, null, null, true, null);
    }

    /** Only records {@code [skip, skip + size)} of this request's page, without a total count. */
    public PageRequest window(int skip, int size) {
        return new PageRequest(resource, cursor, initialLoad, pageSize, false, keys, filter, keysOnly,
                new Window(skip, size));
    }

    public PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize, boolean countTotal) {
        this(resource, cursor, initialLoad, pageSize, countTotal, null, null);
    }

    public PageRequest(String resource, Cursor cursor, boolean initialLoad, int pageSize) {
        this(resource, cursor, initialLoad, pageSize, false);
    }
}
