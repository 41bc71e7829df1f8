package dev.mlsync.source.rets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.Cursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pages a RETS search by the (timestamp, key) cursor, never by Offset alone. RETS keeps no server
 * cursor and promises no order, so a record modified while a run pages moves from one Offset page
 * to another: Offset paging skips or repeats records. Instead each page is a timestamp window
 * {@code (T=low-high)} small enough to come back whole (no {@code <MAXROWS/>}):
 * <ul>
 *   <li>A window that comes back whole holds every record of that time span, whatever order the
 *       server used; sorted by (timestamp, key) client-side, minus those at or before the cursor,
 *       it is the page. The cursor then reaches its last record, and the next window starts at the
 *       cursor's second (records sharing that second are re-read and skipped, never lost).</li>
 *   <li>A window that comes back truncated is narrowed (to where about 80 % of a page should end,
 *       judged from what came back and the COUNT) and asked again, of the classes that were truncated
 *       only; its width is remembered and adapted so later pages usually take one request per class.</li>
 *   <li>Several classes share the cursor: a window is whole when every class answered it whole, and
 *       the page is clipped to the window's exact end, so it is downward closed whether a server compares
 *       timestamps by the second or to the millisecond.</li>
 *   <li>A single second holding more records than a page is read whole with Offset (a record
 *       modified meanwhile leaves it for a later timestamp, so nothing is lost there) and handed
 *       out in key order.</li>
 *   <li>The last window is open-ended ({@code T=low+}); when it comes back whole the run is done.</li>
 * </ul>
 * DMQL2 compares timestamps by the second, so windows are whole seconds. A server that truncates
 * without saying {@code <MAXROWS/>} (its COUNT is larger than what it sent), answers outside the
 * window, or ignores Offset is reported as broken paging rather than trusted.
 */
final class WindowedSearch {
    static final int MAX_STEPS = 200;
    static final int MAX_GROUP_PAGES = 200;
    private static final Duration SECOND = Duration.ofSeconds(1);

    /** One search: the DMQL2 timestamp window, Limit and Offset (1-based; 0 = not sent). */
    record Query(Instant low, Instant high, int limit, int offset) {
        /**
         * {@code (T=low+)}, {@code (T=low-high)}, or for a single second {@code (T=low-low.999)}, so that a
         * server comparing to the millisecond also returns the records later within that second.
         */
        String dmql(String timestampField) {
            String from = RetsTimestamps.dmql(low);
            String to = high == null ? null : high.equals(low) ? RetsTimestamps.dmql(high) + ".999" : RetsTimestamps.dmql(high);
            return "(" + timestampField + "=" + (to == null ? from + "+" : from + "-" + to) + ")";
        }
    }

    /** A record of a search, with what the cursor needs; timestamp or key null for a row that is broken. */
    record Candidate(ObjectNode json, Instant timestamp, String key) {
        boolean usable() {
            return timestamp != null && key != null;
        }
    }

    /** The answer to one search, already turned into candidates. */
    record Answer(List<Candidate> candidates, boolean maxRows, long count) {
    }

    interface Searcher {
        Answer search(Query query);
    }

    /** A page: its records in (timestamp, key) order, whether more follow, and the total when known. */
    record Page(List<Candidate> records, boolean hasMore, long total, int requests) {
    }

    private static final Comparator<Candidate> ORDER =
            Comparator.comparing(Candidate::timestamp).thenComparing(Candidate::key);

    private final List<Searcher> searchers;
    private final Clock clock;
    private final String what;
    private Duration width;

    /** Pages over one searcher per RETS class; a window is whole when it came back whole from every class. */
    WindowedSearch(List<Searcher> searchers, Clock clock, String what) {
        this.searchers = List.copyOf(searchers);
        this.clock = clock;
        this.what = what;
    }

    WindowedSearch(Searcher searcher, Clock clock, String what) {
        this(List.of(searcher), clock, what);
    }

