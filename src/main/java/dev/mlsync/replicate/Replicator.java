package dev.mlsync.replicate;

import dev.mlsync.source.BrokenRecordException;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 *   <li>The next page is fetched and mapped while the previous one commits, and up to two pages with
 *       disjoint keys are written at once; commits happen strictly in page order and only commits
 *       move the cursor, so this never changes what a crash leaves behind.</li>
 *   <li>A partial run (chosen keys or a filter, {@link RunOptions}) starts from the beginning of those
 *       records' history and never saves the cursor; a dry run rolls every page back and records no run.
 *       Neither takes the lease, since neither moves the cursor.</li>
 * </ul>
 * No sleeps, retries or rate counting here: the source is wrapped with those policies.
 */
public final class Replicator {
    /** Pages whose transactions may be open at once (one per core of a small machine). */
    static final int COMMIT_DEPTH = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

    private final ReplicaStore replica;
    private final RunStore runs;
    private final Clock clock;
    private final PageFetchPolicy fetchPolicy;

    public Replicator(ReplicaStore replica, RunStore runs, Clock clock) {
        this(replica, runs, clock, PageFetchPolicy.DIRECT);
    }

    /** A replicator whose page fetches are guarded by {@code fetchPolicy} (retries, in production). */
    public Replicator(ReplicaStore replica, RunStore runs, Clock clock, PageFetchPolicy fetchPolicy) {
        this.replica = replica;
        this.runs = runs;
        this.clock = clock;
        this.fetchPolicy = fetchPolicy;
    }

    /** Runs one replication of {@code request.resource()} from {@code source}; never throws for a failed page. */
    public RunResult run(RunRequest request, Source source, RunListener listener) {
        if (request.options().partial() || request.options().dryRun()) {
            return runWithoutLease(request, source, listener);
        }
        String feed = request.feedId();
        String resource = request.resource();
        try (ReplicaStore.Lease lease = replica.tryLease(feed, resource)
                .orElseThrow(() -> new FeedBusyException(feed, resource,
                        replica.leaseHolder(feed, resource).orElse("holder unknown")))) {
            runs.failAbandoned(feed, resource, clock.instant());
            return runFromCursor(request, source, listener);
        }
    }

    /**
     * A partial run or a dry run never moves the cursor, so it needs no lease: it reads the named records
     * from the start of their history (partial), or exactly what a real run would read (dry run).
     */
    private RunResult runWithoutLease(RunRequest request, Source source, RunListener listener) {
        if (request.options().partial()) {
            return runPages(request, request.kind(), Cursor.EMPTY, source, listener);
        }
        return runFromCursor(request, source, listener);
    }

    private RunResult runFromCursor(RunRequest request, Source source, RunListener listener) {
        String feed = request.feedId();
        String resource = request.resource();
        Cursor cursor = replica.cursor(feed, resource);
        if (request.kind() == RunKind.INCREMENTAL && cursor.isEmpty() && replica.hasRecords(feed, resource)) {
            throw new CursorMissingException(feed, resource);
        }
        RunKind kind = cursor.isEmpty() ? RunKind.FULL : request.kind();
        Cursor start = kind == RunKind.FULL ? Cursor.EMPTY : cursor;
        return runPages(request, kind, start, source, listener);
    }

