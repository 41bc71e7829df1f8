package dev.mlsync.source.reso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.source.RecordShape;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProviderProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI BASE = URI.create("http://127.0.0.1:9/api/");

    private static ObjectNode record(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static RecordShape shape(Provider provider, String resource) {
        return Feeds.source(Feeds.feed(provider, BASE, AuthConfig.none(), "orig", ProfileOverrides.none())).shape(resource);
    }

    @Test
    void shape_should_name_key_field_per_resource() {
        assertThat(shape(Provider.RESO, "Property").keyField()).isEqualTo("ListingKey");
        assertThat(shape(Provider.RESO, "Member").keyField()).isEqualTo("MemberKey");
        assertThat(shape(Provider.RESO, "Office").keyField()).isEqualTo("OfficeKey");
        assertThat(shape(Provider.RESO, "OpenHouse").keyField()).isEqualTo("OpenHouseKey");
        assertThat(shape(Provider.RESO, "Media").keyField()).isEqualTo("MediaKey");
        assertThat(shape(Provider.RESO, "Teams").keyField()).isEqualTo("TeamsKey");
    }

    @Test
    void bridge_shape_should_follow_bridge_modification_timestamp() {
        assertThat(shape(Provider.BRIDGE, "Property").timestampField()).isEqualTo("BridgeModificationTimestamp");
        assertThat(shape(Provider.AMPRE, "Property").timestampField()).isEqualTo("ModificationTimestamp");
    }

    @Test
    void standard_status_delete_should_mark_deleted_for_every_provider() throws Exception {
        ObjectNode deleted = record("{\"ListingKey\":\"A\",\"StandardStatus\":\"Delete\"}");
        ObjectNode active = record("{\"ListingKey\":\"A\",\"StandardStatus\":\"Active\"}");
        for (Provider provider : Provider.values()) {
            if (provider == Provider.RETS) {
                continue; // not a RESO Web API profile: RetsSource has its own shape (RetsSourceIT)
            }
            assertThat(shape(provider, "Property").isDeleted(deleted)).as(provider.name()).isTrue();
            assertThat(shape(provider, "Property").isDeleted(active)).as(provider.name()).isFalse();
        }
    }

    @Test
    void mlsgrid_should_treat_mlg_can_view_false_as_deleted() throws Exception {
        RecordShape mlsGrid = shape(Provider.MLSGRID, "Property");
        assertThat(mlsGrid.isDeleted(record("{\"MlgCanView\":false,\"StandardStatus\":\"Active\"}"))).isTrue();
        assertThat(mlsGrid.isDeleted(record("{\"MlgCanView\":true,\"StandardStatus\":\"Active\"}"))).isFalse();
        assertThat(mlsGrid.isDeleted(record("{\"StandardStatus\":\"Closed\"}"))).isFalse();
        assertThat(shape(Provider.RESO, "Property").isDeleted(record("{\"MlgCanView\":false}"))).isFalse();
    }

    @Test
    void mlsgrid_without_originating_system_should_fail_fast() {
        var feed = Feeds.feed(Provider.MLSGRID, BASE, AuthConfig.bearer("t"), null, ProfileOverrides.none());
        assertThatThrownBy(() -> Feeds.source(feed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("originatingSystem");
    }

    @Test
    void presets_should_match_provider_caps() {
        assertThat(ProviderProfile.of(Provider.MLSGRID, null).maxPageSize("Property")).isEqualTo(1000);
        assertThat(ProviderProfile.of(Provider.MLSGRID, null).maxPageSize("Member")).isEqualTo(5000);
        assertThat(ProviderProfile.of(Provider.BRIDGE, null).maxPageSize("Property")).isEqualTo(2000);
        assertThat(ProviderProfile.of(Provider.BRIDGE, null).maxPageSize("Member")).isEqualTo(200);
        assertThat(ProviderProfile.of(Provider.AMPRE, null).mediaBatchSize()).isEqualTo(100);
        assertThat(ProviderProfile.of(Provider.AMPRE, null).fetchesMediaSeparately("Property")).isTrue();
        assertThat(ProviderProfile.of(Provider.SPARK, null).overlapSeconds()).isEqualTo(1200);
        assertThat(ProviderProfile.of(Provider.TRESTLE, null).keysetPaging()).isTrue();
        assertThat(ProviderProfile.of(Provider.MLSGRID, null).keysetPaging()).isFalse();
    }
}
