package dev.mlsync.source.reso;

import dev.mlsync.testing.SettableClock;
import static dev.mlsync.source.reso.Feeds.feed;
import static dev.mlsync.source.reso.Feeds.initial;
import static dev.mlsync.source.reso.ODataFixture.json;
import static dev.mlsync.source.reso.ODataFixture.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResoAuthIT {
    private static final String CLIENT_SECRET = "client-s3cr3t";
    private static final String EMPTY = "{\"value\":[]}";

    private ODataFixture server;
    private SettableClock clock;
    private ResoSource source;

    @BeforeEach
    void start() throws Exception {
        server = new ODataFixture();
        clock = new SettableClock(Instant.parse("2026-05-01T00:00:00Z"));
        AuthConfig auth = AuthConfig.oauth2("/trestle/oidc/connect/token", "my-client", CLIENT_SECRET, null);
        source = ResoSource.of(feed(Provider.TRESTLE, server.baseUrl(), auth, null, ProfileOverrides.none()), Feeds.HTTP, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ODataFixture.Responder token(String value, int expiresIn) {
        return json("{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
    }

    private void readPage() {
        try (PageReader page = source.openPage(initial("Property", 10))) {
            page.forEachRemaining(r -> { });
        }
    }

    private List<String> authorizations() {
        return server.received("/api/Property").stream().map(r -> r.header("Authorization")).toList();
    }

    @Test
    void client_credentials_should_be_posted_as_form_and_token_cached() {
        server.on("/trestle/oidc/connect/token", token("t1", 3600));
        server.on("/api/Property", json(EMPTY));

        readPage();
        readPage();

        List<ODataFixture.Received> tokenRequests = server.received("/trestle/oidc/connect/token");
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).method()).isEqualTo("POST");
        assertThat(tokenRequests.get(0).body())
                .isEqualTo("grant_type=client_credentials&client_id=my-client&client_secret=" + CLIENT_SECRET + "&scope=api");
        assertThat(authorizations()).containsExactly("Bearer t1", "Bearer t1");
        assertThat(source.requestCount()).isEqualTo(3);
    }

    @Test
    void token_should_be_renewed_sixty_seconds_before_it_expires() {
        server.on("/trestle/oidc/connect/token", token("t1", 600), token("t2", 600));
        server.on("/api/Property", json(EMPTY));

        readPage();
        clock.advance(Duration.ofSeconds(539));
        readPage();
        clock.advance(Duration.ofSeconds(1));
        readPage();

        assertThat(authorizations()).containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
        assertThat(server.received("/trestle/oidc/connect/token")).hasSize(2);
    }

    @Test
    void unauthorized_should_renew_token_once_and_repeat_the_request() {
        server.on("/trestle/oidc/connect/token", token("t1", 3600), token("t2", 3600));
        server.on("/api/Property", respond(401, "application/json", "{}", false),
                json(ODataFixture.page(ODataFixture.listings(0, 1), null, false)));

        try (PageReader page = source.openPage(initial("Property", 10))) {
            assertThat(page.next().json().get("ListingKey").asText()).isEqualTo("L0");
        }

        assertThat(authorizations()).containsExactly("Bearer t1", "Bearer t2");
        assertThat(source.requestCount()).isEqualTo(4);
    }

    @Test
    void second_unauthorized_should_fail_as_auth_without_another_renewal() {
        server.on("/trestle/oidc/connect/token", token("t1", 3600), token("t2", 3600));
        server.on("/api/Property", respond(401, "application/json", "{\"error\":\"revoked\"}", false));

        SourceException failure = catchThrowableOfType(SourceException.class, () -> source.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(Category.AUTH);
        assertThat(server.received("/trestle/oidc/connect/token")).hasSize(2);
        assertThat(server.received("/api/Property")).hasSize(2);
        assertThat(failure.getMessage()).doesNotContain("t2\"").doesNotContain(CLIENT_SECRET);
    }

    @Test
    void rejected_client_credentials_should_be_auth_and_never_show_the_secret() {
        server.on("/trestle/oidc/connect/token", respond(400, "application/json",
                "{\"error\":\"invalid_client\",\"echo\":\"client_secret=" + CLIENT_SECRET + "\"}", false));

        SourceException failure = catchThrowableOfType(SourceException.class, () -> source.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(Category.AUTH);
        assertThat(failure.getMessage()).contains("invalid_client", "feed-trestle", "/trestle/oidc/connect/token")
                .doesNotContain(CLIENT_SECRET);
        assertThat(server.received("/api/Property")).isEmpty();
    }

    @Test
    void access_token_echoed_in_an_error_body_is_masked() {
        server.on("/trestle/oidc/connect/token", token("access-abc-123", 3600));
        server.on("/api/Property", respond(500, "application/json", "{\"error\":\"token access-abc-123 broke us\"}", false));

        SourceException failure = catchThrowableOfType(SourceException.class, () -> source.openPage(initial("Property", 10)));

        assertThat(failure.category()).isEqualTo(Category.SERVER);
        assertThat(failure.getMessage()).doesNotContain("access-abc-123").contains("token *** broke us");
    }
}
