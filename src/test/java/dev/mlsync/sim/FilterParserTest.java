package dev.mlsync.sim;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterParserTest {

    @Test
    void and_binds_tighter_than_or_and_parentheses_override() {
        FilterExpr e = FilterParser.parse("A eq 1 or B eq 2 and C eq 3");
        assertThat(e).isInstanceOf(FilterExpr.Or.class);
        assertThat(((FilterExpr.Or) e).right()).isInstanceOf(FilterExpr.And.class);
        FilterExpr p = FilterParser.parse("(A eq 1 or B eq 2) and not C eq 3");
        assertThat(p).isInstanceOf(FilterExpr.And.class);
        assertThat(((FilterExpr.And) p).right()).isInstanceOf(FilterExpr.Not.class);
    }

    @Test
    void doubled_quote_is_one_quote_in_a_string_literal() {
        FilterExpr.Comparison c = (FilterExpr.Comparison) FilterParser.parse("StreetName eq 'O''Brien'");
        assertThat(c.literal().value()).isEqualTo("O'Brien");
    }

    @Test
    void timestamps_with_fraction_and_offset_are_instants() {
        FilterExpr.Comparison c = (FilterExpr.Comparison) FilterParser.parse(
                "ModificationTimestamp gt 2026-01-01T02:00:00.250+02:00");
        assertThat(c.literal().kind()).isEqualTo(FilterExpr.Kind.TIMESTAMP);
        assertThat(c.literal().value()).isEqualTo(Instant.parse("2026-01-01T00:00:00.250Z").toEpochMilli());
        FilterExpr.Comparison d = (FilterExpr.Comparison) FilterParser.parse("CloseDate ge 2025-12-01");
        assertThat(d.literal().kind()).isEqualTo(FilterExpr.Kind.DATE);
    }

    @Test
    void in_lists_and_keywords_parse_case_insensitively() {
        FilterExpr e = FilterParser.parse("ListingKey IN ('a', 'b','c') AND NOT(X eq null)");
        assertThat(e).isInstanceOf(FilterExpr.And.class);
        assertThat(((FilterExpr.In) ((FilterExpr.And) e).left()).literals()).hasSize(3);
    }

    @Test
    void bad_syntax_names_the_problem_and_position() {
        assertThatThrownBy(() -> FilterParser.parse("ListPrice gt"))
                .hasMessageContaining("position 13").hasMessageContaining("expected a literal");
        assertThatThrownBy(() -> FilterParser.parse("ListPrice greater 3"))
                .hasMessageContaining("position").hasMessageContaining("comparison operator");
        assertThatThrownBy(() -> FilterParser.parse("(City eq 'Denver'"))
                .hasMessageContaining("')'");
        assertThatThrownBy(() -> FilterParser.parse("City eq 'Denver"))
                .hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> FilterParser.parse("City eq 'Denver' City"))
                .hasMessageContaining("position 18").hasMessageContaining("unexpected 'City'");
        assertThatThrownBy(() -> FilterParser.parse("ListPrice eq 12abc"))
                .hasMessageContaining("not a valid literal");
    }
}
