package dev.mlsync.replicate;

import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.Source;
import dev.mlsync.store.PageCounts;
import dev.mlsync.store.StagedPage;
import dev.mlsync.store.ReplicaStore;
import dev.mlsync.store.RunStore;
import dev.mlsync.store.SyncErrorRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The replication algorithm of ARCHITECTURE.md §3: fetch a page after the cursor, map it, commit the
 * page together with the cursor it reaches, repeat until the provider has no more.
 * <ul>
 *   <li>One run per feed's resource at a time, cluster-wide (a lease in PostgreSQL).</li>
 *   <li>Each page commits in one transaction with its cursor, so a crash resumes after the last
 *       committed page, redoing at most the page in flight.</li>
 *   <li>The cursor never moves backwards; records sharing a timestamp across a page boundary are
 *       re-read (ge / keyset) and the idempotent upsert ignores what is already stored.</li>
 *   <li>An empty cursor on a feed that already holds records refuses to run without {@link RunKind#FULL}.</li>
 *   <li>A malformed record goes to sync_error and the run goes on.</li>
 *   <li>The next page is fetched and mapped while the previous one commits; only commits move the
 *       cursor, so prefetching never changes what a crash leaves behind.</li>
 * </ul>
 * No sleeps, retries or rate counting here: the source is wrapped with those policies.
 */
public final class Replicator {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

    private final ReplicaStore replica;
    private final RunStore runs;
    private final Clock clock;

    public Replicator(ReplicaStore replica, RunStore runs, Clock clock) {
        this.replica = replica;
        this.runs = runs;
        this.clock = clock;
    }

    /** Runs one replication of {@code request.resource()} from {@code source}; never throws for a failed page. */
    public RunResult run(RunRequest request, Source source, RunListener listener) {
        String feed = request.feedId();
        String resource = request.resource();
        try (ReplicaStore.Lease lease = replica.tryLease(feed, resource)
                .orElseThrow(() -> new FeedBusyException(feed, resource))) {
            runs.failAbandoned(feed, resource, clock.instant());
            Cursor cursor = replica.cursor(feed, resource);
            if (request.kind() == RunKind.INCREMENTAL && cursor.isEmpty() && replica.hasRecords(feed, resource)) {
                throw new CursorMissingException(feed, resource);
            }
            RunKind kind = cursor.isEmpty() ? RunKind.FULL : request.kind();
            Cursor start = kind == RunKind.FULL ? Cursor.EMPTY : cursor;
            return runPages(request, kind, start, source, listener);
        }
    }

    private RunResult runPages(RunRequest request, RunKind kind, Cursor start, Source source,
                               RunListener listener) {
        Instant started = clock.instant();
        long runId = runs.start(request.feedId(), request.resource(), kind.columnValue(), request.trigger(),
                describe(start), started);
        RunState state = new RunState(start);
        RecordMapper mapper = new RecordMapper(request.resource(), source.shape(request.resource()));
        long requestsBefore = source.requestCount();
        String status = "completed";
        String error = null;
        ExecutorService fetcher = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("fetch-" + request.feedId() + "-" + request.resource()).daemon().factory());
        try {
            Future<FetchedPage> next = fetcher.submit(() -> fetchPage(request, kind, source, mapper, start));
            while (next != null) {
                FetchedPage page = await(next);
                next = null;
                if (listener.cancelled()) {
                    status = "cancelled";
                    break;
                }
                if (page.hasMore) {
                    // Fetch the following page while this one commits: the cursor it starts from is
                    // already known, and nothing is committed until its own turn.
                    next = fetcher.submit(() -> fetchPage(request, kind, source, mapper, page.cursor));
                }
                commit(request, runId, page, state);
                listener.pageCommitted(new PageProgress(request.feedId(), request.resource(), state.pages,
                        state.records, state.counts, state.cursor));
            }
        } catch (RuntimeException e) {
            status = "failed";
            error = e.getMessage();
            LOG.error("feed {}, {}: run {} failed after {} committed pages; the next run resumes from cursor {}: {}",
                    request.feedId(), request.resource(), runId, state.pages, describe(state.cursor), error);
        } finally {
            fetcher.shutdownNow();
        }
        Instant finished = clock.instant();
        runs.finish(runId, status, describe(state.cursor), error, finished);
        return new RunResult(runId, request.feedId(), request.resource(), kind, status, state.pages,
                source.requestCount() - requestsBefore, state.bytes, state.counts, state.cursor,
                Duration.between(started, finished), error);
    }

    private static FetchedPage await(Future<FetchedPage> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching a page", e);
        }
    }

    /** Fetches and maps one page after {@code from}; nothing is stored yet. */
    private static FetchedPage fetchPage(RunRequest request, RunKind kind, Source source, RecordMapper mapper,
                                         Cursor from) {
        long requestsBefore = source.requestCount();
        PageRequest pageRequest = new PageRequest(request.resource(), from, kind == RunKind.FULL, request.pageSize());
        StagedPage staged = new StagedPage(request.feedId());
        try (PageReader reader = source.openPage(pageRequest)) {
            Cursor reached = from;
            int records = 0;
            while (reader.hasNext()) {
                RawRecord raw = reader.next();
                records++;
                reached = stage(mapper, raw, staged, reached);
            }
            Cursor cursor = new Cursor(reached.timestamp(), reached.key(), reader.hasMore() ? reader.nextLink() : null);
            if (reader.hasMore() && records > 0 && cursor.nextLink() == null && cursor.equals(from)) {
                throw new CursorStuckException(request.feedId(), request.resource(), describe(from));
            }
            return new FetchedPage(staged, cursor, reader.hasMore(), records, reader.bytesRead(),
                    source.requestCount() - requestsBefore);
        }
    }

    private void commit(RunRequest request, long runId, FetchedPage page, RunState state) {
        PageCounts counts = replica.commitPage(request.feedId(), request.resource(), page.staged, page.cursor, runId,
                page.requests, page.bytes, clock.instant());
        state.add(page, counts);
    }

    private static Cursor stage(RecordMapper mapper, RawRecord raw, StagedPage staged, Cursor reached) {
        MappedRecord mapped;
        try {
            mapped = mapper.map(raw);
        } catch (RecordRejectedException e) {
            staged.error(new SyncErrorRow(keyOf(raw), e.category(), "record " + (raw.position() + 1)
                    + " of the page: " + e.getMessage(), RecordMapper.excerpt(raw.json().toString())));
            return reached;
        }
        if (mapped.listing() != null) {
            staged.listing(mapped.listing(), mapped.media());
        } else {
            staged.record(mapped.record());
        }
        mapped.problems().forEach(staged::error);
        return reached.isBefore(mapped.cursorTimestamp(), mapped.key())
                ? Cursor.at(mapped.cursorTimestamp(), mapped.key()) : reached;
    }

    private static String keyOf(RawRecord raw) {
        var fields = raw.json().properties().iterator();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().endsWith("Key") && field.getValue().isValueNode()) {
                String key = field.getValue().asText();
                return key.length() > RecordMapper.MAX_KEY_LENGTH ? key.substring(0, RecordMapper.MAX_KEY_LENGTH) : key;
            }
        }
        return null;
    }

    static String describe(Cursor cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        return cursor.timestamp() + (cursor.key() == null ? "" : " " + cursor.key());
    }

    /** A page fetched and mapped, waiting for its commit. */
    private record FetchedPage(StagedPage staged, Cursor cursor, boolean hasMore, int records, long bytes,
                               long requests) {
    }

    /** What the run has committed so far. */
    private static final class RunState {
        private Cursor cursor;
        private int pages;
        private long records;
        private long bytes;
        private PageCounts counts = PageCounts.ZERO;

        RunState(Cursor cursor) {
            this.cursor = cursor;
        }

        void add(FetchedPage page, PageCounts pageCounts) {
            cursor = page.cursor;
            pages++;
            records += page.records;
            bytes += page.bytes;
            counts = counts.plus(pageCounts);
        }
    }
}
