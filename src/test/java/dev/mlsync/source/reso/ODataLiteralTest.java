package dev.mlsync.source.reso;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ODataLiteralTest {
    @Test
    void string_should_double_single_quotes() {
        assertThat(ODataLiteral.string("O'Brien")).isEqualTo("'O''Brien'");
        assertThat(ODataLiteral.list(List.of("a", "O'B"))).isEqualTo("('a','O''B')");
    }

    @Test
    void timestamp_should_be_utc_with_milliseconds_and_z() {
        assertThat(ODataLiteral.timestamp(Instant.parse("2026-03-01T12:00:00Z"))).isEqualTo("2026-03-01T12:00:00.000Z");
        assertThat(ODataLiteral.timestamp(Instant.parse("2026-03-01T12:00:00.123999Z"))).isEqualTo("2026-03-01T12:00:00.123Z");
    }

    @Test
    void encode_should_use_percent_20_for_spaces() {
        assertThat(ODataLiteral.encode("a b+c'")).isEqualTo("a%20b%2Bc%27");
    }

    @Test
    void encode_illegal_should_keep_valid_links_and_existing_escapes() {
        assertThat(ODataLiteral.encodeIllegal("Property?$filter=A%20eq%20'x'&$top=2")).isEqualTo("Property?$filter=A%20eq%20'x'&$top=2");
        assertThat(ODataLiteral.encodeIllegal("Property?$filter=A eq 'é'")).isEqualTo("Property?$filter=A%20eq%20'%C3%A9'");
    }
}
