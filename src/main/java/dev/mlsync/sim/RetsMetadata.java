package dev.mlsync.sim;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GetMetadata: SYSTEM, RESOURCE, CLASS, TABLE, LOOKUP, LOOKUP_TYPE and OBJECT. COMPACT (the default) writes each as a
 * {@code <METADATA-x attrs><COLUMNS>…</COLUMNS><DATA>…</DATA></METADATA-x>} block directly under {@code <RETS>};
 * STANDARD-XML wraps the blocks in {@code <METADATA>} with an element per row (Resource, Class, Field, LookupType,
 * Lookup, Object) and one per column.
 * ID {@code *} or {@code 0} means every item of the type; METADATA-SYSTEM with ID 0 returns the whole tree.
 */
final class RetsMetadata {
    private static final String T = "\t";
    private static final List<String> RESOURCE_COLUMNS = List.of("ResourceID", "StandardName", "VisibleName",
            "Description", "KeyField", "ClassCount", "ClassVersion", "ClassDate", "ObjectVersion", "ObjectDate",
            "SearchHelpVersion", "SearchHelpDate", "EditMaskVersion", "EditMaskDate", "LookupVersion", "LookupDate",
            "UpdateHelpVersion", "UpdateHelpDate", "ValidationExpressionVersion", "ValidationExpressionDate",
            "ValidationLookupVersion", "ValidationLookupDate", "ValidationExternalVersion", "ValidationExternalDate");
    private static final List<String> CLASS_COLUMNS = List.of("ClassName", "StandardName", "VisibleName", "Description",
            "TableVersion", "TableDate", "UpdateVersion", "UpdateDate", "ClassTimeStamp", "DeletedFlagField",
            "DeletedFlagValue", "HasKeyIndex");
    private static final List<String> TABLE_COLUMNS = List.of("MetadataEntryID", "SystemName", "StandardName",
            "LongName", "DBName", "ShortName", "MaximumLength", "DataType", "Precision", "Searchable", "Interpretation",
            "Alignment", "UseSeparator", "EditMaskID", "LookupName", "MaxSelect", "Units", "Index", "Minimum",
            "Maximum", "Default", "Required", "SearchHelpID", "Unique", "ModTimeStamp", "ForeignKeyName",
            "ForeignField", "InKeyIndex");
    private static final List<String> LOOKUP_COLUMNS = List.of("MetadataEntryID", "LookupName", "VisibleName",
            "Version", "Date");
    private static final List<String> LOOKUP_TYPE_COLUMNS = List.of("MetadataEntryID", "LongValue", "ShortValue", "Value");
    private static final List<String> OBJECT_COLUMNS = List.of("MetadataEntryID", "ObjectType", "MimeType",
            "VisibleName", "Description", "ObjectTimeStamp", "ObjectCount");

    private final RetsSchema schema;

    RetsMetadata(RetsSchema schema) {
        this.schema = schema;
    }

    void getMetadata(HttpExchange exchange, QueryString params, Reply reply) throws IOException {
        String format = params.get("Format");
        if (format != null && !format.equals("COMPACT") && !format.equals("STANDARD-XML")) {
            throw new RetsException(RetsException.UNSUPPORTED_METADATA_FORMAT, "Format " + format
                    + " is not available for metadata; use Format=COMPACT or STANDARD-XML");
        }
        String type = params.get("Type");
        String id = params.has("ID") ? params.get("ID") : "*";
        Out body = new Out("STANDARD-XML".equals(format));
        if (type == null) {
            throw new RetsException(RetsException.UNKNOWN_METADATA_TYPE, "Type is required, e.g. METADATA-TABLE");
        }
        switch (type) {
            case "METADATA-SYSTEM" -> system(body, id.equals("0"));
            case "METADATA-RESOURCE" -> resource(body, resourceOf(id), false);
            case "METADATA-CLASS" -> classes(body, resourceOf(id));
            case "METADATA-TABLE" -> tables(body, resourceOf(id), itemOf(id));
            case "METADATA-LOOKUP" -> lookups(body, resourceOf(id));
            case "METADATA-LOOKUP_TYPE" -> lookupTypes(body, resourceOf(id), itemOf(id));
            case "METADATA-OBJECT" -> objects(body, resourceOf(id));
            default -> throw new RetsException(RetsException.UNKNOWN_METADATA_TYPE, "Unknown metadata Type " + type
                    + "; expected METADATA-SYSTEM, -RESOURCE, -CLASS, -TABLE, -LOOKUP, -LOOKUP_TYPE or -OBJECT");
        }
        exchange.getResponseHeaders().set("MIME-Version", "1.0");
        exchange.getResponseHeaders().set("Content-ID", type);
        reply.sendText(200, "text/xml", body.finish());
    }

