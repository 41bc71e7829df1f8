package dev.mlsync.sim;

import java.util.List;
import java.util.function.Predicate;

/** A parsed DMQL2 query: conditions on RETS fields joined by AND ({@code ,}), OR ({@code |}) and NOT ({@code ~}). */
sealed interface DmqlQuery {

    /** Whether a listing matches, reading values through the schema. */
    boolean matches(RetsSchema schema, Listing listing);

    record And(List<DmqlQuery> parts) implements DmqlQuery {
        @Override
        public boolean matches(RetsSchema schema, Listing listing) {
            return parts.stream().allMatch(p -> p.matches(schema, listing));
        }
    }

    record Or(List<DmqlQuery> parts) implements DmqlQuery {
        @Override
        public boolean matches(RetsSchema schema, Listing listing) {
            return parts.stream().anyMatch(p -> p.matches(schema, listing));
        }
    }

    record Not(DmqlQuery part) implements DmqlQuery {
        @Override
        public boolean matches(RetsSchema schema, Listing listing) {
            return !part.matches(schema, listing);
        }
    }

    /**
     * {@code (field=values)}: the field's typed value (null when empty) passes the test. Lookup fields are tested on
     * their code.
     */
    record Condition(RetsField field, Predicate<Object> test) implements DmqlQuery {
        @Override
        public boolean matches(RetsSchema schema, Listing listing) {
            Object value = schema.value(field, listing);
            if (value != null && field.isLookup()) {
                value = field.lookup().codeOf((String) value);
            }
            return test.test(value);
        }
    }
}
