package dev.mlsync.source.rets;

import dev.mlsync.config.RetsConfig;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.util.Map;

/**
 * How the searched class is laid out: its metadata and the system names of the key and timestamp
 * fields, from the configuration where it names them, else from the metadata.
 */
record Layout(RetsMetadata metadata, String keyColumn, String timestampColumn) {
    static Layout of(RetsConfig config, RetsMetadata metadata, String feedId) {
        String key = config.keyField() != null ? config.keyField() : metadata.keyField();
        if (key == null) {
            key = fieldNamed(FieldMap.KEY, config, metadata);
        }
        String timestamp = config.timestampField() != null ? config.timestampField()
                : fieldNamed(FieldMap.TIMESTAMP, config, metadata);
        if (key == null || timestamp == null) {
            String missing = key == null ? "rets.keyField (the server's metadata names no KeyField for "
                    + config.resource() + ")" : "rets.timestampField (no field of " + config.resource() + ":"
                    + String.join(",", config.classes()) + " has the StandardName ModificationTimestamp)";
            throw new SourceException(Category.BAD_REQUEST, 0, "feed " + feedId + ", RETS: set " + missing);
        }
        return new Layout(metadata, key, timestamp);
    }

    private static String fieldNamed(String resoName, RetsConfig config, RetsMetadata metadata) {
        for (Map.Entry<String, String> entry : config.fieldMap().entrySet()) {
            if (entry.getValue().equals(resoName)) {
                return entry.getKey();
            }
        }
        for (String system : metadata.fields().keySet().stream().sorted().toList()) {
            if (resoName.equals(FieldMap.resoName(system, config.fieldMap(), metadata))) {
                return system;
            }
        }
        return null;
    }
}
