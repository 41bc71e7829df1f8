package dev.mlsync.source.rets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.RetsConfig;
import dev.mlsync.source.MediaReceiver;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.RecordShape;
import dev.mlsync.source.Source;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A RETS 1.7.2 feed (1.5 and 1.8 servers answer the same requests) as a {@link Source}: logs in on
 * the first request, learns the searched class's layout from GetMetadata, pages Search answers by the
 * (timestamp, key) cursor ({@link WindowedSearch}), maps system names to RESO names ({@link FieldMap})
 * and gives each listing its photos as Media records ({@link ListingPhotos}). Every request goes
 * through the client it was built with, which passes the feed's quota. Only {@code Property} is
 * replicated. {@link #fetchObject(String)} downloads a photo a Media record refers to.
 */
public final class RetsSource implements Source {
    static final String PROPERTY = "Property";
    /** Object ids in one GetObject's ID parameter, so its URL stays short. */
    static final int OBJECTS_PER_REQUEST = 50;

    private final FeedConfig feed;
    private final RetsConfig config;
    private final RetsHttp http;
    private final RetsSession session;
    private final WindowedSearch search;
    /** The key index: the same windowed paging, each row only key and timestamp (its window widths of its own). */
    private final WindowedSearch keySearch;
    private final ListingPhotos photos;
    private final AtomicLong pageBytes = new AtomicLong();
    private volatile Layout layout;
    private volatile FieldMap fieldMap;
    private volatile List<String> fieldMapColumns;

    private RetsSource(FeedConfig feed, HttpClient client, Clock clock) {
        this.feed = feed;
        this.config = feed.rets();
        this.http = new RetsHttp(feed.id(), client);
        AuthConfig auth = feed.auth() == null ? AuthConfig.none() : feed.auth();
        SecureRandom random = new SecureRandom();
        this.session = new RetsSession(http, feed.baseUrl(), auth, config.version(), () -> {
            byte[] bytes = new byte[8];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        });
        this.search = new WindowedSearch(config.classes().stream()
                .<WindowedSearch.Searcher>map(className -> query -> search(className, query)).toList(),
                clock, "feed " + feed.id() + ", RETS Search " + config.resource() + ":" + String.join(",", config.classes()));
        this.keySearch = new WindowedSearch(config.classes().stream()
                .<WindowedSearch.Searcher>map(className -> query -> search(className, query, true)).toList(),
                clock, "feed " + feed.id() + ", RETS key Search " + config.resource() + ":" + String.join(",", config.classes()));
        this.photos = new ListingPhotos(session, http, config);
    }

    /** The feed's source over {@code http} (the quota-wrapped client in production). */
    public static RetsSource of(FeedConfig feed, HttpClient http, Clock clock) {
        if (feed.rets() == null || feed.rets().classes().isEmpty()) {
            throw new IllegalArgumentException("feed " + feed.id() + ": a rets feed needs rets.class");
        }
        return new RetsSource(feed, http, clock);
    }

    /** True for a GetObject request that downloads bytes (not {@code Location=1}): it counts as a media download. */
    public static boolean isObjectDownload(HttpRequest request) {
        String path = request.uri().getRawPath() == null ? "" : request.uri().getRawPath();
        String query = request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery();
        return path.endsWith("GetObject") && !query.contains("Location=1");
    }

    @Override
    public PageReader openPage(PageRequest request) {
        if (!PROPERTY.equals(request.resource())) {
            throw new SourceException(Category.BAD_REQUEST, 0, "feed " + feed.id() + ": a rets feed replicates "
                    + PROPERTY + " only, not " + request.resource());
        }
        pageBytes.set(0);
        if (request.keys() != null) {
            return byKeys(request);
        }
        if (request.keysOnly()) {
            // Key rows are small, but a server caps rows per reply whatever their width: the feed's page size.
            WindowedSearch.Page page = keySearch.next(request.cursor(), Math.max(1, Math.min(request.pageSize(),
                    feed.pageSize())));
            List<RawRecord> records = new ArrayList<>(page.records().size());
            page.records().forEach(candidate -> records.add(new RawRecord(candidate.json(), records.size())));
            return new RetsPageReader(records, page.hasMore(), -1, pageBytes.get());
        }
        WindowedSearch.Page page = search.next(request.cursor(), Math.max(1, request.pageSize()));
        List<RawRecord> records = new ArrayList<>(page.records().size());
        List<ObjectNode> listings = new ArrayList<>();
        for (WindowedSearch.Candidate candidate : page.records()) {
            records.add(new RawRecord(candidate.json(), records.size()));
            if (candidate.usable()) {
                listings.add(candidate.json());
            }
        }
        photos.attach(listings);
        return new RetsPageReader(records, page.hasMore(), request.countTotal() ? page.total() : -1, pageBytes.get());
    }

    /**
     * The listings with the request's keys, by one key query per class ({@code (KeyField=K1,K2,…)}), with their
     * photos, in (timestamp, key) order: a partial sync, or a look at one listing now. A filter is not RETS's to read.
     */
    private PageReader byKeys(PageRequest request) {
        if (request.filter() != null) {
            throw new SourceException(Category.BAD_REQUEST, 0, "feed " + feed.id()
                    + ": a rets feed cannot filter by an OData expression; name listing keys instead");
        }
        for (String key : request.keys()) {
            if (key.isEmpty() || key.chars().anyMatch(c -> ",()|~*?\"".indexOf(c) >= 0 || Character.isWhitespace(c))) {
                throw new SourceException(Category.BAD_REQUEST, 0, "feed " + feed.id() + ": listing key '" + key
                        + "' cannot be searched in DMQL2 (it holds a space or one of , ( ) | ~ * ? \")");
            }
        }
        List<WindowedSearch.Candidate> found = new ArrayList<>();
        for (String className : config.classes()) {
            WindowedSearch.Answer answer = keyQuery(className, request.keys());
            found.addAll(answer.candidates());
        }
        List<WindowedSearch.Candidate> ordered = WindowedSearch.after(dev.mlsync.source.Cursor.EMPTY, found);
        List<RawRecord> records = new ArrayList<>(ordered.size());
        List<ObjectNode> listings = new ArrayList<>();
        for (WindowedSearch.Candidate candidate : ordered) {
            records.add(new RawRecord(candidate.json(), records.size()));
            if (candidate.usable()) {
                listings.add(candidate.json());
            }
        }
        photos.attach(listings);
        return new RetsPageReader(records, false, request.countTotal() ? records.size() : -1, pageBytes.get());
    }

    private WindowedSearch.Answer keyQuery(String className, List<String> keys) {
        Layout current = layout();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SearchType", config.resource());
        params.put("Class", className);
        params.put("QueryType", "DMQL2");
        params.put("Query", "(" + current.keyColumn() + "=" + String.join(",", keys) + ")");
        params.put("Format", config.format().wireName());
        params.put("Count", "1");
        params.put("Limit", Integer.toString(Math.max(keys.size(), 1)));
        params.put("StandardNames", "0");
        WindowedSearch.Answer answer = call(params);
        if (answer.maxRows()) {
            throw new RetsPagingException("feed " + feed.id() + ", RETS Search " + className + ": " + keys.size()
                    + " keys matched more rows than a reply holds (<MAXROWS/>); keys are not unique on this server");
        }
        return answer;
    }

    @Override
    public RecordShape shape(String resource) {
        return new RetsRecordShape();
    }

    @Override
    public long requestCount() {
        return http.requestCount();
    }

    /** Logs out (once); the source logs in again if it is used afterwards. */
    @Override
    public void close() {
        session.logout();
    }

    /**
     * Downloads the object a Media record's MediaURL names: a {@code rets-object:} reference (see
     * {@link ObjectReference}) is fetched by GetObject through this feed's session and quota; any other
     * URL is not this source's and is rejected. The caller reads {@link RetsObject#body()} and closes it.
     *
     * @throws SourceException when the server has no such object (RETS 20403) or answers with an error
     */
    public RetsObject fetchObject(String mediaUrl) {
        ObjectReference reference;
        try {
            reference = ObjectReference.parse(mediaUrl);
        } catch (IllegalArgumentException e) {
            throw new SourceException(Category.BAD_REQUEST, 0, "feed " + feed.id() + ": " + e.getMessage());
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Resource", config.resource());
        params.put("Type", reference.type());
        params.put("ID", reference.key() + ":" + reference.objectId());
        return session.call("GetObject", params, response -> {
            ObjectAnswer answer = ObjectAnswer.of(response.headers(), RetsHttp.body(response));
            ObjectAnswer.Item item = answer.next();
            if (item == null || item.failed()) {
                answer.close();
                String why = item == null ? "an empty answer" : item.reply().toString();
                if (item != null && item.reply().needsLogin()) {
                    throw new RetsSession.SessionExpiredException(why);
                }
                throw new SourceException(Category.BAD_REQUEST, response.statusCode(), http.message("GetObject",
                        response.request().uri(), "object " + reference.key() + ":" + reference.objectId() + ": " + why));
            }
            RetsObject object = item.object();
            return new RetsObject(object.contentId(), object.objectId(), object.contentType(), object.location(),
                    object.description(), object.preferred(), new FilterInputStream(object.body()) {
                        @Override
                        public void close() throws IOException {
                            answer.close();
                        }
                    });
        });
    }

    @Override
    public boolean resolvesMedia(String mediaUrl) {
        return ObjectReference.isReference(mediaUrl);
    }

    /**
     * Downloads {@code rets-object:} references by GetObject through this feed's session and quota (a media request
     * each): one request per listing and type, {@code ID=Key:1:2:5} (at most {@value #OBJECTS_PER_REQUEST} ids), whose
     * answer, multipart or single part, is read part by part as it arrives. A part that is a RETS error (20403: no
     * such object) refuses only its object; objects the answer leaves out are refused as a server fault. One GetObject
     * at a time per source: servers limit outstanding requests per session (20411), and Digest nonce counts must rise.
     */
    @Override
    public synchronized void fetchMedia(List<String> mediaUrls, MediaReceiver receiver) {
        Map<String, Map<String, String>> byListing = new LinkedHashMap<>();
        Map<String, ObjectReference> firsts = new LinkedHashMap<>();
        for (String url : mediaUrls) {
            ObjectReference reference;
            try {
                reference = ObjectReference.parse(url);
            } catch (IllegalArgumentException e) {
                receiver.refused(url, new SourceException(Category.BAD_REQUEST, 0, "feed " + feed.id() + ": "
                        + e.getMessage()));
                continue;
            }
            String group = reference.type() + "\n" + reference.key();
            firsts.putIfAbsent(group, reference);
            byListing.computeIfAbsent(group, g -> new LinkedHashMap<>()).putIfAbsent(reference.objectId(), url);
        }
        byListing.forEach((group, urls) -> {
            List<Map.Entry<String, String>> entries = new ArrayList<>(urls.entrySet());
            for (int i = 0; i < entries.size(); i += OBJECTS_PER_REQUEST) {
                Map<String, String> chunk = new LinkedHashMap<>();
                entries.subList(i, Math.min(entries.size(), i + OBJECTS_PER_REQUEST))
                        .forEach(entry -> chunk.put(entry.getKey(), entry.getValue()));
                fetchObjects(firsts.get(group), chunk, receiver);
            }
        });
    }

    /** One GetObject for {@code urls} (object id → reference) of {@code listing}'s key and type. */
    private void fetchObjects(ObjectReference listing, Map<String, String> urls, MediaReceiver receiver) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Resource", config.resource());
        params.put("Type", listing.type());
        params.put("ID", listing.key() + ":" + String.join(":", urls.keySet()));
        session.call("GetObject", params, response -> {
            Map<String, String> unanswered = new LinkedHashMap<>(urls);
            try (ObjectAnswer answer = ObjectAnswer.of(response.headers(), RetsHttp.body(response))) {
                boolean answeredAny = false;
                for (ObjectAnswer.Item item = answer.next(); item != null; item = answer.next()) {
                    if (item.failed() && item.reply().needsLogin() && !answeredAny) {
                        throw new RetsSession.SessionExpiredException(item.reply().toString());
                    }
                    RetsObject object = item.object();
                    String objectId = answeredObject(listing.key(), object, item.failed(), unanswered);
                    if (objectId == null && item.failed() && object.objectId() == null) {
                        // an error answer naming no object stands for every object still unanswered
                        for (String id : new ArrayList<>(unanswered.keySet())) {
                            receiver.refused(unanswered.remove(id), objectError(response, listing.key(), id, item.reply()));
                        }
                    }
                    if (objectId == null) {
                        continue;
                    }
                    String url = unanswered.remove(objectId);
                    answeredAny = true;
                    if (item.failed()) {
                        receiver.refused(url, objectError(response, listing.key(), objectId, item.reply()));
                    } else {
                        receiver.received(url, object.contentType(), object.body());
                    }
                }
            }
            unanswered.forEach((id, url) -> receiver.refused(url, new SourceException(Category.SERVER,
                    response.statusCode(), http.message("GetObject", response.request().uri(), "object "
                    + listing.key() + ":" + id + ": the answer holds no part for it"))));
            return null;
        });
    }

    /** The asked-for object id a part answers, or null (a part for an object not asked for, or not saying which). */
    private static String answeredObject(String key, RetsObject object, boolean failed, Map<String, String> unanswered) {
        String contentId = object.contentId();
        if (contentId != null && !contentId.isEmpty() && !contentId.equals(key)) {
            return null;
        }
        if (object.objectId() != null) {
            return unanswered.containsKey(object.objectId()) ? object.objectId() : null;
        }
        return !failed && unanswered.size() == 1 ? unanswered.keySet().iterator().next() : null;
    }

    /** A RETS error standing for one object: 20408/20410 (unavailable, timeout) and 20411 (too many requests) pass. */
    private SourceException objectError(java.net.http.HttpResponse<?> response, String key, String objectId,
                                        RetsReply reply) {
        Category category = switch (reply.code()) {
            case 20408, 20410 -> Category.SERVER;
            case 20411 -> Category.RATE_LIMIT;
            default -> reply.needsLogin() ? Category.AUTH : Category.BAD_REQUEST;
        };
        return new SourceException(category, response.statusCode(), http.message("GetObject", response.request().uri(),
                "object " + key + ":" + objectId + ": " + reply));
    }

    /** How many times the session has logged in (1 + re-logins after expiry); for tests and status. */
    public int logins() {
        return session.logins();
    }

    private WindowedSearch.Answer search(String className, WindowedSearch.Query query) {
        return search(className, query, false);
    }

    /** One windowed Search; {@code keysOnly} selects just the key and timestamp columns (the key index). */
    private WindowedSearch.Answer search(String className, WindowedSearch.Query query, boolean keysOnly) {
        Layout current = layout();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SearchType", config.resource());
        params.put("Class", className);
        params.put("QueryType", "DMQL2");
        params.put("Query", query.dmql(current.timestampColumn()));
        params.put("Format", config.format().wireName());
        params.put("Count", "1");
        params.put("Limit", Integer.toString(query.limit()));
        params.put("StandardNames", "0");
        if (query.offset() > 0) {
            params.put("Offset", Integer.toString(query.offset()));
        }
        if (keysOnly) {
            params.put("Select", current.keyColumn() + "," + current.timestampColumn());
        }
        return call(params);
    }

    private WindowedSearch.Answer call(Map<String, String> params) {
        return session.call("Search", params, response -> {
            CompactResult result;
            try (InputStream body = new CountingStream(RetsHttp.body(response), pageBytes)) {
                result = CompactResult.read(body, RetsXml.MAX_BYTES);
            }
            return answer(result, response.request().uri());
        });
    }

    private WindowedSearch.Answer answer(CompactResult result, java.net.URI uri) {
        RetsReply reply = result.reply();
        if (reply.code() == RetsReply.NO_RECORDS) {
            return new WindowedSearch.Answer(List.of(), false, 0);
        }
        if (reply.needsLogin()) {
            throw new RetsSession.SessionExpiredException(reply.toString());
        }
        if (!reply.isSuccess()) {
            throw new SourceException(Category.BAD_REQUEST, 200, http.message("Search", uri, reply.toString()));
        }
        FieldMap map = fieldMap(result.columns());
        Layout current = layout();
        List<WindowedSearch.Candidate> candidates = new ArrayList<>(result.rows().size());
        for (CompactResult.Row row : result.rows()) {
            candidates.add(candidate(map, current, result.columns(), row));
        }
        return new WindowedSearch.Answer(candidates, result.maxRows(), result.count());
    }

    private static WindowedSearch.Candidate candidate(FieldMap map, Layout layout, List<String> columns,
                                                      CompactResult.Row row) {
        ObjectNode json = map.record(columns, row.values());
        if (row.problem() != null) {
            // Without a trustworthy timestamp the replicator rejects the row into sync_error; the reason comes
            // first so that it is in the error's payload excerpt.
            ObjectNode broken = json.objectNode().put("RetsRowProblem", row.problem());
            json.remove(FieldMap.TIMESTAMP);
            broken.setAll(json);
            broken.put("RetsRow", row.text().length() > 300 ? row.text().substring(0, 300) : row.text());
            return new WindowedSearch.Candidate(broken, null, textOf(json, FieldMap.KEY));
        }
        String key = textOf(json, FieldMap.KEY);
        java.time.Instant timestamp = RetsTimestamps.parse(textOf(json, FieldMap.TIMESTAMP));
        return new WindowedSearch.Candidate(json, timestamp, key);
    }

    private static String textOf(ObjectNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asText() : null;
    }

    private FieldMap fieldMap(List<String> columns) {
        FieldMap current = fieldMap;
        if (current != null && columns.equals(fieldMapColumns)) {
            return current;
        }
        Layout l = layout();
        FieldMap built = new FieldMap(columns, config.fieldMap(), l.metadata(), l.keyColumn(), l.timestampColumn(),
                config.format() == RetsConfig.Format.COMPACT);
        fieldMapColumns = List.copyOf(columns);
        fieldMap = built;
        return built;
    }

    private Layout layout() {
        Layout current = layout;
        if (current == null) {
            current = Layout.of(config, new MetadataLoader(session, http, config).load(), feed.id());
            layout = current;
        }
        return current;
    }

    /** Counts the bytes of a body as it is read. */
    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong counter;

        CountingStream(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counter.addAndGet(n);
            }
            return n;
        }
    }

    /** RETS listings after mapping: ListingKey, ModificationTimestamp; a Delete status marks a removal. */
    private static final class RetsRecordShape implements RecordShape {
        private static final Set<String> DELETED = Set.of("delete", "deleted");

        @Override
        public String keyField() {
            return FieldMap.KEY;
        }

        @Override
        public String timestampField() {
            return FieldMap.TIMESTAMP;
        }

        @Override
        public boolean isDeleted(ObjectNode record) {
            return record.hasNonNull("StandardStatus")
                    && DELETED.contains(record.get("StandardStatus").asText().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
