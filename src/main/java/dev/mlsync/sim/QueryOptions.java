package dev.mlsync.sim;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The OData system query options of one data request. */
record QueryOptions(FilterExpr filter, List<OrderTerm> orderBy, Integer top, int skip, Set<String> select,
                    boolean expandMedia, boolean count) {
    private static final Pattern EXPAND_MEDIA = Pattern.compile("Media(\\(.*\\))?");

    static QueryOptions of(QueryString query) {
        String filter = query.get("$filter");
        String orderBy = query.get("$orderby");
        return new QueryOptions(
                filter == null || filter.isBlank() ? null : FilterParser.parse(filter),
                orderBy == null || orderBy.isBlank() ? List.of() : OrderTerm.parse(orderBy),
                query.has("$top") ? integer(query, "$top") : null,
                skip(query),
                select(query.get("$select")),
                expand(query.get("$expand")),
                "true".equalsIgnoreCase(query.get("$count")));
    }

    private static int skip(QueryString query) {
        if (query.has("$skiptoken")) {
            return SkipToken.decode(query.get("$skiptoken"));
        }
        return query.has("$skip") ? integer(query, "$skip") : 0;
    }

    private static int integer(QueryString query, String name) {
        try {
            int value = Integer.parseInt(query.get(name).trim());
            if (value < 0) {
                throw SimHttpException.badRequest(name + " must be >= 0, was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw SimHttpException.badRequest(name + " must be a non-negative integer, was '" + query.get(name) + "'");
        }
    }

    private static Set<String> select(String text) {
        if (text == null || text.isBlank() || text.trim().equals("*")) {
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            fields.add(part.trim());
        }
        return fields;
    }

    private static boolean expand(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        if (!EXPAND_MEDIA.matcher(text.trim()).matches()) {
            throw SimHttpException.badRequest("Invalid $expand '" + text + "': only Media can be expanded");
        }
        return true;
    }
}