    private RunResult runPages(RunRequest request, RunKind kind, Cursor start, Source source,
                               RunListener listener) {
        Instant started = clock.instant();
        RunOptions options = request.options();
        // A dry run leaves no trace, not even its sync_run row; its results carry run id 0.
        long runId = options.dryRun() ? 0 : runs.start(request.feedId(), request.resource(),
                options.partial() ? "partial" : kind.columnValue(), request.trigger(), describe(start), started);
        RunState state = new RunState(start);
        RecordMapper mapper = new RecordMapper(request.resource(), source.shape(request.resource()));
        long requestsBefore = source.requestCount();
        String status = "completed";
        String error = null;
        ExecutorService fetcher = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("fetch-" + request.feedId() + "-" + request.resource()).daemon().factory());
        PageCommits commits = new PageCommits(request, runId, state, listener);
        try {
            Future<FetchedPage> next = fetcher.submit(() -> fetchPolicy.call(what(request, start),
                    () -> fetchPage(request, kind, source, mapper, start, null)));
            while (next != null) {
                FetchedPage page = await(next);
                next = null;
                commits.makeRoom();
                if (listener.cancelled()) {
                    status = "cancelled";
                    break;
                }
                if (page.hasMore) {
                    // Fetch the following page while this one commits: the cursor it starts from is
                    // already known, and nothing is committed until its own turn.
                    next = fetcher.submit(() -> fetchPolicy.call(what(request, page.cursor),
                            () -> fetchPage(request, kind, source, mapper, page.cursor, page.staged)));
                }
                commits.submit(page);
            }
            commits.drain();
        } catch (RuntimeException e) {
            status = "failed";
            error = e.getMessage() != null ? e.getMessage() : e.toString();
            commits.settle();
            LOG.error("feed {}, {}: run {} failed after {} committed pages; the next run resumes from cursor {}: {}",
                    request.feedId(), request.resource(), runId, state.pages, describe(state.cursor), error);
        } finally {
            fetcher.shutdownNow();
            commits.close();
        }
        Instant finished = clock.instant();
        if (!options.dryRun()) {
            runs.finish(runId, status, options.partial() ? null : describe(state.cursor), error, finished);
        }
        return new RunResult(runId, request.feedId(), request.resource(), kind, status, state.pages,
                source.requestCount() - requestsBefore, state.bytes, state.counts, state.cursor,
                Duration.between(started, finished), error, started);
    }

    private static String what(RunRequest request, Cursor from) {
        return "feed " + request.feedId() + ", " + request.resource() + ": page after "
                + (from.isEmpty() ? "the start" : describe(from));
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
                                         Cursor from, StagedPage previous) {
        long requestsBefore = source.requestCount();
        RunOptions options = request.options();
        PageRequest pageRequest = new PageRequest(request.resource(), from, kind == RunKind.FULL && !options.partial(),
                request.pageSize(), previous == null, options.listingKeys(), options.filter());
        StagedPage staged = new StagedPage(request.feedId(), previous, request.conflicts().configName());
        try (PageReader reader = source.openPage(pageRequest)) {
            return readPage(request, source, mapper, from, staged, reader, requestsBefore);
        } catch (BrokenRecordException broken) {
            int size = source.splittablePageSize(pageRequest);
            if (size < 1) {
                throw broken;
            }
            LOG.warn("feed {}, {}: {}; asking for the page in smaller windows to keep its readable records",
                    request.feedId(), request.resource(), broken.getMessage());
            try {
                return splitPage(request, source, mapper, from, pageRequest, previous, size, requestsBefore);
            } catch (PageSplit.Unsplittable unsplittable) {
                LOG.warn("feed {}, {}: cannot split the page: {}", request.feedId(), request.resource(),
                        unsplittable.getMessage());
                throw broken;
            }
        }
    }

    /** A page split around its broken records ({@link PageSplit}): the readable ones staged, the broken quarantined. */
    private static FetchedPage splitPage(RunRequest request, Source source, RecordMapper mapper, Cursor from,
                                         PageRequest pageRequest, StagedPage previous, int size, long requestsBefore) {
        PageSplit split = PageSplit.read(source, pageRequest, size, source.shape(request.resource()).keyField());
        StagedPage staged = new StagedPage(request.feedId(), previous);
        Cursor reached = from;
        for (RawRecord raw : split.records()) {
            reached = stage(mapper, raw, staged, reached);
        }
        split.quarantined().forEach(staged::error);
        boolean more = split.full(size);
        String link = more ? source.linkAfterSplit(pageRequest, split.positions(), split.lastBroken()) : null;
        Cursor cursor = new Cursor(reached.timestamp(), reached.key(), link);
        if (more && link == null && cursor.equals(from)) {
            throw new CursorStuckException(request.feedId(), request.resource(), describe(from));
        }
        return new FetchedPage(staged, cursor, more, split.positions(), 0, source.requestCount() - requestsBefore, -1);
    }

    private static FetchedPage readPage(RunRequest request, Source source, RecordMapper mapper, Cursor from,
                                        StagedPage staged, PageReader reader, long requestsBefore) {
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
                source.requestCount() - requestsBefore, reader.totalCount());
    }

    /**
     * Commits pages in order, up to {@link #COMMIT_DEPTH} at once: a page's rows are written while the
     * previous page is still committing (PostgreSQL then works on two cores), but its transaction
     * commits, and its cursor moves, only after the previous page's has. A page that writes a key
     * an in-flight page also writes waits for that page first, so two transactions never wait on
     * each other. A failed page fails every page after it, so the cursor never passes a lost page.
     */
    private final class PageCommits implements AutoCloseable {
        private final RunRequest request;
        private final long runId;
        private final RunState state;
        private final RunListener listener;
        private final ExecutorService workers;
        private final Deque<InFlight> inFlight = new ArrayDeque<>();

        PageCommits(RunRequest request, long runId, RunState state, RunListener listener) {
            this.request = request;
            this.runId = runId;
            this.state = state;
            this.listener = listener;
            this.workers = Executors.newFixedThreadPool(COMMIT_DEPTH, Thread.ofPlatform()
                    .name("commit-" + request.feedId() + "-" + request.resource() + "-", 0).daemon().factory());
        }

        /** Reports pages that have committed, and waits for the oldest when all commit slots are taken. */
        void makeRoom() {
            while (!inFlight.isEmpty() && (inFlight.size() >= COMMIT_DEPTH || inFlight.peekFirst().done.isDone())) {
                completeOldest();
            }
        }

        void submit(FetchedPage page) {
            makeRoom();
            if (inFlight.stream().anyMatch(other -> other.page.staged.sharesKeysWith(page.staged))) {
                drain();
            }
            CompletableFuture<PageCounts> previous = inFlight.isEmpty()
                    ? CompletableFuture.completedFuture(PageCounts.ZERO) : inFlight.peekLast().done;
            CompletableFuture<PageCounts> done = CompletableFuture.supplyAsync(() -> write(page, previous), workers);
            inFlight.addLast(new InFlight(page, done));
        }

        private PageCounts write(FetchedPage page, CompletableFuture<PageCounts> previous) {
            RunOptions options = request.options();
            if (options.dryRun()) {
                return replica.dryRunPage(request.feedId(), request.resource(), page.staged, clock.instant(),
                        previous::join);
            }
            return replica.commitPage(request.feedId(), request.resource(), page.staged, page.cursor, runId,
                    page.requests, page.bytes, clock.instant(), previous::join, !options.partial());
        }

        void drain() {
            while (!inFlight.isEmpty()) {
                completeOldest();
            }
        }

        private void completeOldest() {
            InFlight oldest = inFlight.removeFirst();
            PageCounts counts;
            try {
                counts = oldest.done.join();
            } catch (CompletionException e) {
                throw rootCause(e);
            }
            state.add(oldest.page, counts);
            listener.pageCommitted(new PageProgress(request.feedId(), request.resource(), state.pages,
                    state.records, state.counts, state.cursor, state.expected));
        }

        /** After a failure: counts the pages that still commit, in order, up to the first that does not. */
        void settle() {
            try {
                drain();
            } catch (RuntimeException alsoFailed) {
                // the pages after a failed one roll back; the run already reports the first failure
            }
        }

        /** Waits until no transaction of this run is open (a failed run rolls the later pages back). */
        @Override
        public void close() {
            inFlight.forEach(f -> f.done.handle((counts, failure) -> null).join());
            workers.shutdownNow();
        }
    }

    private static RuntimeException rootCause(CompletionException e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private record InFlight(FetchedPage page, CompletableFuture<PageCounts> done) {
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
                return field.getValue().asText(); // a key too long for sync_error is bounded by SyncErrorRow
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
                               long requests, long totalCount) {
    }

    /** What the run has committed so far. */
    private static final class RunState {
        private Cursor cursor;
        private int pages;
        private long records;
        private long bytes;
        private PageCounts counts = PageCounts.ZERO;
        private long expected = -1;

        RunState(Cursor cursor) {
            this.cursor = cursor;
        }

        void add(FetchedPage page, PageCounts pageCounts) {
            if (pages == 0 && page.totalCount >= 0) {
                expected = page.totalCount;
            }
            cursor = page.cursor;
            pages++;
            records += page.records;
            bytes += page.bytes;
            counts = counts.plus(pageCounts);
        }
    }
}
