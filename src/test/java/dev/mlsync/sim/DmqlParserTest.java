package dev.mlsync.sim;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DmqlParserTest {
    private static final SimState STATE = new SimState(DatasetGenerator.generate(42, 400), new ProfileRules(SimProfile.RETS),
            "http://127.0.0.1/media/");
    @SuppressWarnings("unchecked")
    private static final Table<Listing> PROPERTY = (Table<Listing>) STATE.table("Property");
    private static final RetsSchema SCHEMA = new RetsSchema(PROPERTY);

    private static List<String> matching(String query) {
        DmqlQuery parsed = DmqlParser.parse(query, SCHEMA, false);
        return PROPERTY.rows().stream().filter(l -> parsed.matches(SCHEMA, l)).map(l -> l.key).sorted().toList();
    }

    private static List<String> expected(Predicate<Listing> predicate) {
        return PROPERTY.rows().stream().filter(predicate).map(l -> l.key).sorted().toList();
    }

    private static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void timestamps_should_compare_at_millisecond_precision_with_or_without_zone() {
        Listing some = PROPERTY.rows().get(17);
        String at = Values.timestamp(some.modification);
        assertThat(matching("(LIST_87=" + at + "+)")).isEqualTo(expected(l -> l.modification >= some.modification))
                .contains(some.key);
        assertThat(matching("(LIST_87=" + at.substring(0, 23) + "-)")).isEqualTo(expected(l -> l.modification <= some.modification));
        long mountain = some.modification + 7 * 3_600_000L;
        String local = Values.timestamp(some.modification).substring(0, 23) + "-07:00";
        assertThat(matching("(LIST_87=" + local + "+)")).isEqualTo(expected(l -> l.modification >= mountain));
        assertThat(matching("(LIST_87=2025-06-01T00:00:00-2025-09-01)")).isEqualTo(expected(l ->
                l.modification >= millis("2025-06-01T00:00:00Z") && l.modification <= millis("2025-09-01T00:00:00Z")));
    }

    @Test
    void and_or_not_and_nesting_should_combine_conditions() {
        assertThat(matching("(LIST_15=|A,P),(LIST_22=500000+)")).isEqualTo(expected(l ->
                (l.status == Vocabulary.ACTIVE || l.status == Vocabulary.PENDING) && l.listPrice >= 500000));
        assertThat(matching("((LIST_66=4+)|(LIST_22=200000-)),~(LIST_15=S)")).isEqualTo(expected(l ->
                (l.beds >= 4 || l.listPrice <= 200000) && l.status != Vocabulary.CLOSED));
        assertThat(matching("(LIST_66=4+) OR (LIST_22=200000-) AND NOT (LIST_15=S)")).isEqualTo(expected(l ->
                l.beds >= 4 || l.listPrice <= 200000 && l.status != Vocabulary.CLOSED));
    }

    @Test
    void strings_should_match_exactly_by_wildcard_and_by_quoted_literal() {
        assertThat(matching("(LIST_34=Ma*)")).isEqualTo(expected(l -> Vocabulary.STREETS.get(l.street).startsWith("Ma")));
        assertThat(matching("(LIST_38=*Unit*)")).isEqualTo(expected(l -> l.unit != null));
        assertThat(matching("(LIST_35=.EMPTY.)")).isEqualTo(expected(l -> l.unit == null));
        assertThat(matching("(LIST_1=\"" + PROPERTY.rows().get(3).key + "\")")).containsExactly(PROPERTY.rows().get(3).key);
    }

    @Test
    void errors_should_carry_rets_codes_and_positions() {
        assertThatThrownBy(() -> DmqlParser.parse("(LIST_87=2026-01-01", SCHEMA, false))
                .isInstanceOfSatisfying(RetsException.class, e -> assertThat(e.code()).isEqualTo(20206))
                .hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> DmqlParser.parse("(LIST_15=|Active)", SCHEMA, false))
                .isInstanceOfSatisfying(RetsException.class, e -> assertThat(e.code()).isEqualTo(20206))
                .hasMessageContaining("not a value of lookup").hasMessageContaining("[A, C, CS, P, S, U, W, X]");
        assertThatThrownBy(() -> DmqlParser.parse("(LIST_999=1)", SCHEMA, false))
                .isInstanceOfSatisfying(RetsException.class, e -> assertThat(e.code()).isEqualTo(20200))
                .hasMessageContaining("position 2");
        assertThatThrownBy(() -> DmqlParser.parse("(LIST_1=a) junk", SCHEMA, false))
                .isInstanceOfSatisfying(RetsException.class, e -> assertThat(e.code()).isEqualTo(20206));
    }
}
