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
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The query of a partial sync: chosen keys and a caller's filter joined to the usual terms. */
class PartialQueryTest {
    private static final URI BASE = URI.create("http://127.0.0.1:9/odata/");

    private static String filterOf(Provider provider, PageRequest request) {
        var feed = Feeds.feed(provider, BASE, AuthConfig.none(), "orig", ProfileOverrides.none());
        URI uri = PageQuery.of(feed, ProviderProfile.of(provider, feed.overrides()), request).uri();
        String query = URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8);
        return query.substring(query.indexOf("$filter=") + 8, query.indexOf("&$orderby"));
    }

    @Test
    void keys_and_filter_should_be_anded_with_the_required_filter_and_the_cursor() {
        PageRequest first = new PageRequest("Property", Cursor.EMPTY, false, 100, true, List.of("K1", "O'K"),
                "City eq 'Austin' or City eq 'Round Rock'");
        assertThat(filterOf(Provider.RESO, first)).isEqualTo("OriginatingSystemName eq 'orig' and "
                + "ListingKey in ('K1','O''K') and (City eq 'Austin' or City eq 'Round Rock')");
        PageRequest next = new PageRequest("Member", Cursor.at(Instant.parse("2026-01-02T03:04:05Z"), "M9"), false, 100,
                false, List.of("M1"), null);
        assertThat(filterOf(Provider.RESO, next)).startsWith("OriginatingSystemName eq 'orig' and MemberKey in ('M1') and (")
                .contains("MemberKey gt 'M9'");
    }

    @Test
    void mls_grid_should_refuse_partial_syncs_and_others_accept_them() {
        assertThat(ResoSource.partialSyncRefusal(Feeds.feed(Provider.MLSGRID, BASE, AuthConfig.none(), "orig",
                ProfileOverrides.none()))).contains("MLS Grid filters only by timestamps");
        for (Provider provider : List.of(Provider.RESO, Provider.TRESTLE, Provider.AMPRE, Provider.BRIDGE, Provider.SPARK)) {
            assertThat(ResoSource.partialSyncRefusal(Feeds.feed(provider, BASE))).isNull();
        }
    }
}
