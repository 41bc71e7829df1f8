package dev.mlsync.source.reso;

import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

/**
 * GETs one OData page and hands back its JSON body as a stream, after checking status and content
 * type. A 401 renews the credentials once and repeats the request once; nothing else is retried.
 */
final class ODataGet {
    private final ProviderHttp http;
    private final Credentials credentials;

    ODataGet(ProviderHttp http, Credentials credentials) {
        this.http = http;
        this.credentials = credentials;
        credentials.secrets().forEach(http::addSecret);
    }

    /** An open response body: {@link #json()} is gunzipped when needed, {@link #counted()} counts raw bytes. */
    record Body(URI uri, String resource, InputStream json, CountingInputStream counted) {
        void close() {
            try {
                json.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
    }

    Body open(URI uri, String resource) {
        HttpResponse<InputStream> response = http.send(request(uri), resource);
        if (response.statusCode() == 401 && credentials.renewAfterUnauthorized()) {
            ProviderHttp.discard(response);
            response = http.send(request(uri), resource);
        }
        if (response.statusCode() / 100 != 2) {
            throw http.failure(response, resource);
        }
        requireJson(response, resource);
        return body(response, resource);
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .version(HttpClient.Version.HTTP_1_1)
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip")
                .GET();
        String token = credentials.token();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private void requireJson(HttpResponse<InputStream> response, String resource) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.isEmpty() && !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            ProviderHttp.discard(response);
            throw new SourceException(Category.MALFORMED, response.statusCode(),
                    http.message(resource, response.uri(), "expected JSON but got " + type));
        }
    }

    private Body body(HttpResponse<InputStream> response, String resource) {
        CountingInputStream counted = new CountingInputStream(response.body());
        if (!ProviderHttp.isGzip(response)) {
            return new Body(response.uri(), resource, counted, counted);
        }
        try {
            return new Body(response.uri(), resource, new GZIPInputStream(counted), counted);
        } catch (IOException e) {
            ProviderHttp.discard(response);
            throw new SourceException(Category.MALFORMED, response.statusCode(),
                    http.message(resource, response.uri(), "gzip body unreadable: " + e.getMessage()), e);
        }
    }
}
