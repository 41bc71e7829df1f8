package dev.mlsync.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimLimitsTest {

    @Test
    void published_limits_follow_the_providers() {
        assertThat(SimLimits.ofProfile(SimProfile.MLSGRID)).isEqualTo(new SimLimits(SimLimits.Style.MLSGRID,
                2, 0, 7_200, 40_000, 4L << 30, 0, 0, 1.0, 0, 1));
        assertThat(SimLimits.ofProfile(SimProfile.TRESTLE)).isEqualTo(new SimLimits(SimLimits.Style.TRESTLE,
                0, 180, 7_200, 0, 0, 480, 18_000, 1.0, 0, 1));
        assertThat(SimLimits.ofProfile(SimProfile.BRIDGE)).isEqualTo(new SimLimits(SimLimits.Style.BRIDGE,
                0, 334, 5_000, 0, 0, 0, 0, 1.0, 0, 1));
        assertThat(SimLimits.ofProfile(SimProfile.RESO).isEnabled()).isFalse();
        assertThat(SimLimits.none().isEnabled()).isFalse();
    }

    @Test
    void parse_overrides_named_limits_and_keeps_the_rest() {
        SimLimits l = SimLimits.ofProfile(SimProfile.MLSGRID).overriddenBy("perSecond=20, perHour=5_000,hidden=0.5");
        assertThat(l.perSecond()).isEqualTo(20);
        assertThat(l.perHour()).isEqualTo(5_000);
        assertThat(l.perDay()).isEqualTo(40_000);
        assertThat(l.enforcedPerSecond()).isEqualTo(10);
        assertThat(SimLimits.parse("perSecond=3,style=bridge").style()).isEqualTo(SimLimits.Style.BRIDGE);
        assertThat(SimLimits.parse("perSecond=10,hiddenPerSecond=4").enforcedPerSecond()).isEqualTo(4);
        assertThat(SimLimits.hidden(SimProfile.BRIDGE, 0.1).enforced(334)).isEqualTo(33);
    }

    @Test
    void parse_fails_fast_with_the_key_and_reason() {
        assertThatThrownBy(() -> SimLimits.parse("perSecond=-1")).hasMessage("limits.perSecond must be >= 0, was -1");
        assertThatThrownBy(() -> SimLimits.parse("perSecond=x")).hasMessageContaining("limits.perSecond must be a whole number");
        assertThatThrownBy(() -> SimLimits.parse("hidden=0")).hasMessageContaining("limits.hidden must be in (0, 1]");
        assertThatThrownBy(() -> SimLimits.parse("perWeek=1")).hasMessageContaining("unknown limits key 'perWeek'");
        assertThatThrownBy(() -> SimLimits.parse("perSecond")).hasMessageContaining("must be key=value");
    }
}
