package dev.mlsync.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/** Answers {@code /odata/…}: resource queries with the profile's caps and paging style, and $metadata. */
final class ODataService {
    static final String ROOT = "/odata/";
    private static final String REPLICATION = "Property/replication";
    private static final List<OrderTerm> REPLICATION_ORDER = List.of(
            new OrderTerm("BridgeModificationTimestamp", false), new OrderTerm("ListingKey", false));

    private final SimState state;
    private final ProfileRules rules;
    private final String origin;
    private final boolean nextLinks;
    private final JsonFactory json = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    ODataService(SimState state, ProfileRules rules, String origin, boolean nextLinks) {
        this.state = state;
        this.rules = rules;
        this.origin = origin;
        this.nextLinks = nextLinks;
    }

    /** Whether a path under the root is a data request (gzip and auth rules apply) rather than $metadata. */
    static boolean isMetadata(String subPath) {
        return subPath.equals("$metadata");
    }

    void handle(String subPath, QueryString query, Reply reply) throws Exception {
        if (isMetadata(subPath)) {
            reply.sendText(200, "application/xml", Metadata.edmx(state.tables()));
            return;
        }
        boolean replication = subPath.equals(REPLICATION) && rules.hasReplicationEndpoint();
        Table<?> table = state.table(replication ? "Property" : subPath);
        if (table == null) {
            throw new SimHttpException(404, "No resource at " + ROOT + subPath);
        }
        query(table, ROOT + subPath, replication, query, reply);
    }

    private <R> void query(Table<R> table, String path, boolean replication, QueryString query, Reply reply)
            throws Exception {
        QueryOptions options = QueryOptions.of(query);
        rules.checkFilter(options.filter());
        checkReplication(replication, query);
        if (options.expandMedia() && !table.expands()) {
            throw SimHttpException.badRequest("$expand=Media is only supported on Property, not " + table.name());
        }
        int top = top(table, options, replication);
        List<OrderTerm> order = replication ? REPLICATION_ORDER : options.orderBy();
        checkFields(table, options, order);
        boolean expand = table.expands() && (options.expandMedia() || rules.embedsMedia());
        state.read(() -> {
            Page<R> page = Page.select(table, options.filter(), order, options.skip(), top, options.count());
            String link = nextLink(page, path, query, options.skip(), top, replication);
            int broken = reply.malformsRecord() ? page.rows().size() / 2 : -1;
            reply.send(200, "application/json", out -> write(out, table, page, options, link, expand, broken));
            return null;
        });
    }

    private void checkReplication(boolean replication, QueryString query) {
        if (replication && (query.has("$skip") || query.has("$orderby"))) {
            throw SimHttpException.badRequest("The replication endpoint does not support $skip or $orderby; "
                    + "follow @odata.nextLink");
        }
    }

    private int top(Table<?> table, QueryOptions options, boolean replication) {
        int max = rules.maxTop(table.name(), options.expandMedia(), replication);
        if (options.top() != null && options.top() > max) {
            throw SimHttpException.badRequest("$top=" + options.top() + " exceeds the maximum of " + max
                    + (options.expandMedia() ? " with $expand" : "") + " for " + table.name());
        }
        return options.top() == null ? rules.defaultTop(table.name(), options.expandMedia(), replication) : options.top();
    }

    private <R> void checkFields(Table<R> table, QueryOptions options, List<OrderTerm> order) {
        table.comparator(order);
        if (options.select() != null) {
            for (String field : options.select()) {
                if (!field.equals("Media")) {
                    table.field(field, "$select", 0);
                }
            }
        }
    }

    private String nextLink(Page<?> page, String path, QueryString query, int skip, int top, boolean replication) {
        if (!nextLinks || !page.more() || top == 0) {
            return null;
        }
        int next = skip + page.rows().size();
        String rest = rules.pagesBySkipToken() || replication
                ? query.with("$skiptoken", SkipToken.encode(next)) : query.with("$skip", String.valueOf(next));
        return (rules.relativeNextLink() ? "" : origin) + path + "?" + rest;
    }

    private <R> void write(OutputStream out, Table<R> table, Page<R> page, QueryOptions options, String link,
                           boolean expand, int broken) throws IOException {
        try (JsonGenerator gen = json.createGenerator(out)) {
            RecordWriter writer = new RecordWriter(gen, state.corruptions);
            gen.writeStartObject();
            gen.writeStringField("@odata.context", origin + ROOT + "$metadata#" + table.name());
            if (page.count() >= 0) {
                gen.writeNumberField("@odata.count", page.count());
            }
            if (link != null && rules.nextLinkBeforeValue()) {
                gen.writeStringField("@odata.nextLink", link);
            }
            gen.writeArrayFieldStart("value");
            Set<String> select = options.select();
            List<R> rows = page.rows();
            for (int i = 0; i < rows.size(); i++) {
                if (i == broken || state.corruptions.isBroken(table.name(), table.keyOf(rows.get(i)))) {
                    writer.writeBroken(table, rows.get(i));
                } else {
                    writer.write(table, rows.get(i), select, expand);
                }
            }
            gen.writeEndArray();
            if (link != null && !rules.nextLinkBeforeValue()) {
                gen.writeStringField("@odata.nextLink", link);
            }
            gen.writeEndObject();
        }
    }
}