    Page next(Cursor from, int limit) {
        Instant low = from.isEmpty() ? Instant.EPOCH : from.timestamp().truncatedTo(ChronoUnit.SECONDS);
        long total = -1;
        int requests = 0;
        Map<Integer, Whole> whole = new HashMap<>();
        for (int step = 0; step < MAX_STEPS; step++) {
            Instant high = width == null ? null : low.plus(width);
            if (high != null && !high.isBefore(clock.instant())) {
                high = null;
            }
            if (high != null && high.equals(low)) {
                Page group = group(from, low, limit);
                requests += group.requests;
                width = SECOND;
                if (group.records.stream().anyMatch(Candidate::usable)) {
                    return new Page(group.records, true, total, requests);
                }
                low = low.plus(SECOND); // every record of this second is at or before the cursor
                continue;
            }
            Query query = new Query(low, high, limit, 0);
            List<Candidate> merged = new ArrayList<>();
            Instant narrowTo = null;
            long count = 0;
            for (int i = 0; i < searchers.size(); i++) {
                Whole known = whole.get(i);
                Answer answer = known != null && known.covers(high) ? known.answer() : null;
                if (answer == null) {
                    answer = search(i, query);
                    requests++;
                    if (!answer.maxRows()) {
                        whole.put(i, new Whole(answer, high));
                    }
                }
                if (answer.maxRows()) {
                    Instant target = target(answer, low, high, limit);
                    narrowTo = narrowTo == null || target.isBefore(narrowTo) ? target : narrowTo;
                }
                merged.addAll(answer.candidates());
                count = count < 0 || answer.count() < 0 ? -1 : count + answer.count();
            }
            total = total < 0 && high == null ? count : total;
            if (narrowTo != null) {
                width = Duration.between(low, narrowTo);
                continue;
            }
            List<Candidate> after = after(from, clip(merged, high));
            if (high == null) {
                return new Page(after, false, total, requests);
            }
            if (after.stream().anyMatch(Candidate::usable)) {
                adapt(after.size(), limit);
                return new Page(after, true, total, requests);
            }
            low = high;
            width = width.multipliedBy(2);
        }
        throw new RetsPagingException(what + ": no window after " + RetsTimestamps.dmql(low) + " came back whole in "
                + MAX_STEPS + " searches; the server's paging looks broken");
    }

    /** A class's whole answer for the window up to {@code high} (null: open-ended), reusable for narrower windows. */
    private record Whole(Answer answer, Instant high) {
        boolean covers(Instant other) {
            return high == null || other != null && !other.isAfter(high);
        }
    }

    /**
     * The records of a whole window up to exactly {@code high}: a class answered for a wider window drops
     * what lies beyond, and so does a server that compares by the second, so every class contributes the same
     * span and the page is downward closed in (timestamp, key) order.
     */
    private static List<Candidate> clip(List<Candidate> candidates, Instant high) {
        if (high == null) {
            return candidates;
        }
        return candidates.stream().filter(c -> c.timestamp() == null || !c.timestamp().isAfter(high)).toList();
    }

    private Answer search(int searcher, Query query) {
        Answer answer = searchers.get(searcher).search(query);
        checkWithin(answer, query.low(), query.high());
        if (!answer.maxRows()) {
            checkComplete(answer, query.low(), query.high());
        }
        return answer;
    }

    /**
     * Where to end a narrower window after a truncated answer, aiming at about 80 % of a page. An answer
     * that came in timestamp order is the start of the window (a server that sorts); any other is a sample
     * of it, whose quantile at 80 % of a page among COUNT records estimates the end.
     */
    private static Instant target(Answer answer, Instant low, Instant high, int limit) {
        List<Instant> arrived = answer.candidates().stream().filter(Candidate::usable).map(Candidate::timestamp).toList();
        List<Instant> times = arrived.stream().map(t -> t.truncatedTo(ChronoUnit.SECONDS)).filter(t -> !t.isBefore(low))
                .sorted().toList();
        if (times.isEmpty()) {
            return low;
        }
        boolean ordered = arrived.equals(arrived.stream().sorted().toList());
        double share = ordered ? 0.8 : Math.min(0.8, answer.count() > 0 ? 0.8 * limit / answer.count() : 0.5);
        Instant target = times.get(Math.min(times.size() - 1, (int) (share * times.size())));
        if (!target.isAfter(low)) {
            return low;
        }
        if (high != null && !target.isBefore(high)) {
            return low.plusSeconds(Duration.between(low, high).toSeconds() / 2);
        }
        return target;
    }

