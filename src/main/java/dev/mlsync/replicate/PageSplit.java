package dev.mlsync.replicate;

import dev.mlsync.source.BrokenRecordException;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.Source;
import dev.mlsync.store.SyncErrorRow;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a page that holds a record which is not valid JSON, window by window: a window that breaks is asked for
 * again as its two halves, down to single records, so every readable record of the page is kept and only the
 * broken one is quarantined. A single record that breaks is asked for once more before it is quarantined, so a
 * body garbled in transit is not mistaken for a broken record. Records keep their page order.
 *
 * <p>Invariant: the windows cover positions {@code [0, size)} of the page without gap or overlap, until a window
 * comes back short (the data ends there).
 *
 * <p>A server that does not honour the windows (more records than asked, or more requests than a split of a few
 * broken records needs) cannot be split: {@link Unsplittable} ends the split after a handful of requests, and the
 * page fails as it would have without splitting.
 */
final class PageSplit {
    private final Source source;
    private final PageRequest page;
    private final String keyField;
    private final List<RawRecord> records = new ArrayList<>();
    private final List<SyncErrorRow> quarantined = new ArrayList<>();
    private int positions;
    private int requests;
    private boolean ended;
    private boolean lastBroken;

    private PageSplit(Source source, PageRequest page, String keyField) {
        this.source = source;
        this.page = page;
        this.keyField = keyField;
    }

    /** The page cannot be read in windows: the server ignores them, or too many records break. */
    static final class Unsplittable extends RuntimeException {
        Unsplittable(String message) {
            super(message, null, false, false);
        }
    }

    /** Enough for a few broken records in a page of any size (a binary split costs about 2·log2(size) each). */
    private static int maxRequests(int size) {
        return 8 * (32 - Integer.numberOfLeadingZeros(Math.max(size, 1))) + 8;
    }

    /**
     * Reads positions {@code [0, size)} of {@code page}, where {@code size} is the page's {@code $top}.
     *
     * @throws Unsplittable when the server does not answer the windows as asked
     */
    static PageSplit read(Source source, PageRequest page, int size, String keyField) {
        PageSplit split = new PageSplit(source, page, keyField);
        split.window(0, size);
        return split;
    }

    List<RawRecord> records() {
        return records;
    }

    List<SyncErrorRow> quarantined() {
        return quarantined;
    }

    /** Positions read, readable or not. */
    int positions() {
        return positions;
    }

    /** Whether the data went on to the end of the page (so another page may follow). */
    boolean full(int size) {
        return !ended && positions == size;
    }

    boolean lastBroken() {
        return lastBroken;
    }

    private void window(int skip, int size) {
        if (ended) {
            return;
        }
        try {
            read(skip, size);
        } catch (BrokenRecordException broken) {
            if (size > 1) {
                int half = (size + 1) / 2;
                window(skip, half);
                window(skip + half, size - half);
                return;
            }
            try {
                read(skip, 1);
            } catch (BrokenRecordException again) {
                quarantine(again, skip);
                positions = skip + 1;
                lastBroken = true;
            }
        }
    }

    /** One window, kept only when it is read to its end. */
    private void read(int skip, int size) {
        if (++requests > maxRequests(page.pageSize())) {
            throw new Unsplittable("more than " + maxRequests(page.pageSize()) + " windows did not isolate the broken "
                    + "records");
        }
        List<RawRecord> window = new ArrayList<>();
        try (PageReader reader = source.openPage(page.window(skip, size))) {
            while (reader.hasNext()) {
                if (window.size() == size) {
                    throw new Unsplittable("the server answered a window of " + size + " records with more: it does "
                            + "not honour $top/$skip windows");
                }
                window.add(new RawRecord(reader.next().json(), skip + window.size()));
            }
        }
        records.addAll(window);
        positions = skip + window.size();
        ended = window.size() < size;
        lastBroken = false;
    }

    private void quarantine(BrokenRecordException broken, int position) {
        String excerpt = broken.excerpt();
        String message = "record " + (position + 1) + " of the page is not valid JSON; the rest of the page was "
                + "stored: " + broken.getMessage();
        quarantined.add(new SyncErrorRow(keyIn(excerpt), "malformed_json", message,
                excerpt == null ? null : RecordMapper.excerpt(excerpt)));
    }

    /** The record's key as far as the broken text shows it, or null. */
    private String keyIn(String excerpt) {
        if (excerpt == null) {
            return null;
        }
        Matcher key = Pattern.compile("\"" + Pattern.quote(keyField) + "\"\\s*:\\s*\"([^\"\\\\]{1,"
                + RecordMapper.MAX_KEY_LENGTH + "})\"").matcher(excerpt);
        return key.find() ? key.group(1) : null;
    }
}
