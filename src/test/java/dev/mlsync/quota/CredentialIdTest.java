package dev.mlsync.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import java.net.URI;
import org.junit.jupiter.api.Test;

class CredentialIdTest {
    private static FeedConfig feed(String baseUrl, String token) {
        FeedConfig base = QuotaFeeds.feed(Provider.BRIDGE, URI.create(baseUrl), RateLimits.none(), 1.0);
        return new FeedConfig(base.id(), base.provider(), base.baseUrl(), AuthConfig.bearer(token),
                base.originatingSystem(), base.resources(), base.pageSize(), base.overrides(), base.limits(),
                base.quota());
    }

    @Test
    void one_token_should_be_one_credential_on_every_path_of_its_host() {
        String a = CredentialId.of(feed("https://api.bridgedataoutput.com/api/v2/OData/actris", "t1"));

        assertThat(CredentialId.of(feed("https://API.BridgeDataOutput.com:443/api/v2/OData/test/", "t1"))).isEqualTo(a);
        assertThat(CredentialId.of(feed("https://api.bridgedataoutput.com/api/v2/OData/actris", "t2")))
                .as("another token").isNotEqualTo(a);
        assertThat(CredentialId.of(feed("https://api.other.example/api/v2/OData/actris", "t1")))
                .as("another host").isNotEqualTo(a);
        assertThat(CredentialId.of(feed("http://api.bridgedataoutput.com/api/v2/OData/actris", "t1")))
                .as("another scheme").isNotEqualTo(a);
        assertThat(a).startsWith("bridge-").doesNotContain("t1");
    }
}
