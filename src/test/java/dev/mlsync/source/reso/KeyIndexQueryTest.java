package dev.mlsync.source.reso;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The query of a key index page, per provider profile: key and timestamps only, the largest page, no Media. */
class KeyIndexQueryTest {
    private static final URI BASE = URI.create("http://127.0.0.1:9/odata/");

    private static String queryOf(Provider provider, String resource, ProfileOverrides overrides) {
        var feed = Feeds.feed(provider, BASE, AuthConfig.none(), "orig", overrides);
        URI uri = PageQuery.of(feed, ProviderProfile.of(provider, feed.overrides()),
                PageRequest.keyIndex(resource, Cursor.EMPTY, 5000)).uri();
        return uri.getRawPath() + "?" + URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8);
    }

    @Test
    void mls_grid_should_ask_only_viewable_records_of_its_system_with_mlg_can_view_selected() {
        assertThat(queryOf(Provider.MLSGRID, "Property", ProfileOverrides.none())).isEqualTo("/odata/Property?"
                + "$filter=OriginatingSystemName eq 'orig' and MlgCanView eq true&$orderby=ModificationTimestamp,ListingKey"
                + "&$select=ListingKey,ModificationTimestamp,MlgCanView&$top=5000");
    }

    @Test
    void bridge_should_page_its_replication_endpoint_and_select_both_timestamps() {
        assertThat(queryOf(Provider.BRIDGE, "Property", ProfileOverrides.none())).isEqualTo("/odata/Property/replication?"
                + "$filter=OriginatingSystemName eq 'orig'"
                + "&$select=ListingKey,BridgeModificationTimestamp,ModificationTimestamp&$top=2000");
    }

    @Test
    void other_resources_and_overrides_should_use_their_key_and_cap() {
        assertThat(queryOf(Provider.RESO, "Member", ProfileOverrides.none()))
                .contains("$select=MemberKey,ModificationTimestamp&$top=1000").doesNotContain("$expand");
        assertThat(queryOf(Provider.AMPRE, "Property", new ProfileOverrides(300, null, null, null, null, null)))
                .endsWith("$select=ListingKey,ModificationTimestamp&$top=300");
    }
}