    /** The records after {@code from}, one per key (the newest), in (timestamp, key) order; broken rows first. */
    static List<Candidate> after(Cursor from, List<Candidate> candidates) {
        Map<String, Candidate> byKey = new LinkedHashMap<>();
        List<Candidate> broken = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (!candidate.usable()) {
                broken.add(candidate);
            } else if (from.isBefore(candidate.timestamp(), candidate.key())) {
                byKey.merge(candidate.key(), candidate, (a, b) -> ORDER.compare(a, b) >= 0 ? a : b);
            }
        }
        List<Candidate> page = new ArrayList<>(broken);
        page.addAll(byKey.values().stream().sorted(ORDER).toList());
        return page;
    }

    /** Every record of one second in every class, by Offset, handed out in key order from the cursor. */
    private Page group(Cursor from, Instant second, int limit) {
        List<Candidate> all = new ArrayList<>();
        int requests = 0;
        for (Searcher searcher : searchers) {
            requests += readSecond(searcher, second, limit, all);
        }
        List<Candidate> after = after(from, all);
        return new Page(after.subList(0, Math.min(after.size(), Math.max(limit, 1))), true, -1, requests);
    }

    /** Adds every record of {@code second} one class has to {@code all}; returns the searches it took. */
    private int readSecond(Searcher searcher, Instant second, int limit, List<Candidate> all) {
        Set<String> previousKeys = Set.of();
        int read = 0;
        for (int page = 0; page < MAX_GROUP_PAGES; page++) {
            Answer answer = searcher.search(new Query(second, second, limit, read + 1));
            Set<String> keys = answer.candidates().stream().map(Candidate::key).collect(Collectors.toSet());
            if (answer.maxRows() && (answer.candidates().isEmpty() || keys.equals(previousKeys))) {
                throw new RetsPagingException(what + ": the server ignores Offset (page at Offset " + (read + 1)
                        + " of second " + RetsTimestamps.dmql(second) + " repeats the previous one or is empty)");
            }
            all.addAll(answer.candidates());
            read += answer.candidates().size();
            previousKeys = keys;
            if (!answer.maxRows()) {
                return page + 1;
            }
        }
        throw new RetsPagingException(what + ": more than " + MAX_GROUP_PAGES + " pages of records share the second "
                + RetsTimestamps.dmql(second) + "; raise pageSize");
    }

    /** Aims the next window at about 70 % of a page, growing it at most twofold (listings bunch up near now). */
    private void adapt(int records, int limit) {
        double factor = Math.clamp(0.7 * limit / Math.max(records, 1), 0.25, 2.0);
        long seconds = Math.max(1, (long) (width.toSeconds() * factor));
        width = Duration.ofSeconds(seconds);
    }

    private void checkWithin(Answer answer, Instant low, Instant high) {
        for (Candidate candidate : answer.candidates()) {
            Instant t = candidate.timestamp();
            if (t != null && (t.isBefore(low) || (high != null && !t.isBefore(high.plus(SECOND))))) {
                throw new RetsPagingException(what + ": the server answered the window " + new Query(low, high, 0, 0)
                        .dmql("T") + " with a record of " + t + " (key " + candidate.key()
                        + "); it does not filter by the timestamp field, so paging cannot be trusted");
            }
        }
    }

    private void checkComplete(Answer answer, Instant low, Instant high) {
        if (answer.count() > answer.candidates().size()) {
            throw new RetsPagingException(what + ": the server sent " + answer.candidates().size() + " of "
                    + answer.count() + " records of " + new Query(low, high, 0, 0).dmql("T")
                    + " without <MAXROWS/>; it truncates silently, so paging cannot be trusted");
        }
    }
}
