package dev.mlsync.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A RETS lookup (METADATA-LOOKUP_TYPE): codes and the long values they stand for. Long values equal the RESO values of
 * the simulator's Property resource, so COMPACT-DECODED rows carry exactly what the RESO profiles serve.
 */
record RetsLookup(String name, String visibleName, Map<String, String> longByCode, Map<String, String> codeByLong) {

    static RetsLookup of(String name, String visibleName, List<String> codes, List<String> longValues) {
        Map<String, String> byCode = new LinkedHashMap<>();
        Map<String, String> byLong = new LinkedHashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            byCode.put(codes.get(i), longValues.get(i));
            byLong.putIfAbsent(longValues.get(i), codes.get(i));
        }
        return new RetsLookup(name, visibleName, Map.copyOf(byCode), Map.copyOf(byLong));
    }

    /** Codes in metadata order. */
    List<String> codes() {
        return longByCode.keySet().stream().sorted().toList();
    }

    String codeOf(String longValue) {
        return codeByLong.get(longValue);
    }

    String longValueOf(String code) {
        return longByCode.get(code);
    }
}
