package dev.mlsync.replicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.RecordShape;
import dev.mlsync.source.Source;
import dev.mlsync.source.SourceException;
import dev.mlsync.store.PageCounts;
import dev.mlsync.store.ReconcileStore;
import dev.mlsync.store.ReconcileStore.KeyStamp;
import dev.mlsync.store.ReplicaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Key reconciliation (ARCHITECTURE.md §3, Deletes): lists every (key, ModificationTimestamp) the provider still
 * shows, soft-deletes the live records it no longer has (as a deletion signal would, with a {@code deleted}
 * change event) and re-fetches, by a partial sync of their keys, the records the replica lacks or holds older.
 * <ul>
 *   <li>Safety first: when the key listing fails, comes back empty while the replica holds live records, or would
 *       delete more than the feed's {@code lifecycle.maxDeleteShare} of its live records, nothing is deleted and
 *       {@link ReconcileRefusedException} says why with the numbers ({@link ReconcileOptions#force()} lifts the
 *       share cap only). An outage or an empty answer never mass-deletes.</li>
 *   <li>It holds the feed resource's replication lease while it lists and deletes, and a record written after the
 *       listing began is never deleted, so a run beside it cannot be undone by a stale index.</li>
 *   <li>Every request goes through the source, which passes the feed's quota; pages are fetched under the same
 *       retry policy as replication pages.</li>
 * </ul>
 */
public final class Reconciler {
    /** Keys asked per key index page; each source caps it at what its provider allows. */
    static final int KEY_PAGE_SIZE = 5000;
    /** Keys per partial sync of the re-fetch (one {@code in (…)} list). */
    static final int REFETCH_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ReconcileStore store;
    private final ReplicaStore replica;
    private final SyncService sync;
    private final Function<FeedConfig, Source> sources;
    private final Function<FeedConfig, String> refetchRefusal;
    private final Clock clock;
    private final PageFetchPolicy fetchPolicy;

    /**
     * @param refetchRefusal why a feed's provider cannot serve a partial sync by keys, or null when it can
     */
    public Reconciler(ReconcileStore store, ReplicaStore replica, SyncService sync, Function<FeedConfig, Source> sources,
                      Function<FeedConfig, String> refetchRefusal, Clock clock, PageFetchPolicy fetchPolicy) {
        this.store = store;
        this.replica = replica;
        this.sync = sync;
        this.sources = sources;
        this.refetchRefusal = refetchRefusal;
        this.clock = clock;
        this.fetchPolicy = fetchPolicy;
    }

    /** Reconciles every configured resource of the feed (or only {@code onlyResource}), Property first. */
    public List<ReconcileResult> reconcileAll(FeedConfig feed, String onlyResource, ReconcileOptions options,
                                           String trigger, RunListener listener) {
        List<String> resources = new ArrayList<>(onlyResource != null ? List.of(onlyResource) : feed.resources());
        if (resources.remove("Property")) {
            resources.addFirst("Property");
        }
        List<ReconcileResult> results = new ArrayList<>();
        for (String resource : resources) {
            results.add(reconcile(feed, resource, options, trigger, listener));
            if (listener.cancelled()) {
                break;
            }
        }
        return results;
    }

    /**
     * Reconciles one resource.
     *
     * @throws ReconcileRefusedException when it deleted nothing on purpose (see the class comment)
     * @throws FeedBusyException         when another process replicates the feed's resource right now
     */
    public ReconcileResult reconcile(FeedConfig feed, String resource, ReconcileOptions options, String trigger,
                                     RunListener listener) {
        String feedId = feed.id();
        KeyIndex index;
        ReconcileStore.Comparison comparison;
        List<String> deleted;
        try (ReplicaStore.Lease lease = replica.tryLease(feedId, resource).orElseThrow(() -> new FeedBusyException(
                feedId, resource, replica.leaseHolder(feedId, resource).orElse("holder unknown")))) {
            Instant started = clock.instant();
            try (Source source = sources.apply(feed)) {
                index = readIndex(feed, resource, source, listener);
            }
            if (index == null) {
                return stopped(feed, resource, options);
            }
            comparison = store.compare(feedId, resource, index.keys(), started);
            check(feed, resource, index, comparison, options);
            deleted = options.dryRun() ? comparison.absent()
                    : store.softDelete(feedId, resource, comparison.absent(), started, clock.instant());
        }
        if (!deleted.isEmpty()) {
            LOG.info("feed {}, {}: reconciliation {} {} of {} live records the provider no longer lists", feedId,
                    resource, options.dryRun() ? "would delete" : "deleted", deleted.size(), comparison.live());
        }
        return refetch(feed, resource, options, trigger, listener, index, comparison, deleted);
    }

    private ReconcileResult refetch(FeedConfig feed, String resource, ReconcileOptions options, String trigger,
                                    RunListener listener, KeyIndex index, ReconcileStore.Comparison comparison,
                                    List<String> deleted) {
        List<String> keys = comparison.toFetch();
        PageCounts counts = PageCounts.ZERO;
        List<Long> runIds = new ArrayList<>();
        String note = options.dryRun() ? "dry run: nothing was deleted or re-fetched" : null;
        String refusal = keys.isEmpty() || options.dryRun() ? null : refetchRefusal.apply(feed);
        if (refusal != null) {
            note = keys.size() + " records to re-fetch, but feed " + feed.id() + " cannot fetch records by key ("
                    + refusal + "); a full sync (mlsync sync --full) brings them";
            LOG.warn("feed {}, {}: {}", feed.id(), resource, note);
        } else if (!options.dryRun()) {
            for (int from = 0; from < keys.size() && !listener.cancelled(); from += REFETCH_BATCH) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + REFETCH_BATCH));
                for (RunResult run : sync.sync(feed, resource, RunKind.INCREMENTAL, trigger, listener,
                        new RunOptions(batch, null, false))) {
                    if ("failed".equals(run.status())) {
                        throw new IllegalStateException("feed " + feed.id() + ", " + resource + ": reconciliation "
                                + "deleted " + deleted.size() + " records, then re-fetching failed: " + run.error());
                    }
                    counts = counts.plus(run.counts());
                    if (run.runId() > 0) {
                        runIds.add(run.runId());
                    }
                }
            }
        }
        return new ReconcileResult(feed.id(), resource, index.keys().size(), comparison.live(), deleted, keys, counts,
                runIds, index.requests(), options.dryRun(), note);
    }

    private ReconcileResult stopped(FeedConfig feed, String resource, ReconcileOptions options) {
        return new ReconcileResult(feed.id(), resource, 0, store.liveCount(feed.id(), resource), List.of(), List.of(),
                PageCounts.ZERO, List.of(), 0, options.dryRun(), "stopped while listing keys; nothing was deleted");
    }

    /** Refuses, with the numbers, what could be an outage rather than the provider's real state. */
    private static void check(FeedConfig feed, String resource, KeyIndex index, ReconcileStore.Comparison comparison,
                              ReconcileOptions options) {
        long live = comparison.live();
        int absent = comparison.absent().size();
        if (index.keys().isEmpty() && live > 0) {
            throw new ReconcileRefusedException(feed.id(), resource, "the provider's key listing came back empty ("
                    + index.pages() + " pages, " + index.requests() + " requests) while the replica holds " + live
                    + " live records; an empty answer is taken for an outage, never for a feed with nothing in it");
        }
        double cap = feed.lifecycle().maxDeleteShare();
        if (absent > 0 && absent > cap * live && !options.force()) {
            throw new ReconcileRefusedException(feed.id(), resource, "it would delete " + absent + " of " + live
                    + " live records (" + percent((double) absent / live) + "), more than lifecycle.maxDeleteShare "
                    + percent(cap) + " of feeds[" + feed.id() + "]; the provider listed " + index.keys().size()
                    + " keys. If the provider really dropped them, run again with --force");
        }
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** Every (key, version) the provider lists, or null when a stop was requested meanwhile. */
    private KeyIndex readIndex(FeedConfig feed, String resource, Source source, RunListener listener) {
        RecordShape shape = source.shape(resource);
        List<KeyStamp> keys = new ArrayList<>();
        long requestsBefore = source.requestCount();
        Cursor cursor = Cursor.EMPTY;
        int pages = 0;
        boolean more = true;
        try {
            while (more) {
                if (listener.cancelled()) {
                    return null;
                }
                Cursor from = cursor;
                KeyPage page = fetchPolicy.call("feed " + feed.id() + ", " + resource + ": key index page "
                        + (pages + 1), () -> keyPage(source, shape, resource, from));
                pages++;
                keys.addAll(page.keys());
                if (page.more() && page.cursor().nextLink() == null && page.cursor().equals(from)) {
                    throw new CursorStuckException(feed.id(), resource, Replicator.describe(from));
                }
                cursor = page.cursor();
                more = page.more();
            }
        } catch (RuntimeException e) {
            throw new ReconcileRefusedException(feed.id(), resource, "the provider's key listing failed after "
                    + keys.size() + " keys (" + pages + " pages): " + e.getMessage(), e);
        }
        return new KeyIndex(keys, pages, source.requestCount() - requestsBefore);
    }

    /** One key index page: the (key, version) of each record the provider still shows, and where to go on. */
    private static KeyPage keyPage(Source source, RecordShape shape, String resource, Cursor from) {
        List<KeyStamp> keys = new ArrayList<>();
        Cursor reached = from;
        try (PageReader reader = source.openPage(PageRequest.keyIndex(resource, from, KEY_PAGE_SIZE))) {
            while (reader.hasNext()) {
                RawRecord raw = reader.next();
                if (raw.problem() != null) { // a key the index cannot read might be a live listing: never "absent"
                    throw new SourceException(SourceException.Category.MALFORMED, 200, "key index of " + resource
                            + ", record " + (raw.position() + 1) + ": " + raw.problem() + ": " + raw.json().get(RawRecord.ENTRY));
                }
                ObjectNode json = raw.json();
                FieldReader fields = new FieldReader(json);
                String key = json.hasNonNull(shape.keyField()) ? json.get(shape.keyField()).asText() : null;
                Instant cursorStamp = timestamp(fields, shape.timestampField());
                if (key == null || shape.isDeleted(json)) {
                    continue;
                }
                Instant modified = timestamp(fields, "ModificationTimestamp");
                keys.add(new KeyStamp(key, modified != null ? modified : cursorStamp));
                if (cursorStamp != null && reached.isBefore(cursorStamp, key)) {
                    reached = Cursor.at(cursorStamp, key);
                }
            }
            return new KeyPage(keys, new Cursor(reached.timestamp(), reached.key(),
                    reader.hasMore() ? reader.nextLink() : null), reader.hasMore());
        }
    }

    private static Instant timestamp(FieldReader fields, String field) {
        try {
            return fields.timestamp(field);
        } catch (RuntimeException e) {
            return null; // present but unreadable: still listed (never deleted), just not compared by version
        }
    }

    private record KeyPage(List<KeyStamp> keys, Cursor cursor, boolean more) {
    }

    private record KeyIndex(List<KeyStamp> keys, int pages, long requests) {
    }
}