    /** Checks the resource part of an ID ({@code Property}, {@code Property:A}, {@code *}, {@code 0}). */
    private static String resourceOf(String id) {
        String resource = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
        if (!resource.equals("*") && !resource.equals("0") && !resource.equals(RetsSchema.RESOURCE)) {
            throw new RetsException(RetsException.UNKNOWN_METADATA_RESOURCE, "Unknown metadata resource '" + resource
                    + "'; the only resource is " + RetsSchema.RESOURCE);
        }
        return RetsSchema.RESOURCE;
    }

    /** The item part of an ID ({@code A} of {@code Property:A}), or null for all. */
    private static String itemOf(String id) {
        String item = id.contains(":") ? id.substring(id.indexOf(':') + 1) : null;
        return item == null || item.equals("*") || item.equals("0") ? null : item;
    }

    private void system(Out body, boolean all) {
        String comments = "Deterministic test server; times are UTC.";
        body.text.append("<METADATA-SYSTEM Version=\"").append(RetsServer.METADATA_VERSION).append("\" Date=\"")
                .append(RetsServer.METADATA_DATE).append("\">\r\n<SYSTEM SystemID=\"").append(Dataset.ORIGINATING_SYSTEM)
                .append("\" SystemDescription=\"mlsync simulated MLS\" TimeZoneOffset=\"+00:00\"")
                .append(body.standardXml ? ">\r\n<Comments>" + comments + "</Comments>\r\n</SYSTEM>\r\n"
                        : "/>\r\n<COMMENTS>" + comments + "</COMMENTS>\r\n")
                .append("</METADATA-SYSTEM>\r\n");
        if (all) {
            resource(body, RetsSchema.RESOURCE, true);
        }
    }

    private void resource(Out body, String resource, boolean all) {
        String v = RetsServer.METADATA_VERSION;
        String d = RetsServer.METADATA_DATE;
        body.block("METADATA-RESOURCE", "Resource", Map.of(), RESOURCE_COLUMNS, List.of(List.of(resource, resource, resource,
                "Listings for sale and lease", RetsSchema.KEY_FIELD, String.valueOf(RetsSchema.CLASSES.size()), v, d, v, d,
                "", "", "", "", v, d, "", "", "", "", "", "", "", "")));
        if (all) {
            classes(body, resource);
            tables(body, resource, null);
            objects(body, resource);
            lookups(body, resource);
            lookupTypes(body, resource, null);
        }
    }

    private void classes(Out body, String resource) {
        List<List<String>> rows = new ArrayList<>();
        for (RetsSchema.RetsClass c : RetsSchema.CLASSES) {
            rows.add(List.of(c.name(), c.standardName(), c.visibleName(), c.visibleName(), RetsServer.METADATA_VERSION,
                    RetsServer.METADATA_DATE, "", "", RetsSchema.TIMESTAMP_FIELD, "", "", "1"));
        }
        body.block("METADATA-CLASS", "Class", attrs("Resource", resource), CLASS_COLUMNS, rows);
    }

    private void tables(Out body, String resource, String className) {
        if (className != null && RetsSchema.classNamed(className) == null) {
            throw new RetsException(RetsException.UNKNOWN_METADATA_ID, "Unknown class '" + className + "' of "
                    + resource + "; classes are " + RetsSchema.CLASSES.stream().map(RetsSchema.RetsClass::name).toList());
        }
        for (RetsSchema.RetsClass c : RetsSchema.CLASSES) {
            if (className == null || c.name().equals(className)) {
                body.block("METADATA-TABLE", "Field", attrs("Resource", resource, "Class", c.name()), TABLE_COLUMNS, fieldRows(c));
            }
        }
    }

    private List<List<String>> fieldRows(RetsSchema.RetsClass c) {
        List<List<String>> rows = new ArrayList<>();
        for (RetsField f : schema.fields()) {
            boolean key = f.systemName().equals(RetsSchema.KEY_FIELD);
            boolean numeric = f.dataType().equals("Decimal") || f.dataType().equals("Int");
            rows.add(List.of(entryId(c.name() + f.systemName()), f.systemName(), f.resoName(), f.longName(), f.dbName(),
                    shortName(f), String.valueOf(f.maximumLength()), f.dataType(),
                    f.dataType().equals("Decimal") ? String.valueOf(f.precision()) : "", "1",
                    f.isLookup() ? "Lookup" : numeric ? "Number" : "", numeric ? "Right" : "Left", "0", "",
                    f.isLookup() ? f.lookup().name() : "", f.isLookup() ? "1" : "", "", key ? "1" : "0", "", "", "",
                    key ? "1" : "0", "", key ? "1" : "0", "", "", "", key ? "1" : "0"));
        }
        return rows;
    }

