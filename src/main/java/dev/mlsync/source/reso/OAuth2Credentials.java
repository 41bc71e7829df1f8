package dev.mlsync.source.reso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * OAuth2 client credentials: the access token is cached and renewed {@value #RENEW_BEFORE_SECONDS}
 * seconds before {@code expires_in} runs out (by the injected clock), and once more after a 401.
 */
final class OAuth2Credentials implements Credentials {
    static final long RENEW_BEFORE_SECONDS = 60;
    private static final String TOKEN_RESOURCE = "token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderHttp http;
    private final AuthConfig auth;
    private final URI tokenUrl;
    private final String scope;
    private final Clock clock;
    private String accessToken;
    private Instant renewAt = Instant.MAX;

    OAuth2Credentials(ProviderHttp http, AuthConfig auth, URI tokenUrl, String defaultScope, Clock clock) {
        this.http = http;
        this.auth = auth;
        this.tokenUrl = tokenUrl;
        this.scope = auth.scope() != null ? auth.scope() : defaultScope;
        this.clock = clock;
        http.addSecret(auth.clientSecret());
    }

    @Override
    public synchronized String token() {
        if (accessToken == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return accessToken;
    }

    @Override
    public synchronized boolean renewAfterUnauthorized() {
        fetch();
        return true;
    }

    @Override
    public Iterable<String> secrets() {
        String current = accessToken;
        return current == null ? List.of(auth.clientSecret()) : List.of(auth.clientSecret(), current);
    }

    private void fetch() {
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form()))
                .build();
        HttpResponse<InputStream> response = http.send(request, TOKEN_RESOURCE);
        if (response.statusCode() / 100 != 2) {
            SourceException failure = http.failure(response, TOKEN_RESOURCE);
            Category category = response.statusCode() == 400 ? Category.AUTH : failure.category();
            throw new SourceException(category, failure.status(), failure.getMessage());
        }
        accept(read(response), clock.instant());
    }

    private JsonNode read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SourceException(Category.MALFORMED, response.statusCode(),
                    http.message(TOKEN_RESOURCE, tokenUrl, "unreadable token response: " + e.getClass().getSimpleName()));
        }
    }

    private void accept(JsonNode token, Instant now) {
        JsonNode value = token == null ? null : token.get("access_token");
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new SourceException(Category.AUTH, 200, http.message(TOKEN_RESOURCE, tokenUrl, "token response has no access_token"));
        }
        accessToken = value.asText();
        http.addSecret(accessToken);
        JsonNode expiresIn = token.get("expires_in");
        long seconds = expiresIn == null ? -1 : expiresIn.asLong(-1);
        renewAt = seconds <= 0 ? Instant.MAX : now.plus(Duration.ofSeconds(seconds - RENEW_BEFORE_SECONDS));
    }

    private String form() {
        String form = "grant_type=client_credentials&client_id=" + ODataLiteral.encode(auth.clientId())
                + "&client_secret=" + ODataLiteral.encode(auth.clientSecret());
        return scope == null ? form : form + "&scope=" + ODataLiteral.encode(scope);
    }
}
