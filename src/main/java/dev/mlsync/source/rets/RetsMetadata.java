package dev.mlsync.source.rets;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What mlsync needs from a server's metadata: the resource's key field, the searched class's fields
 * (system name, standard name, data type, lookup) and the lookups' values. Empty when the server
 * gave none; every question then answers null and the configuration must say what it lacks.
 */
final class RetsMetadata {
    /** One METADATA-TABLE field. */
    record Field(String systemName, String standardName, String longName, String dataType, String interpretation,
                 String lookupName) {
        boolean isLookup() {
            return interpretation != null && interpretation.startsWith("Lookup");
        }

        boolean isMultiLookup() {
            return "LookupMulti".equals(interpretation) || "LookupBitstring".equals(interpretation);
        }
    }

    static final RetsMetadata EMPTY = new RetsMetadata(null, null, Map.of(), Map.of());

    private final String systemId;
    private final String keyField;
    private final Map<String, Field> fields;
    private final Map<String, Map<String, String>> lookups;

    RetsMetadata(String systemId, String keyField, Map<String, Field> fields, Map<String, Map<String, String>> lookups) {
        this.systemId = systemId;
        this.keyField = keyField;
        this.fields = fields;
        this.lookups = lookups;
    }

    /** Builds the model of {@code resource} and its {@code classes} from every table of the answers. */
    static RetsMetadata of(List<MetadataTable> tables, String resource, List<String> classes) {
        String system = null;
        String key = null;
        Map<String, Field> fields = new LinkedHashMap<>();
        Map<String, Map<String, String>> lookups = new HashMap<>();
        for (MetadataTable table : tables) {
            switch (table.type()) {
                case "SYSTEM" -> system = table.rows().isEmpty() ? system : table.rows().getFirst().get("SystemID");
                case "RESOURCE" -> key = keyField(table, resource, key);
                case "TABLE" -> {
                    String tableClass = table.attributes().get("Class");
                    if (matches(table, "Resource", resource) && (tableClass == null || classes.contains(tableClass))) {
                        table.rows().forEach(row -> fields.putIfAbsent(row.get("SystemName"), field(row)));
                    }
                }
                case "LOOKUP_TYPE" -> {
                    if (matches(table, "Resource", resource)) {
                        Map<String, String> values = lookups.computeIfAbsent(table.attributes().get("Lookup"),
                                name -> new HashMap<>());
                        table.rows().forEach(row -> values.put(row.get("Value"), longValue(row)));
                    }
                }
                default -> {
                    // CLASS, OBJECT, LOOKUP, ... are not needed to replicate
                }
            }
        }
        fields.remove(null);
        return new RetsMetadata(system, key, Map.copyOf(fields), lookups);
    }

    String systemId() {
        return systemId;
    }

    String keyField() {
        return keyField;
    }

    Field field(String systemName) {
        return fields.get(systemName);
    }

    Map<String, Field> fields() {
        return fields;
    }

    /** The long value of {@code value} in lookup {@code lookupName}, or null when unknown. */
    String decode(String lookupName, String value) {
        Map<String, String> values = lookups.get(lookupName);
        return values == null ? null : values.get(value);
    }

    boolean hasLookups() {
        return !lookups.isEmpty();
    }

    private static String keyField(MetadataTable table, String resource, String found) {
        for (Map<String, String> row : table.rows()) {
            if (resource.equals(row.get("ResourceID")) && row.get("KeyField") != null && !row.get("KeyField").isBlank()) {
                return row.get("KeyField");
            }
        }
        return found;
    }

    private static boolean matches(MetadataTable table, String attribute, String expected) {
        String value = table.attributes().get(attribute);
        return value == null || value.equals(expected);
    }

    private static Field field(Map<String, String> row) {
        return new Field(row.get("SystemName"), blankToNull(row.get("StandardName")), row.get("LongName"),
                row.get("DataType"), blankToNull(row.get("Interpretation")), blankToNull(row.get("LookupName")));
    }

    private static String longValue(Map<String, String> row) {
        String value = blankToNull(row.get("LongValue"));
        return value != null ? value : row.get("ShortValue");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
