package dev.mlsync.sim;

import dev.mlsync.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsIT {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00.250Z");

    private final SettableClock clock = new SettableClock(T0);

    private Simulator start(SimProfile profile, SimLimits limits) {
        return Simulator.start(SimOptions.of(20).withProfile(profile).withLimits(limits).withClock(clock)
                .withSuspension(Duration.ofMinutes(10)));
    }

    private static String mlsgridQuery(Simulator sim) {
        return "/odata/Property?$top=1&$filter=" + SimClient.enc("OriginatingSystemName eq '" + sim.originatingSystem() + "'");
    }

    private static List<Integer> statuses(SimClient client, String path, int n) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(client.get(path).status());
        }
        return statuses;
    }

    @Test
    void burst_over_per_second_gets_429_with_retry_after_until_the_next_second() {
        SimLimits limits = SimLimits.parse("perSecond=3");
        try (Simulator sim = start(SimProfile.RESO, limits)) {
            SimClient client = new SimClient(sim);
            assertThat(statuses(client, "/odata/Property?$top=1", 3)).containsOnly(200);
            SimClient.Response refused = client.get("/odata/Property?$top=1");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.json().at("/error/message").asText()).contains("perSecond");
            assertThat(client.bearer("other").get("/odata/Property?$top=1").status())
                    .as("another credential has its own quota").isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            assertThat(client.bearer("test").get("/odata/Property?$top=1").status()).isEqualTo(200);
            assertThat(sim.windowsExceeded(limits)).singleElement().satisfies(b -> {
                assertThat(b.limit()).isEqualTo("perSecond");
                assertThat(b.used()).isEqualTo(4);
                assertThat(b.limitValue()).isEqualTo(3);
                assertThat(b.windowStart()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
            });
        }
    }

    @Test
    void mlsgrid_breach_suspends_the_token_for_the_suspension_and_then_serves_again() {
        try (Simulator sim = start(SimProfile.MLSGRID, SimLimits.ofProfile(SimProfile.MLSGRID))) {
            SimClient client = new SimClient(sim);
            String query = mlsgridQuery(sim);
            assertThat(statuses(client, query, 3)).containsExactly(200, 200, 429);
            clock.advance(Duration.ofSeconds(1));
            SimClient.Response suspended = client.get(query);
            assertThat(suspended.status()).isEqualTo(429);
            assertThat(suspended.headers().firstValue("Retry-After")).as("MLS Grid sends no Retry-After").isEmpty();
            assertThat(suspended.json().at("/error/message").asText()).contains("suspended until");
            clock.advance(Duration.ofMinutes(9));
            assertThat(client.get(query).status()).isEqualTo(429);
            assertThat(client.bearer("someone-else").get(query).status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(1));
            assertThat(statuses(client.bearer("test"), query, 2)).containsOnly(200);
            assertThat(sim.suspensions()).singleElement().satisfies(s -> {
                assertThat(s.limit()).isEqualTo("perSecond");
                assertThat(s.from()).isEqualTo(T0);
                assertThat(s.until()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
                assertThat(s.credential()).isEqualTo(sim.requests().get(0).credential()).hasSize(8);
            });
        }
    }

    @Test
    void mlsgrid_bytes_per_hour_are_counted_and_the_next_request_is_refused() {
        SimLimits limits = SimLimits.ofProfile(SimProfile.MLSGRID).overriddenBy("bytesPerHour=500");
        try (Simulator sim = start(SimProfile.MLSGRID, limits)) {
            SimClient client = new SimClient(sim);
            String query = mlsgridQuery(sim).replace("$top=1", "$top=5");
            assertThat(client.get(query).status()).isEqualTo(200);
            assertThat(client.get(query).status()).isEqualTo(429);
            assertThat(sim.suspensions()).extracting(Suspension::limit).containsExactly("bytesPerHour");
            assertThat(sim.windowsExceeded(limits)).extracting(RequestLogCheck.Breach::limit).contains("bytesPerHour");
        }
    }

    @Test
    void trestle_quota_headers_count_down_per_client_and_media_has_its_own_quota() {
        SimLimits limits = SimLimits.ofProfile(SimProfile.TRESTLE).overriddenBy("perMinute=3,mediaPerMinute=1");
        try (Simulator sim = start(SimProfile.TRESTLE, limits)) {
            SimClient client = new SimClient(sim).bearer(token(sim, "client-a"));
            List<String> available = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SimClient.Response r = client.get("/odata/Property?$top=1&$expand=Media");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().firstValue("Minute-Quota-Limit")).hasValue("3");
                assertThat(r.headers().firstValue("Hour-Quota-Limit")).hasValue("7200");
                available.add(r.headers().firstValue("Minute-Quota-Available").orElseThrow()
                        + "/" + r.headers().firstValue("Hour-Quota-Available").orElseThrow());
            }
            assertThat(available).containsExactly("2/7199", "1/7198", "0/7197");
            SimClient.Response refused = client.bearer(token(sim, "client-a")).get("/odata/Property?$top=1");
            assertThat(refused.status()).as("a new token of the same client shares the quota").isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
            assertThat(new SimClient(sim).bearer(token(sim, "client-b")).get("/odata/Property?$top=1").status())
                    .isEqualTo(200);

            String url = sim.truth("Media").get(0).key();
            SimClient.Response media = client.get("/media/" + url + ".jpg");
            assertThat(media.status()).isEqualTo(200);
            assertThat(media.headers().firstValue("Hour-Quota-Limit")).hasValue("18000");
            assertThat(media.headers().firstValue("Minute-Quota-Available")).hasValue("0");
            assertThat(client.get("/media/" + url + ".jpg").status()).isEqualTo(429);
        }
    }

    private static String token(Simulator sim, String clientId) {
        return new SimClient(sim).post(sim.tokenUrl().toString(),
                "grant_type=client_credentials&scope=api&client_id=" + clientId + "&client_secret=s")
                .json().get("access_token").asText();
    }

    @Test
    void bridge_headers_count_down_with_reset_and_retry_after_on_429() {
        try (Simulator sim = start(SimProfile.BRIDGE, SimLimits.ofProfile(SimProfile.BRIDGE).overriddenBy("perMinute=2"))) {
            SimClient client = new SimClient(sim);
            SimClient.Response first = client.get("/odata/Property?$top=1");
            SimClient.Response second = client.get("/odata/Property?$top=1");
            assertThat(first.headers().firstValue("Application-RateLimit-Limit")).hasValue("5000");
            assertThat(first.headers().firstValue("Application-RateLimit-Remaining")).hasValue("4999");
            assertThat(second.headers().firstValue("Application-RateLimit-Remaining")).hasValue("4998");
            assertThat(first.headers().firstValue("Burst-RateLimit-Limit")).hasValue("2");
            assertThat(first.headers().firstValue("Burst-RateLimit-Remaining")).hasValue("1");
            assertThat(second.headers().firstValue("Burst-RateLimit-Remaining")).hasValue("0");
            assertThat(first.headers().firstValue("Burst-RateLimit-Reset"))
                    .hasValue(String.valueOf(Instant.parse("2026-05-01T10:01:00Z").getEpochSecond()));
            assertThat(first.headers().firstValue("Application-RateLimit-Reset"))
                    .hasValue(String.valueOf(Instant.parse("2026-05-01T11:00:00Z").getEpochSecond()));
            clock.advance(Duration.ofSeconds(30));
            SimClient.Response refused = client.get("/odata/Property?$top=1");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            clock.advance(Duration.ofSeconds(30));
            assertThat(client.get("/odata/Property?$top=1").headers().firstValue("Burst-RateLimit-Remaining")).hasValue("1");
        }
    }

    @Test
    void hidden_limit_throttles_below_what_the_headers_advertise() {
        SimLimits limits = SimLimits.ofProfile(SimProfile.BRIDGE).overriddenBy("perMinute=10").withHidden(0.5);
        try (Simulator sim = start(SimProfile.BRIDGE, limits)) {
            SimClient client = new SimClient(sim);
            assertThat(statuses(client, "/odata/Property?$top=1", 5)).containsOnly(200);
            SimClient.Response refused = client.get("/odata/Property?$top=1");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Burst-RateLimit-Limit")).hasValue("10");
            assertThat(refused.headers().firstValue("Burst-RateLimit-Remaining")).hasValue("5");
        }
        try (Simulator sim = start(SimProfile.RESO, SimLimits.parse("perSecond=10,hiddenPerSecond=2"))) {
            assertThat(statuses(new SimClient(sim), "/odata/Property?$top=1", 3)).containsExactly(200, 200, 429);
        }
    }

    @Test
    void log_check_passes_a_sequence_that_stays_within_every_window() {
        SimLimits limits = SimLimits.parse("perSecond=2,perMinute=6");
        try (Simulator sim = start(SimProfile.RESO, limits)) {
            SimClient client = new SimClient(sim);
            for (int second = 0; second < 3; second++) {
                assertThat(statuses(client, "/odata/Property?$top=1", 2)).containsOnly(200);
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(sim.windowsExceeded(limits)).isEmpty();
            assertThat(client.get("/odata/Property?$top=1").status()).isEqualTo(429);
            assertThat(sim.windowsExceeded(limits)).extracting(RequestLogCheck.Breach::limit).containsExactly("perMinute");
        }
    }

    @Test
    void without_limits_no_quota_headers_and_nothing_is_refused() {
        try (Simulator sim = Simulator.start(SimOptions.of(20).withProfile(SimProfile.BRIDGE))) {
            SimClient client = new SimClient(sim);
            List<SimClient.Response> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                responses.add(client.get("/odata/Property?$top=1"));
            }
            assertThat(responses).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().contains("ratelimit")
                        || h.toLowerCase().contains("quota") || h.equalsIgnoreCase("retry-after"));
            });
            assertThat(sim.suspensions()).isEmpty();
            assertThat(sim.faultCounts()).isEmpty();
            assertThat(sim.requests()).extracting(RequestLogEntry::credential).containsOnly(sim.requests().get(0).credential());
        }
    }
}
