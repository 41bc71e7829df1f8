package dev.mlsync.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One {@code $orderby} term. */
record OrderTerm(String field, boolean descending) {

    /** Parses {@code Field [asc|desc], …}; field names are checked by the table. */
    static List<OrderTerm> parse(String text) {
        List<OrderTerm> terms = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
                throw SimHttpException.badRequest("Invalid $orderby '" + text + "': expected 'Field [asc|desc]', found '"
                        + part.trim() + "'");
            }
            String direction = words.length == 2 ? words[1].toLowerCase(Locale.ROOT) : "asc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw SimHttpException.badRequest("Invalid $orderby: direction must be asc or desc, found '"
                        + words[1] + "'");
            }
            terms.add(new OrderTerm(words[0], direction.equals("desc")));
        }
        return List.copyOf(terms);
    }
}
