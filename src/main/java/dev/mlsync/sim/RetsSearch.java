package dev.mlsync.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Search transaction over Property: DMQL2, COMPACT / COMPACT-DECODED, Count, Limit / Offset (1-based) with the
 * server's row cap and {@code <MAXROWS/>}. Rows come in (LIST_87, LIST_1) order — a promise real servers rarely make;
 * the simulator keeps it so a client can page by its timestamp/key cursor, unless {@link RetsOptions#paging()} asks
 * for key order or broken (Offset-ignoring) paging. Deleted listings vanish from every search
 * (RETS has no deletion signal): a client finds them by comparing the keys a key-only search returns.
 */
final class RetsSearch {
    private static final String SUCCESS = "Operation Successful";
    private static final List<OrderTerm> BY_KEY = List.of(new OrderTerm("ListingKey", false));

    private final SimState state;
    private final Table<Listing> property;
    private final RetsSchema schema;
    private final RetsOptions options;

    RetsSearch(SimState state, Table<Listing> property, RetsSchema schema, RetsOptions options) {
        this.state = state;
        this.property = property;
        this.schema = schema;
        this.options = options;
    }

    /** What a Search request asks for, validated. */
    private record Request(RetsSchema.RetsClass retsClass, DmqlQuery query, List<RetsField> columns, boolean decoded,
                           boolean standardNames, int count, int limit, int offset) {
    }

    void search(QueryString params, Reply reply) throws Exception {
        Request request = request(params);
        state.read(() -> {
            List<Listing> page = new ArrayList<>();
            long matched = 0;
            for (Listing listing : property.sorted(order())) {
                if (listing.deleted || listing.kind != request.retsClass().kind() || !request.query().matches(schema, listing)) {
                    continue;
                }
                if (matched >= request.offset() - 1 && page.size() < request.limit() && request.count() != 2) {
                    page.add(listing);
                }
                matched++;
            }
            boolean more = matched > request.offset() - 1 + page.size();
            int broken = reply.malformsRecord() ? page.size() / 2 : -1;
            long total = matched;
            reply.send(200, "text/xml", out -> {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
                write(writer, request, page, total, more && request.count() != 2, broken);
                writer.flush();
            });
            return null;
        });
    }

    private List<OrderTerm> order() {
        return options.paging() == RetsOptions.Paging.BY_KEY ? BY_KEY : List.of();
    }

    private Request request(QueryString params) {
        String type = params.get("SearchType");
        if (!RetsSchema.RESOURCE.equals(type)) {
            throw new RetsException(RetsException.SEARCH_ERROR, "Specified SearchType (" + type + ") is not valid. Valid "
                    + "SearchTypes are: " + RetsSchema.RESOURCE);
        }
        RetsSchema.RetsClass retsClass = RetsSchema.classNamed(params.get("Class"));
        if (retsClass == null) {
            throw new RetsException(RetsException.SEARCH_ERROR, "Specified Class (" + params.get("Class") + ") is not valid. "
                    + "Valid Classes are: " + RetsSchema.CLASSES.stream().map(RetsSchema.RetsClass::name).toList());
        }
        String queryType = params.get("QueryType");
        if (queryType != null && !queryType.equals("DMQL2") && !queryType.equals("DMQL")) {
            throw new RetsException(RetsException.SEARCH_ERROR, "QueryType " + queryType + " is not supported; use DMQL2");
        }
        boolean standardNames = "1".equals(params.get("StandardNames"));
        return new Request(retsClass, DmqlParser.parse(params.get("Query"), schema, standardNames),
                columns(params.get("Select"), standardNames), decoded(params.get("Format")), standardNames,
                number(params, "Count", 0, 0, 2), limit(params.get("Limit")), offset(params));
    }

    private int offset(QueryString params) {
        int offset = number(params, "Offset", 1, 1, Integer.MAX_VALUE);
        return options.paging() == RetsOptions.Paging.IGNORES_OFFSET ? 1 : offset;
    }

    private List<RetsField> columns(String select, boolean standardNames) {
        if (select == null || select.isBlank()) {
            return schema.fields();
        }
        List<RetsField> columns = new ArrayList<>();
        for (String name : select.split(",")) {
            RetsField field = schema.field(name.trim(), standardNames);
            if (field == null) {
                throw new RetsException(RetsException.INVALID_SELECT, "Invalid Select: unknown field '" + name.trim() + "'");
            }
            if (!columns.contains(field)) {
                columns.add(field);
            }
        }
        return columns;
    }

    private static boolean decoded(String format) {
        if (format == null || format.equals("COMPACT")) {
            return false;
        }
        if (format.equals("COMPACT-DECODED")) {
            return true;
        }
        throw new RetsException(RetsException.SEARCH_ERROR, "Format " + format + " is not supported; use COMPACT or "
                + "COMPACT-DECODED");
    }

    private int limit(String text) {
        if (text == null || text.equals("NONE")) {
            return options.maxRows();
        }
        int limit = parse("Limit", text, 0, Integer.MAX_VALUE);
        return Math.min(limit, options.maxRows());
    }

    private static int number(QueryString params, String name, int absent, int min, int max) {
        String text = params.get(name);
        return text == null || text.isEmpty() ? absent : parse(name, text, min, max);
    }

    private static int parse(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RetsException(RetsException.SEARCH_ERROR, name + " must be an integer in " + min + ".."
                + (max == Integer.MAX_VALUE ? "" : String.valueOf(max)) + (name.equals("Limit") ? " or NONE" : "")
                + ", was '" + text + "'");
    }

    private void write(Writer out, Request request, List<Listing> page, long matched, boolean more, int broken)
            throws IOException {
        boolean none = request.count() == 2 || request.limit() == 0 ? matched == 0 : page.isEmpty();
        out.write(none ? RetsXml.open(RetsException.NO_RECORDS, "No Records Found") : RetsXml.open(0, SUCCESS));
        if (request.count() > 0) {
            out.write("<COUNT Records=\"" + matched + "\"/>\r\n");
        }
        if (request.count() == 2 || none) {
            out.write("</RETS>\r\n");
            return;
        }
        char d = options.delimiter();
        out.write("<DELIMITER value=\"" + options.delimiterHex() + "\"/>\r\n<COLUMNS>" + d);
        for (RetsField field : request.columns()) {
            out.write(RetsSchema.nameOf(field, request.standardNames()));
            out.write(d);
        }
        out.write("</COLUMNS>\r\n");
        for (int i = 0; i < page.size(); i++) {
            writeRow(out, request, page.get(i), i == broken);
        }
        if (more) {
            out.write("<MAXROWS/>\r\n");
        }
        out.write("</RETS>\r\n");
    }

    /** One DATA row; a broken row (injected fault) lacks its last column. */
    private void writeRow(Writer out, Request request, Listing listing, boolean broken) throws IOException {
        Map<String, String> overrides = state.corruptions.isEmpty(RetsSchema.RESOURCE) ? null
                : state.corruptions.of(RetsSchema.RESOURCE, listing.key);
        char d = options.delimiter();
        out.write("<DATA>");
        out.write(d);
        List<RetsField> columns = request.columns();
        int n = broken ? Math.max(1, columns.size() - 1) : columns.size();
        for (int c = 0; c < n; c++) {
            RetsField field = columns.get(c);
            String cell = overrides == null ? null : override(overrides, field);
            out.write(RetsXml.escape(cell != null ? cell : schema.format(field, listing, request.decoded())));
            out.write(d);
        }
        out.write("</DATA>\r\n");
    }

    /**
     * An injected corruption (set by RESO or system name through {@code /_sim/corrupt}) as cell text: a JSON string
     * unquoted, JSON null as an empty cell, anything else verbatim; null when the field has none.
     */
    private static String override(Map<String, String> overrides, RetsField field) {
        String key = overrides.containsKey(field.systemName()) ? field.systemName()
                : overrides.containsKey(field.resoName()) ? field.resoName() : null;
        if (key == null) {
            return null;
        }
        String raw = overrides.get(key);
        if (raw == null) {
            return "";
        }
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }
}
