package dev.mlsync.source.reso;

import static dev.mlsync.source.reso.Feeds.feed;
import static dev.mlsync.source.reso.Feeds.initial;
import static dev.mlsync.source.reso.Feeds.source;
import static dev.mlsync.source.reso.ODataFixture.json;
import static dev.mlsync.source.reso.ODataFixture.listings;
import static dev.mlsync.source.reso.ODataFixture.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.Provider;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AmpreMediaIT {
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
    private ODataFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ODataFixture();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Serves two photos (Order 1 then 0) for every requested key whose number is even, none for odd ones. */
    private static ODataFixture.Responder mediaForEvenKeys() {
        return (exchange, request) -> {
            List<String> media = new ArrayList<>();
            Matcher keys = QUOTED.matcher(request.param("$filter"));
            while (keys.find()) {
                String key = keys.group(1).replace("''", "'");
                if (key.startsWith("L") && Integer.parseInt(key.substring(1)) % 2 == 0) {
                    media.add(photo(key, 1));
                    media.add(photo(key, 0));
                }
            }
            json(page(media, null, false)).respond(exchange, request);
        };
    }

    private static String photo(String key, int order) {
        return "{\"MediaKey\":\"" + key + "-" + order + "\",\"ResourceRecordKey\":\"" + key
                + "\",\"Order\":" + order + ",\"MediaURL\":\"https://cdn/" + key + "/" + order + ".jpg\"}";
    }

    private List<RawRecord> readAll(ResoSource source, int pageSize) {
        List<RawRecord> records = new ArrayList<>();
        try (PageReader page = source.openPage(initial("Property", pageSize))) {
            page.forEachRemaining(records::add);
            assertThat(page.nextLink()).isNull();
            assertThat(page.hasMore()).isTrue();
        }
        return records;
    }

    @Test
    void media_should_be_fetched_in_batches_of_100_keys_and_attached_to_their_listings() {
        server.on("/api/Property", json(page(listings(0, 250), null, false)));
        server.on("/api/Media", mediaForEvenKeys());

        List<RawRecord> records = readAll(source(feed(Provider.AMPRE, server.baseUrl())), 250);

        assertThat(records).hasSize(250);
        assertThat(records).extracting(RawRecord::position).startsWith(0, 1, 2).endsWith(249);
        for (RawRecord record : records) {
            String key = record.json().get("ListingKey").asText();
            JsonNode media = record.json().get("Media");
            assertThat(media.isArray()).isTrue();
            if (Integer.parseInt(key.substring(1)) % 2 == 0) {
                assertThat(media).extracting(m -> m.get("ResourceRecordKey").asText()).containsOnly(key);
                assertThat(media).extracting(m -> m.get("Order").asInt()).containsExactly(0, 1);
            } else {
                assertThat(media).isEmpty();
            }
        }
        List<ODataFixture.Received> mediaRequests = server.received("/api/Media");
        assertThat(mediaRequests).hasSize(3);
        assertThat(mediaRequests.get(0).param("$filter")).startsWith("ResourceRecordKey in ('L0','L1','L2',")
                .endsWith(",'L99')");
        assertThat(mediaRequests.get(2).param("$filter")).startsWith("ResourceRecordKey in ('L200',").endsWith(",'L249')");
        assertThat(server.received("/api/Property").get(0).param("$expand")).isNull();
    }

    @Test
    void media_batch_should_follow_next_links_and_escape_keys() {
        server.on("/api/Property", json(page(List.of(ODataFixture.listing("O'Brien", "2026-01-01T00:00:00Z"),
                ODataFixture.listing("L2", "2026-01-01T00:00:00Z")), null, false)));
        server.on("/api/Media",
                json(page(List.of(photo("L2", 3), photo("O'Brien", 1)), "Media?$skiptoken=m2", false)),
                json(page(List.of(photo("L2", 0), "{\"MediaKey\":\"x\",\"ResourceRecordKey\":\"O'Brien\",\"Order\":\"0\"}"),
                        null, false)));

        var source = source(feed(Provider.AMPRE, server.baseUrl(), AuthConfig.bearer("t"), null,
                Feeds.overrides(null, null, 50, null, null, null)));
        List<RawRecord> records = readAll(source, 2);

        assertThat(server.received("/api/Media").get(0).param("$filter")).isEqualTo("ResourceRecordKey in ('O''Brien','L2')");
        assertThat(server.received("/api/Media").get(1).rawQuery()).isEqualTo("$skiptoken=m2");
        assertThat(records.get(0).json().get("Media")).extracting(m -> m.get("Order").asText()).containsExactly("0", "1");
        assertThat(records.get(1).json().get("Media")).extracting(m -> m.get("Order").asInt()).containsExactly(0, 3);
        assertThat(source.requestCount()).isEqualTo(3);
    }

    @Test
    void media_batch_size_override_should_change_requests_per_page() {
        server.on("/api/Property", json(page(listings(0, 10), null, false)));
        server.on("/api/Media", mediaForEvenKeys());

        var source = source(feed(Provider.AMPRE, server.baseUrl(), AuthConfig.bearer("t"), null,
                Feeds.overrides(null, null, 4, null, null, null)));
        assertThat(readAll(source, 10)).hasSize(10);

        assertThat(server.received("/api/Media")).hasSize(3);
    }
}
