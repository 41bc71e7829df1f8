package dev.mlsync.media;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SignedUrlExpiryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aws_sigv4_urls_should_expire_at_their_date_plus_expires() {
        URI url = URI.create("https://bucket.s3.amazonaws.com/p/1.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Date=20261201T110000Z&X-Amz-Expires=3600&X-Amz-Signature=abc");
        assertThat(SignedUrlExpiry.of(url)).contains(Instant.parse("2026-12-01T12:00:00Z"));
        assertThat(SignedUrlExpiry.expired(url, NOW)).isTrue();
        assertThat(SignedUrlExpiry.expired(url, NOW.minusSeconds(1))).isFalse();
    }

    @Test
    void cloudfront_google_and_azure_urls_should_expire_when_their_query_says() {
        assertThat(SignedUrlExpiry.of(URI.create("https://d1.cloudfront.net/1.jpg?Expires=1796126400&Signature=x")))
                .contains(Instant.ofEpochSecond(1796126400));
        assertThat(SignedUrlExpiry.of(URI.create("https://storage.googleapis.com/b/1.jpg?X-Goog-Date=20261201T100000Z"
                + "&X-Goog-Expires=60"))).contains(Instant.parse("2026-12-01T10:01:00Z"));
        assertThat(SignedUrlExpiry.of(URI.create("https://a.blob.core.windows.net/c/1.jpg?sv=2022-11-02"
                + "&se=2026-12-01T11%3A30%3A00Z&sig=abc"))).contains(Instant.parse("2026-12-01T11:30:00Z"));
    }

    @Test
    void urls_without_or_with_malformed_expiry_should_have_none() {
        assertThat(SignedUrlExpiry.of(URI.create("https://media.example.com/1.jpg"))).isEmpty();
        assertThat(SignedUrlExpiry.of(URI.create("https://media.example.com/1.jpg?Expires=soon"))).isEmpty();
        assertThat(SignedUrlExpiry.of(URI.create("https://x.test/1.jpg?X-Amz-Date=yesterday&X-Amz-Expires=60")))
                .isEmpty();
        assertThat(SignedUrlExpiry.of(URI.create("https://x.test/1.jpg?se=2026-12-01T11:30:00Z"))).isEmpty();
        assertThat(SignedUrlExpiry.expired(URI.create("https://media.example.com/1.jpg?w=320"), NOW)).isFalse();
    }
}
