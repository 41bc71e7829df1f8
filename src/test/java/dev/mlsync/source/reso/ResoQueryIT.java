package dev.mlsync.source.reso;

import static dev.mlsync.source.reso.Feeds.feed;
import static dev.mlsync.source.reso.Feeds.incremental;
import static dev.mlsync.source.reso.Feeds.initial;
import static dev.mlsync.source.reso.Feeds.source;
import static dev.mlsync.source.reso.ODataFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResoQueryIT {
    private static final String EMPTY = "{\"value\":[]}";
    private static final Cursor CURSOR = Cursor.at(Instant.parse("2026-03-01T12:20:00.5Z"), "O'Brien 1");

    private ODataFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ODataFixture();
        for (String path : new String[] {"Property", "Property/replication", "Member", "Office", "OpenHouse"}) {
            server.on("/api/" + path, json(EMPTY));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ODataFixture.Received fetch(ResoSource source, PageRequest request) {
        try (PageReader page = source.openPage(request)) {
            assertThat(page.hasNext()).isFalse();
        }
        return server.last();
    }

    @Test
    void generic_keyset_query_should_continue_after_cursor_with_escaped_key_and_millisecond_timestamp() {
        var got = fetch(source(feed(Provider.RESO, server.baseUrl())), incremental("Property", CURSOR, 5000));

        assertThat(got.path()).isEqualTo("/api/Property");
        assertThat(got.param("$filter")).isEqualTo("(ModificationTimestamp gt 2026-03-01T12:20:00.500Z"
                + " or (ModificationTimestamp eq 2026-03-01T12:20:00.500Z and ListingKey gt 'O''Brien 1'))");
        assertThat(got.param("$orderby")).isEqualTo("ModificationTimestamp,ListingKey");
        assertThat(got.param("$top")).isEqualTo("1000");
        assertThat(got.param("$expand")).isEqualTo("Media");
    }

    @Test
    void query_should_percent_encode_spaces_and_quotes_never_plus() {
        var got = fetch(source(feed(Provider.RESO, server.baseUrl())), incremental("Property", CURSOR, 100));

        assertThat(got.rawQuery()).doesNotContain("+").doesNotContain(" ").doesNotContain("'")
                .contains("%20gt%20").contains("%27O%27%27Brien%201%27");
        assertThat(got.rawQuery()).startsWith("$filter=");
    }

    @Test
    void empty_cursor_should_send_no_filter_and_page_size_below_cap_is_kept() {
        var got = fetch(source(feed(Provider.RESO, server.baseUrl())), initial("Property", 250));

        assertThat(got.param("$filter")).isNull();
        assertThat(got.param("$top")).isEqualTo("250");
        assertThat(got.header("Accept")).isEqualTo("application/json");
        assertThat(got.header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(got.header("Authorization")).isEqualTo("Bearer test-token");
    }

    @Test
    void key_field_follows_the_resource() {
        ResoSource source = source(feed(Provider.RESO, server.baseUrl()));
        assertThat(fetch(source, incremental("Member", CURSOR, 10)).param("$orderby")).isEqualTo("ModificationTimestamp,MemberKey");
        assertThat(fetch(source, incremental("Office", CURSOR, 10)).param("$filter")).contains("OfficeKey gt 'O''Brien 1'");
        var openHouse = fetch(source, incremental("OpenHouse", CURSOR, 10));
        assertThat(openHouse.param("$orderby")).isEqualTo("ModificationTimestamp,OpenHouseKey");
        assertThat(openHouse.param("$expand")).isNull();
    }

    @Test
    void mlsgrid_initial_load_should_require_originating_system_and_mlg_can_view() {
        var source = source(feed(Provider.MLSGRID, server.baseUrl(), AuthConfig.bearer("t"), "O'Brien MLS", ProfileOverrides.none()));
        var got = fetch(source, initial("Property", 5000));

        assertThat(got.param("$filter")).isEqualTo("OriginatingSystemName eq 'O''Brien MLS' and MlgCanView eq true");
        assertThat(got.param("$top")).isEqualTo("1000");
        assertThat(got.param("$expand")).isEqualTo("Media");
        assertThat(got.header("Accept-Encoding")).isEqualTo("gzip");
    }

    @Test
    void mlsgrid_incremental_should_omit_mlg_can_view_and_use_ge_without_key() {
        var source = source(feed(Provider.MLSGRID, server.baseUrl(), AuthConfig.bearer("t"), "actris", ProfileOverrides.none()));
        var got = fetch(source, incremental("Property", CURSOR, 5000));

        assertThat(got.param("$filter"))
                .isEqualTo("OriginatingSystemName eq 'actris' and ModificationTimestamp ge 2026-03-01T12:20:00.500Z");
        assertThat(got.param("$top")).isEqualTo("1000");
    }

    @Test
    void mlsgrid_resources_without_expand_should_allow_five_thousand() {
        var source = source(feed(Provider.MLSGRID, server.baseUrl(), AuthConfig.bearer("t"), "actris", ProfileOverrides.none()));
        var got = fetch(source, incremental("Member", CURSOR, 9000));

        assertThat(got.param("$top")).isEqualTo("5000");
        assertThat(got.param("$expand")).isNull();
        assertThat(got.param("$orderby")).isEqualTo("ModificationTimestamp,MemberKey");
    }

    @Test
    void bridge_property_should_use_replication_endpoint_without_orderby_or_expand() {
        var got = fetch(source(feed(Provider.BRIDGE, server.baseUrl())), incremental("Property", CURSOR, 5000));

        assertThat(got.path()).isEqualTo("/api/Property/replication");
        assertThat(got.param("$filter")).isEqualTo("BridgeModificationTimestamp ge 2026-03-01T12:20:00.500Z");
        assertThat(got.param("$top")).isEqualTo("2000");
        assertThat(got.param("$orderby")).isNull();
        assertThat(got.param("$expand")).isNull();
        assertThat(got.param("$skip")).isNull();
    }

    @Test
    void bridge_other_resources_should_use_normal_endpoint_capped_at_200() {
        var got = fetch(source(feed(Provider.BRIDGE, server.baseUrl())), incremental("Office", CURSOR, 5000));

        assertThat(got.path()).isEqualTo("/api/Office");
        assertThat(got.param("$top")).isEqualTo("200");
        assertThat(got.param("$orderby")).isEqualTo("BridgeModificationTimestamp,OfficeKey");
    }

    @Test
    void spark_incremental_should_start_twenty_minutes_before_cursor() {
        var got = fetch(source(feed(Provider.SPARK, server.baseUrl())), incremental("Property", CURSOR, 5000));

        assertThat(got.param("$filter")).isEqualTo("ModificationTimestamp ge 2026-03-01T12:00:00.500Z");
        assertThat(got.param("$top")).isEqualTo("1000");
    }

    @Test
    void trestle_should_expand_media_and_page_by_keyset() {
        var got = fetch(source(feed(Provider.TRESTLE, server.baseUrl())), incremental("Property", CURSOR, 5000));

        assertThat(got.param("$expand")).isEqualTo("Media");
        assertThat(got.param("$filter")).contains("ListingKey gt 'O''Brien 1'");
    }

    @Test
    void ampre_should_not_expand_media_and_page_by_keyset() {
        server.on("/api/Media", json(EMPTY));
        var got = fetch(source(feed(Provider.AMPRE, server.baseUrl())), incremental("Property", CURSOR, 5000));

        assertThat(got.param("$expand")).isNull();
        assertThat(got.param("$top")).isEqualTo("1000");
        assertThat(got.param("$filter")).startsWith("(ModificationTimestamp gt ");
    }

    @Test
    void overrides_should_replace_preset_values() {
        var overrides = Feeds.overrides(50, false, null, "LastChangeTimestamp", 60, false);
        var source = source(feed(Provider.RESO, server.baseUrl(), AuthConfig.none(), null, overrides));
        server.on("/api/Media", json(EMPTY));
        var got = fetch(source, incremental("Property", CURSOR, 5000));

        assertThat(got.param("$top")).isEqualTo("50");
        assertThat(got.param("$expand")).isNull();
        assertThat(got.param("$filter")).isEqualTo("LastChangeTimestamp ge 2026-03-01T12:19:00.500Z");
        assertThat(got.param("$orderby")).isEqualTo("LastChangeTimestamp,ListingKey");
        assertThat(got.header("Authorization")).isNull();
    }
}
