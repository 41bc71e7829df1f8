package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlsync.config.BindAddress;
import dev.mlsync.config.ConfigException;
import dev.mlsync.config.ConfigLoader;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code server:} section and the rule that a public address needs an admin token. */
class BindAddressTest {
    @Test
    void addresses_should_parse_and_know_whether_only_this_machine_reaches_them() {
        assertThat(BindAddress.parse("127.0.0.1:8080")).isEqualTo(new BindAddress("127.0.0.1", 8080));
        assertThat(BindAddress.parse("[::1]:9000").loopback()).isTrue();
        assertThat(BindAddress.parse("localhost:1").loopback()).isTrue();
        assertThat(BindAddress.parse("127.3.2.1:1").loopback()).isTrue();
        assertThat(BindAddress.parse("0.0.0.0:8080").loopback()).isFalse();
        assertThat(BindAddress.parse("[::]:8080").loopback()).isFalse();
        assertThat(BindAddress.parse("mlsync.internal:8080").loopback()).isFalse();
        assertThatThrownBy(() -> BindAddress.parse("8080")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> BindAddress.parse("x:99999")).hasMessageContaining("0..65535");
    }

    @Test
    void the_server_section_should_bind_with_defaults_and_take_the_token_from_the_environment() {
        MlsyncConfig none = ConfigLoader.parse("", "mlsync.yml", Map.of());
        assertThat(none.server().bind()).isEqualTo(BindAddress.DEFAULT);
        assertThat(none.server().hasAdminToken()).isFalse();
        assertThat(none.server().openHealth()).isTrue();
        MlsyncConfig env = ConfigLoader.parse("server:\n  bind: 0.0.0.0:9090\n  openMetrics: false\n", "mlsync.yml",
                Map.of("MLSYNC_ADMIN_TOKEN", "from-env"));
        assertThat(env.server().adminToken()).isEqualTo("from-env");
        assertThat(env.server().openMetrics()).isFalse();
        assertThat(env.server().toString()).doesNotContain("from-env");
        MlsyncConfig alerts = ConfigLoader.parse("server:\n  alerts:\n    webhooks: [\"https://hooks.example/T0/s3cret\"]\n"
                + "    longRunMinutes: 5\n", "mlsync.yml", Map.of());
        assertThat(alerts.server().alerts().webhooks()).hasSize(1);
        assertThat(alerts.server().alerts().longRunMinutes()).isEqualTo(5);
        assertThat(alerts.server().toString()).doesNotContain("s3cret");
    }

    @Test
    void problems_in_the_server_section_should_name_their_exact_path() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                server:
                  bind: 0.0.0.0:8080
                  jobsPerMinute: 0
                  openHealth: maybe
                  adminTokn: x
                  alerts:
                    errorRatePercent: 500
                    webhooks: ["ftp://nope"]
                """, "mlsync.yml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.bind: 0.0.0.0:8080 is reachable from other machines")
                .hasMessageContaining("server.jobsPerMinute: must be > 0, was 0")
                .hasMessageContaining("server.openHealth: expected true or false")
                .hasMessageContaining("server.adminTokn: unknown key; did you mean adminToken?")
                .hasMessageContaining("server.alerts.errorRatePercent: must be > 0 and <= 100")
                .hasMessageContaining("server.alerts.webhooks[0]: must be an http:// or https:// URL");
    }

    @Test
    void a_public_address_without_a_token_should_be_refused_before_anything_starts() {
        assertThatThrownBy(() -> AdminServer.requireTokenOffLoopback(
                ServerConfig.ofDefaults().withBind(BindAddress.parse("0.0.0.0:8080"))))
                .isInstanceOf(ServerRefusedException.class).hasMessageContaining("MLSYNC_ADMIN_TOKEN");
        AdminServer.requireTokenOffLoopback(ServerConfig.ofDefaults().withBind(BindAddress.parse("0.0.0.0:8080"))
                .withAdminToken("t"));
    }
}
