package dev.mlsync.source.reso;

import static dev.mlsync.source.reso.Feeds.feed;
import static dev.mlsync.source.reso.Feeds.incremental;
import static dev.mlsync.source.reso.Feeds.initial;
import static dev.mlsync.source.reso.Feeds.source;
import static dev.mlsync.source.reso.ODataFixture.gzipJson;
import static dev.mlsync.source.reso.ODataFixture.json;
import static dev.mlsync.source.reso.ODataFixture.listings;
import static dev.mlsync.source.reso.ODataFixture.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResoPagingIT {
    private ODataFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ODataFixture();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<String> keys(PageReader page) {
        List<String> keys = new ArrayList<>();
        page.forEachRemaining(r -> keys.add(r.json().get("ListingKey").asText()));
        return keys;
    }

    private ResoSource mlsGrid() {
        return source(feed(Provider.MLSGRID, server.baseUrl(), AuthConfig.bearer("t"), "actris", ProfileOverrides.none()));
    }

    @Test
    void absolute_next_link_after_value_should_be_returned_and_followed() {
        String link = server.baseUrl() + "Property?$filter=x&$skiptoken=abc";
        server.on("/api/Property", json(page(listings(0, 2), link, false)), json(page(listings(2, 1), null, false)));
        ResoSource source = mlsGrid();

        String next;
        try (PageReader first = source.openPage(initial("Property", 2))) {
            assertThat(keys(first)).containsExactly("L0", "L1");
            next = first.nextLink();
            assertThat(first.hasMore()).isTrue();
        }
        assertThat(next).isEqualTo(link);

        try (PageReader second = source.openPage(Feeds.following(initial("Property", 2), next))) {
            assertThat(keys(second)).containsExactly("L2");
            assertThat(second.nextLink()).isNull();
            assertThat(second.hasMore()).isFalse();
        }
        assertThat(server.last().rawQuery()).isEqualTo("$filter=x&$skiptoken=abc");
    }

    @Test
    void relative_next_link_before_value_should_resolve_against_service_root() {
        server.on("/api/Property", json(page(listings(0, 2), "Property?$skiptoken=p2", true)),
                json(page(listings(2, 1), "/api/Property?$skiptoken=p3", true)), json(page(List.of(), null, true)));
        ResoSource source = mlsGrid();

        List<String> all = new ArrayList<>();
        List<String> links = new ArrayList<>();
        PageRequest request = initial("Property", 2);
        while (true) {
            try (PageReader page = source.openPage(request)) {
                all.addAll(keys(page));
                if (!page.hasMore()) {
                    break;
                }
                links.add(page.nextLink());
                request = new PageRequest("Property", Cursor.EMPTY.withNextLink(page.nextLink()), true, 2);
            }
        }

        assertThat(all).containsExactly("L0", "L1", "L2");
        assertThat(links).containsExactly("Property?$skiptoken=p2", "/api/Property?$skiptoken=p3");
        assertThat(server.received()).extracting(ODataFixture.Received::rawQuery)
                .endsWith("$skiptoken=p2", "$skiptoken=p3");
    }

    @Test
    void unencoded_next_link_should_be_sent_percent_encoded() {
        server.on("/api/Property", json(page(List.of(), null, false)));
        ResoSource source = mlsGrid();
        String link = "Property?$filter=ModificationTimestamp ge 2026-01-01T00:00:00.000Z and OriginatingSystemName eq 'a b'&$top=2";

        try (PageReader page = source.openPage(Feeds.following(initial("Property", 2), link))) {
            assertThat(page.hasNext()).isFalse();
        }
        assertThat(server.last().param("$filter"))
                .isEqualTo("ModificationTimestamp ge 2026-01-01T00:00:00.000Z and OriginatingSystemName eq 'a b'");
    }

    @Test
    void full_page_without_next_link_should_synthesize_skip_link() {
        server.on("/api/Property", json(page(listings(0, 2), null, false)), json(page(listings(2, 2), null, false)),
                json(page(listings(4, 1), null, false)));
        ResoSource source = source(feed(Provider.SPARK, server.baseUrl()));

        List<String> all = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        PageRequest request = incremental("Property", Cursor.at(java.time.Instant.parse("2026-01-01T00:20:00Z"), "L0"), 2);
        while (true) {
            try (PageReader page = source.openPage(request)) {
                all.addAll(keys(page));
                skips.add(server.last().param("$skip"));
                if (!page.hasMore()) {
                    assertThat(page.nextLink()).isNull();
                    break;
                }
                request = Feeds.following(request, page.nextLink());
            }
        }

        assertThat(all).containsExactly("L0", "L1", "L2", "L3", "L4");
        assertThat(skips).containsExactly(null, "2", "4");
        assertThat(server.received()).extracting(r -> r.param("$filter"))
                .containsOnly("ModificationTimestamp ge 2026-01-01T00:00:00.000Z");
        assertThat(server.received()).extracting(r -> r.param("$top")).containsOnly("2");
    }

    @Test
    void bridge_replication_page_without_next_link_should_end_because_skip_is_not_allowed() {
        server.on("/api/Property/replication", json(page(listings(0, 2), null, false)));

        try (PageReader page = source(feed(Provider.BRIDGE, server.baseUrl())).openPage(initial("Property", 2))) {
            assertThat(keys(page)).hasSize(2);
            assertThat(page.nextLink()).isNull();
            assertThat(page.hasMore()).isFalse();
        }
    }

    @Test
    void keyset_page_has_more_only_when_full_and_never_returns_next_link() {
        server.on("/api/Property", json(page(listings(0, 3), "Property?$skip=3", false)),
                json(page(listings(3, 2), null, false)), json(page(List.of(), null, false)));
        ResoSource source = source(feed(Provider.RESO, server.baseUrl()));

        try (PageReader full = source.openPage(initial("Property", 3))) {
            assertThat(keys(full)).hasSize(3);
            assertThat(full.hasMore()).isTrue();
            assertThat(full.nextLink()).isNull();
        }
        try (PageReader shortPage = source.openPage(initial("Property", 3))) {
            assertThat(keys(shortPage)).hasSize(2);
            assertThat(shortPage.hasMore()).isFalse();
        }
        try (PageReader empty = source.openPage(initial("Property", 3))) {
            assertThat(empty.hasNext()).isFalse();
            assertThat(empty.hasMore()).isFalse();
        }
    }

    @Test
    void gzip_page_should_be_read_and_compressed_bytes_counted() {
        String body = page(listings(0, 50), "Property?$skiptoken=z", false);
        server.on("/api/Property", gzipJson(body));

        try (PageReader page = mlsGrid().openPage(initial("Property", 1000))) {
            List<RawRecord> records = new ArrayList<>();
            page.forEachRemaining(records::add);
            assertThat(records).hasSize(50);
            assertThat(records).extracting(RawRecord::position).startsWith(0, 1, 2).endsWith(49);
            assertThat(page.nextLink()).isEqualTo("Property?$skiptoken=z");
            assertThat(page.bytesRead()).isPositive().isLessThan(body.length());
        }
        assertThat(server.last().header("Accept-Encoding")).isEqualTo("gzip");
    }

    @Test
    void request_count_should_count_every_page() {
        server.on("/api/Property", json(page(List.of(), null, false)));
        ResoSource source = source(feed(Provider.RESO, server.baseUrl()));
        for (int i = 0; i < 3; i++) {
            source.openPage(initial("Property", 10)).close();
        }
        assertThat(source.requestCount()).isEqualTo(3);
    }
}
