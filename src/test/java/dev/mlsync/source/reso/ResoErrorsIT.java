package dev.mlsync.source.reso;

import static dev.mlsync.source.reso.Feeds.feed;
import static dev.mlsync.source.reso.Feeds.initial;
import static dev.mlsync.source.reso.Feeds.source;
import static dev.mlsync.source.reso.ODataFixture.json;
import static dev.mlsync.source.reso.ODataFixture.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResoErrorsIT {
    private static final String TOKEN = "bearer-s3cr3t-value";
    private ODataFixture server;
    private ResoSource source;

    @BeforeEach
    void start() throws Exception {
        server = new ODataFixture();
        source = source(feed(Provider.RESO, server.baseUrl(), AuthConfig.bearer(TOKEN), null, ProfileOverrides.none()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceException failureOf(Runnable action) {
        return catchThrowableOfType(SourceException.class, action::run);
    }

    @ParameterizedTest
    @CsvSource({"401,AUTH", "403,AUTH", "429,RATE_LIMIT", "500,SERVER", "503,SERVER", "400,BAD_REQUEST", "404,BAD_REQUEST"})
    void non_2xx_should_map_to_category_with_feed_resource_path_and_body(int status, Category category) {
        server.on("/api/Property", respond(status, "application/json", "{\"error\":\"nope " + status + "\"}", false));

        SourceException failure = failureOf(() -> source.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(category);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.getMessage()).contains("feed-reso", "Property", "HTTP " + status, "nope " + status,
                "/api/Property?$orderby=ModificationTimestamp%2CListingKey&$top=10&$expand=Media");
    }

    @Test
    void error_body_excerpt_should_be_cut_at_300_characters() {
        server.on("/api/Property", respond(500, "text/plain", "x".repeat(1000), false));

        SourceException failure = failureOf(() -> source.openPage(initial("Property", 10)));

        assertThat(failure.getMessage()).contains("x".repeat(300)).doesNotContain("x".repeat(301));
    }

    @Test
    void html_page_with_200_should_be_malformed() {
        server.on("/api/Property", respond(200, "text/html; charset=utf-8", "<html>maintenance</html>", false));

        SourceException failure = failureOf(() -> source.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(Category.MALFORMED);
        assertThat(failure.getMessage()).contains("expected JSON but got text/html", "feed-reso", "/api/Property");
    }

    @Test
    void truncated_json_should_be_malformed_naming_the_record_position() {
        server.on("/api/Property", json("{\"value\":[{\"ListingKey\":\"L0\"},{\"ListingKey\":\"L1\",\"ModificationTi"));

        try (PageReader page = source.openPage(initial("Property", 10))) {
            assertThat(page.next().json().get("ListingKey").asText()).isEqualTo("L0");
            SourceException failure = failureOf(page::hasNext);
            assertThat(failure.category()).isEqualTo(Category.MALFORMED);
            assertThat(failure.getMessage()).contains("record 1", "feed-reso", "Property");
            assertThat(page.hasNext()).isFalse();
        }
    }

    @Test
    void broken_json_between_records_should_be_malformed() {
        server.on("/api/Property", json("{\"value\":[{\"ListingKey\":\"L0\"} {\"ListingKey\":\"L1\"}]}"));

        try (PageReader page = source.openPage(initial("Property", 10))) {
            page.next();
            assertThatThrownBy(page::hasNext).isInstanceOf(SourceException.class)
                    .extracting(e -> ((SourceException) e).category()).isEqualTo(Category.MALFORMED);
        }
    }

    @Test
    void response_without_value_array_should_be_malformed() {
        server.on("/api/Property", json("{\"@odata.context\":\"x\"}"));

        SourceException failure = failureOf(() -> source.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(Category.MALFORMED);
        assertThat(failure.getMessage()).contains("no value array");
    }

    @Test
    void connection_refused_should_be_network() throws Exception {
        URI closed;
        try (ODataFixture gone = new ODataFixture()) {
            closed = gone.baseUrl();
        }
        ResoSource unreachable = source(feed(Provider.RESO, closed));

        SourceException failure = failureOf(() -> unreachable.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(Category.NETWORK);
        assertThat(failure.status()).isZero();
        assertThat(failure.getMessage()).contains("feed-reso", "/api/Property");
    }

    @Test
    void bearer_401_should_not_retry_and_never_show_the_token() {
        server.on("/api/Property", respond(401, "application/json", "{\"error\":\"bad token " + TOKEN + "\"}", false));

        SourceException failure = failureOf(() -> source.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(Category.AUTH);
        assertThat(failure.getMessage()).doesNotContain(TOKEN).contains("***");
        assertThat(server.received()).hasSize(1);
        assertThat(source.requestCount()).isEqualTo(1);
    }

    @Test
    void secret_looking_query_parameters_in_next_link_are_masked() {
        server.on("/api/Property", respond(500, "application/json", "{}", false));

        SourceException failure = failureOf(() -> source.openPage(
                Feeds.following(initial("Property", 10), "Property?access_token=abc123&$skip=5")));

        assertThat(failure.getMessage()).doesNotContain("abc123").contains("$skip=5");
    }
}
