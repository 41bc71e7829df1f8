package dev.mlsync.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Field overrides injected by tests: every later serialization of the record writes the raw JSON instead
 * of the real value, or drops the field when the raw JSON is null; or the whole record as broken JSON.
 */
final class Corruptions {
    private final Map<String, Map<String, Map<String, String>>> byResource = new ConcurrentHashMap<>();
    private final java.util.Set<String> broken = ConcurrentHashMap.newKeySet();

    void put(String resource, String key, String field, String rawJson) {
        byResource.computeIfAbsent(resource, r -> new ConcurrentHashMap<>())
                .compute(key, (k, old) -> with(old, field, rawJson));
    }

    private static Map<String, String> with(Map<String, String> old, String field, String rawJson) {
        Map<String, String> copy = old == null ? new LinkedHashMap<>() : new LinkedHashMap<>(old);
        copy.put(field, rawJson);
        return Collections.unmodifiableMap(copy);
    }

    /** The overrides of one record, or null when it has none. */
    Map<String, String> of(String resource, String key) {
        Map<String, Map<String, String>> records = byResource.get(resource);
        return records == null ? null : records.get(key);
    }

    /** Every later serialization of the record is broken JSON (see {@link RecordWriter#writeBroken}). */
    void breakJson(String resource, String key) {
        broken.add(resource + "\n" + key);
    }

    boolean isBroken(String resource, String key) {
        return !broken.isEmpty() && broken.contains(resource + "\n" + key);
    }

    boolean isEmpty(String resource) {
        Map<String, Map<String, String>> records = byResource.get(resource);
        return records == null || records.isEmpty();
    }
}