    private static String shortName(RetsField f) {
        return f.longName().replaceAll("[^A-Za-z0-9]", "");
    }

    private void lookups(Out body, String resource) {
        List<List<String>> rows = new ArrayList<>();
        for (RetsLookup lookup : schema.lookups()) {
            rows.add(List.of(entryId(lookup.name()), lookup.name(), lookup.visibleName(), RetsServer.METADATA_VERSION,
                    RetsServer.METADATA_DATE));
        }
        body.block("METADATA-LOOKUP", "LookupType", attrs("Resource", resource), LOOKUP_COLUMNS, rows);
    }

    private void lookupTypes(Out body, String resource, String lookupName) {
        if (lookupName != null && schema.lookupNamed(lookupName) == null) {
            throw new RetsException(RetsException.UNKNOWN_METADATA_ID, "Unknown lookup '" + lookupName + "' of " + resource);
        }
        for (RetsLookup lookup : schema.lookups()) {
            if (lookupName == null || lookup.name().equals(lookupName)) {
                List<List<String>> rows = new ArrayList<>();
                for (String code : lookup.codes()) {
                    String value = lookup.longValueOf(code);
                    rows.add(List.of(entryId(lookup.name() + code), value, value, code));
                }
                body.block("METADATA-LOOKUP_TYPE", "Lookup", attrs("Resource", resource, "Lookup", lookup.name()),
                        LOOKUP_TYPE_COLUMNS, rows);
            }
        }
    }

    private void objects(Out body, String resource) {
        body.block("METADATA-OBJECT", "Object", attrs("Resource", resource), OBJECT_COLUMNS, List.of(List.of(entryId("Photo"),
                "Photo", "image/jpeg", "Photo", "Listing photo (" + MediaTable.WIDTH + "x" + MediaTable.HEIGHT + ")",
                RetsSchema.PHOTO_TIMESTAMP_FIELD, RetsSchema.PHOTO_COUNT_FIELD)));
    }

    private static Map<String, String> attrs(String... pairs) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            attrs.put(pairs[i], pairs[i + 1]);
        }
        return attrs;
    }

    /**
     * A reply being built: COMPACT blocks directly under {@code <RETS>}, or STANDARD-XML (as the flexmls recordings
     * show it) inside {@code <METADATA>}, one element per row with a child element per column.
     */
    private static final class Out {
        final StringBuilder text = new StringBuilder(64 * 1024);
        final boolean standardXml;

        Out(boolean standardXml) {
            this.standardXml = standardXml;
            if (standardXml) {
                text.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
            }
            text.append(RetsXml.open(0, "Operation Successful"));
            if (standardXml) {
                text.append("<METADATA>\r\n");
            }
        }

        String finish() {
            return text.append(standardXml ? "</METADATA>\r\n</RETS>\r\n" : "</RETS>\r\n").toString();
        }

        void block(String element, String rowElement, Map<String, String> attrs, List<String> columns,
                   List<List<String>> rows) {
            text.append('<').append(element);
            attrs.forEach((k, v) -> text.append(' ').append(k).append("=\"").append(RetsXml.escape(v)).append('"'));
            text.append(" Version=\"").append(RetsServer.METADATA_VERSION).append("\" Date=\"")
                    .append(RetsServer.METADATA_DATE).append("\">\r\n");
            if (standardXml) {
                standardRows(rowElement, columns, rows);
            } else {
                compactRows(columns, rows);
            }
            text.append("</").append(element).append(">\r\n");
        }

        private void compactRows(List<String> columns, List<List<String>> rows) {
            text.append("<COLUMNS>").append(T).append(String.join(T, columns)).append(T).append("</COLUMNS>\r\n");
            for (List<String> row : rows) {
                text.append("<DATA>").append(T);
                for (String cell : row) {
                    text.append(RetsXml.escape(cell)).append(T);
                }
                text.append("</DATA>\r\n");
            }
        }

        private void standardRows(String rowElement, List<String> columns, List<List<String>> rows) {
            for (List<String> row : rows) {
                text.append('<').append(rowElement).append(">\r\n");
                for (int i = 0; i < columns.size(); i++) {
                    String name = columns.get(i);
                    String cell = row.get(i);
                    text.append('<').append(name).append(cell.isEmpty() ? "/>" : ">" + RetsXml.escape(cell) + "</" + name + ">")
                            .append("\r\n");
                }
                text.append("</").append(rowElement).append(">\r\n");
            }
        }
    }

    /** A stable 32-hex-digit MetadataEntryID. */
    private static String entryId(String name) {
        return RetsAuthenticator.md5("simmls:" + name);
    }
}
