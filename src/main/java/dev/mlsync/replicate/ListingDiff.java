package dev.mlsync.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.MlsyncException;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RecordShape;
import dev.mlsync.source.Source;
import dev.mlsync.store.ReconcileStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares one record of the replica with the provider's copy fetched now (by a key query, through the feed's
 * quota): every field whose value differs, and whether either side lacks the record. Media are left out (the
 * replica keeps them in {@code listing_media}, not in {@code raw}); numbers compare by value (350000 = 350000.0).
 */
public final class ListingDiff {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Numbers equal by value, whatever their JSON spelling or Java type. */
    private static final Comparator<JsonNode> SAME = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final ReconcileStore store;
    private final Function<FeedConfig, Source> sources;
    private final Function<FeedConfig, String> keyQueryRefusal;

    /** @param keyQueryRefusal why a feed's provider cannot be asked for records by key, or null when it can */
    public ListingDiff(ReconcileStore store, Function<FeedConfig, Source> sources,
                       Function<FeedConfig, String> keyQueryRefusal) {
        this.store = store;
        this.sources = sources;
        this.keyQueryRefusal = keyQueryRefusal;
    }

    /** One field that differs; a side that lacks the field (or the whole record) is null. */
    public record FieldDifference(String field, JsonNode replica, JsonNode provider) {
    }

    /**
     * @param inReplica        the replica holds the record (live or deleted)
     * @param replicaDeleted   the replica holds it as deleted
     * @param atProvider       the provider still shows it (present, without a deletion signal)
     * @param fields           the fields that differ, by name
     */
    public record Result(String feedId, String resource, String key, boolean inReplica, boolean replicaDeleted,
                         boolean atProvider, List<FieldDifference> fields) {
        public Result {
            fields = List.copyOf(fields);
        }
    }

    /** The key query cannot be asked of this feed's provider. */
    public static final class DiffUnavailableException extends MlsyncException {
        DiffUnavailableException(String message) {
            super(message);
        }
    }

    public Result diff(FeedConfig feed, String resource, String key) {
        String refusal = keyQueryRefusal.apply(feed);
        if (refusal != null) {
            throw new DiffUnavailableException("feed " + feed.id() + ": cannot fetch one record by key from its "
                    + "provider (" + refusal + ")");
        }
        Optional<ReconcileStore.StoredRecord> stored = store.stored(feed.id(), resource, key);
        ObjectNode replica = stored.map(s -> parse(s.rawJson())).orElse(null);
        ObjectNode provider;
        boolean deletedThere;
        try (Source source = sources.apply(feed)) {
            RecordShape shape = source.shape(resource);
            provider = fetch(source, shape, resource, key);
            deletedThere = provider != null && shape.isDeleted(provider);
        }
        return new Result(feed.id(), resource, key, stored.isPresent(),
                stored.map(s -> s.deletedAt() != null).orElse(false), provider != null && !deletedThere,
                differences(replica, provider));
    }

    private static ObjectNode fetch(Source source, RecordShape shape, String resource, String key) {
        PageRequest request = new PageRequest(resource, Cursor.EMPTY, false, 10, false, List.of(key), null);
        ObjectNode found = null;
        try (PageReader reader = source.openPage(request)) {
            while (reader.hasNext()) {
                ObjectNode json = reader.next().json();
                if (json.hasNonNull(shape.keyField()) && key.equals(json.get(shape.keyField()).asText())) {
                    found = json;
                }
            }
        }
        if (found != null) {
            found.remove("Media");
        }
        return found;
    }

    static List<FieldDifference> differences(ObjectNode replica, ObjectNode provider) {
        TreeSet<String> names = new TreeSet<>();
        if (replica != null) {
            replica.fieldNames().forEachRemaining(names::add);
        }
        if (provider != null) {
            provider.fieldNames().forEachRemaining(names::add);
        }
        names.remove("Media");
        List<FieldDifference> out = new ArrayList<>();
        for (String name : names) {
            JsonNode mine = replica == null ? null : replica.get(name);
            JsonNode theirs = provider == null ? null : provider.get(name);
            if (!same(mine, theirs)) {
                out.add(new FieldDifference(name, mine, theirs));
            }
        }
        return out;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(SAME, b);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("the replica's raw record is not a JSON object: " + e.getMessage(), e);
        }
    }
}
