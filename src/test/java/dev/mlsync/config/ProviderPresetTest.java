package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProviderPresetTest {

    @Test
    void every_provider_should_have_a_preset_whose_default_page_size_it_accepts() {
        for (Provider provider : Provider.values()) {
            ProviderPreset preset = ProviderPreset.of(provider);
            assertThat(preset.provider()).isEqualTo(provider);
            assertThat(preset.defaultPageSize()).isBetween(1, preset.maxPageSizeWithExpand());
        }
    }

    @Test
    void mlsgrid_should_encode_published_limits() {
        ProviderPreset mlsgrid = ProviderPreset.of(Provider.MLSGRID);

        assertThat(mlsgrid).isEqualTo(new ProviderPreset(Provider.MLSGRID, 5000, 1000, true,
                2, null, 7_200, 40_000, 4_000_000_000L, null, null, 5000));
        assertThat(mlsgrid.defaultPageSize()).isEqualTo(1000);
    }

    @Test
    void trestle_and_bridge_should_encode_published_limits() {
        ProviderPreset trestle = ProviderPreset.of(Provider.TRESTLE);
        ProviderPreset bridge = ProviderPreset.of(Provider.BRIDGE);

        assertThat(trestle.perMinute()).isEqualTo(180);
        assertThat(trestle.perHour()).isEqualTo(7_200);
        assertThat(trestle.mediaPerHour()).isEqualTo(18_000);
        assertThat(trestle.mediaPerMinute()).isEqualTo(480);
        assertThat(bridge.maxPageSize()).isEqualTo(200);
        assertThat(bridge.replicationMaxPageSize()).isEqualTo(2000);
        assertThat(bridge.perHour()).isEqualTo(5_000);
        assertThat(bridge.perMinute()).isEqualTo(334);
        assertThat(bridge.defaultPageSize()).isEqualTo(200);
    }

    @Test
    void providers_without_published_limits_should_have_null_limits() {
        ProviderPreset spark = ProviderPreset.of(Provider.SPARK);

        assertThat(spark.maxPageSize()).isEqualTo(1000);
        assertThat(spark.perSecond()).isNull();
        assertThat(spark.perHour()).isNull();
        assertThat(spark.bytesPerHour()).isNull();
    }
}
