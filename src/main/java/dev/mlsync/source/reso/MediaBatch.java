package dev.mlsync.source.reso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.RawRecord;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the Media of a batch of listings with one query
 * {@code Media?$filter=ResourceRecordKey in ('k1','k2',...)}, following nextLinks (or {@code $skip} on
 * a full page without one), and groups the records by ResourceRecordKey, ordered by {@code Order}.
 */
final class MediaBatch {
    static final String RESOURCE_RECORD_KEY = "ResourceRecordKey";
    private static final Comparator<ObjectNode> BY_ORDER = Comparator.comparingDouble(MediaBatch::order);

    private final URI baseUrl;
    private final ODataGet get;
    private final ProviderHttp http;
    private final int pageSize;
    private long bytesRead;

    MediaBatch(URI baseUrl, ODataGet get, ProviderHttp http, int pageSize) {
        this.baseUrl = baseUrl;
        this.get = get;
        this.http = http;
        this.pageSize = pageSize;
    }

    /** Media per listing key; every key is present, with an empty list when it has no media. */
    Map<String, List<ObjectNode>> fetch(List<String> keys) {
        Map<String, List<ObjectNode>> byKey = new HashMap<>();
        keys.forEach(key -> byKey.put(key, new ArrayList<>()));
        URI next = firstPage(keys);
        while (next != null) {
            next = readPage(next, byKey);
        }
        byKey.values().forEach(media -> media.sort(BY_ORDER));
        return byKey;
    }

    long bytesRead() {
        return bytesRead;
    }

    private URI firstPage(List<String> keys) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("$filter", RESOURCE_RECORD_KEY + " in " + ODataLiteral.list(keys));
        params.put("$top", Integer.toString(pageSize));
        return PageQuery.url(baseUrl, ProviderProfile.MEDIA, params);
    }

    private URI readPage(URI uri, Map<String, List<ObjectNode>> byKey) {
        ODataPageReader page = new ODataPageReader(get.open(uri, ProviderProfile.MEDIA), http,
                new ODataPageReader.Paging(false, true));
        try (page) {
            while (page.hasNext()) {
                RawRecord media = page.next();
                List<ObjectNode> owner = byKey.get(ProviderProfile.text(media.json(), RESOURCE_RECORD_KEY));
                if (owner != null) {
                    owner.add(media.json());
                }
            }
            String link = page.nextLink();
            return link == null ? null : PageQuery.resolve(baseUrl, link);
        } finally {
            bytesRead += page.bytesRead();
        }
    }

    private static double order(ObjectNode media) {
        JsonNode order = media.get("Order");
        if (order == null || order.isNull()) {
            return Double.MAX_VALUE;
        }
        return order.isNumber() ? order.asDouble() : order.asDouble(Double.MAX_VALUE);
    }
}
