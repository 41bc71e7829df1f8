package dev.mlsync.replicate;

import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.Source;
import dev.mlsync.store.PageCounts;
import dev.mlsync.store.PageWriter;
import dev.mlsync.store.ReplicaStore;
import dev.mlsync.store.RunStore;
import dev.mlsync.store.SyncErrorRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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
        try {
            boolean more = true;
            while (more) {
                if (listener.cancelled()) {
                    status = "cancelled";
                    break;
                }
                more = replicatePage(request, kind, runId, source, mapper, state);
                listener.pageCommitted(new PageProgress(request.feedId(), request.resource(), state.pages,
                        state.records, state.counts, state.cursor));
            }
        } catch (RuntimeException e) {
            status = "failed";
            error = e.getMessage();
            LOG.error("feed {}, {}: run {} failed after {} committed pages; the next run resumes from cursor {}: {}",
                    request.feedId(), request.resource(), runId, state.pages, describe(state.cursor), error);
        }
        Instant finished = clock.instant();
        runs.finish(runId, status, describe(state.cursor), error, finished);
        return new RunResult(runId, request.feedId(), request.resource(), kind, status, state.pages,
                source.requestCount() - requestsBefore, state.bytes, state.counts, state.cursor,
                Duration.between(started, finished), error);
    }

    /** Fetches, maps and commits one page; returns whether the provider has more. */
    private boolean replicatePage(RunRequest request, RunKind kind, long runId, Source source, RecordMapper mapper,
                                  RunState state) {
        long requestsBefore = source.requestCount();
        PageRequest pageRequest = new PageRequest(request.resource(), state.cursor, kind == RunKind.FULL,
                request.pageSize());
        PageResult page = replica.inPage(request.feedId(), request.resource(), writer -> {
            try (PageReader reader = source.openPage(pageRequest)) {
                Cursor reached = state.cursor;
                int records = 0;
                while (reader.hasNext()) {
                    RawRecord raw = reader.next();
                    records++;
                    reached = stage(mapper, raw, writer, reached);
                }
                Cursor committed = new Cursor(reached.timestamp(), reached.key(),
                        reader.hasMore() ? reader.nextLink() : null);
                PageCounts counts = writer.apply(runId, clock.instant());
                writer.saveCursor(committed, runId);
                writer.addProgress(runId, counts, source.requestCount() - requestsBefore, reader.bytesRead());
                return new PageResult(committed, reader.hasMore(), counts, records, reader.bytesRead());
            }
        });
        if (page.hasMore && page.records > 0 && page.cursor.nextLink() == null && page.cursor.equals(state.cursor)) {
            throw new CursorStuckException(request.feedId(), request.resource(), describe(state.cursor));
        }
        state.add(page);
        return page.hasMore;
    }

    private static Cursor stage(RecordMapper mapper, RawRecord raw, PageWriter writer, Cursor reached) {
        MappedRecord mapped;
        try {
            mapped = mapper.map(raw);
        } catch (RecordRejectedException e) {
            writer.error(new SyncErrorRow(keyOf(raw), e.category(), "record " + (raw.position() + 1)
                    + " of the page: " + e.getMessage(), RecordMapper.excerpt(raw.json().toString())));
            return reached;
        }
        if (mapped.listing() != null) {
            writer.listing(mapped.listing(), mapped.media());
        } else {
            writer.record(mapped.record());
        }
        mapped.problems().forEach(writer::error);
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

    private record PageResult(Cursor cursor, boolean hasMore, PageCounts counts, int records, long bytes) {
    }

    /** What the run has done so far. */
    private static final class RunState {
        private Cursor cursor;
        private int pages;
        private long records;
        private long bytes;
        private PageCounts counts = PageCounts.ZERO;

        RunState(Cursor cursor) {
            this.cursor = cursor;
        }

        void add(PageResult page) {
            cursor = page.cursor;
            pages++;
            records += page.records;
            bytes += page.bytes;
            counts = counts.plus(page.counts);
        }
    }
}
