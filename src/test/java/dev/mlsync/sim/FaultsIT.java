package dev.mlsync.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsIT {
    private static final String PAGE = "/odata/Property?$top=10";

    private static Simulator start(SimFaults faults) {
        return Simulator.start(SimOptions.of(20).withFaults(faults));
    }

    private static Simulator always(SimFaults.Kind kind) {
        return start(SimFaults.none().with(kind, 1.0).withSlowMillis(1_500));
    }

    private static String mediaPath(Simulator sim) {
        return "/media/" + sim.truth("Media").get(0).key() + ".jpg";
    }

    @Test
    void each_5xx_fault_answers_its_status_with_a_json_error_and_is_counted() {
        for (SimFaults.Kind kind : List.of(SimFaults.Kind.HTTP_500, SimFaults.Kind.HTTP_502, SimFaults.Kind.HTTP_503,
                SimFaults.Kind.HTTP_504)) {
            try (Simulator sim = always(kind)) {
                SimClient.Response r = new SimClient(sim).get(PAGE);
                assertThat(r.status()).isEqualTo(kind.status());
                assertThat(r.json().at("/error/code").asText()).isEqualTo(String.valueOf(kind.status()));
                assertThat(new SimClient(sim).get(mediaPath(sim)).status()).isEqualTo(kind.status());
                assertThat(sim.faultCounts()).isEqualTo(Map.of(kind, 2L));
            }
        }
    }

    @Test
    void reset_closes_the_connection_without_a_response() {
        try (Simulator sim = always(SimFaults.Kind.RESET)) {
            assertThatThrownBy(() -> new SimClient(sim).get(PAGE)).isInstanceOf(UncheckedIOException.class);
            assertThat(sim.faultCounts().get(SimFaults.Kind.RESET)).isPositive();
            assertThat(sim.requests()).extracting(RequestLogEntry::status).containsOnly(0);
        }
    }

    @Test
    void slow_response_outlasts_a_client_timeout() throws Exception {
        try (Simulator sim = always(SimFaults.Kind.SLOW)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + PAGE))
                    .header("Authorization", "Bearer test").timeout(Duration.ofMillis(200)).build();
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
            assertThat(sim.faultCounts()).containsEntry(SimFaults.Kind.SLOW, 1L);
        }
    }

    @Test
    void truncated_body_announces_the_full_length_and_stops_halfway() {
        try (Simulator sim = always(SimFaults.Kind.TRUNCATED)) {
            assertThatThrownBy(() -> new SimClient(sim).get(PAGE)).isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> new SimClient(sim).gzip(false).get(mediaPath(sim)))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat(sim.faultCounts().get(SimFaults.Kind.TRUNCATED)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void malformed_fault_breaks_one_record_of_a_page() {
        try (Simulator sim = always(SimFaults.Kind.MALFORMED)) {
            SimClient.Response r = new SimClient(sim).get(PAGE);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"ListPrice\":,");
            assertThatThrownBy(() -> SimClient.JSON.readTree(r.body())).isInstanceOf(JsonProcessingException.class);
            assertThat(new SimClient(sim).get(mediaPath(sim)).status()).as("no malformed media").isEqualTo(200);
            assertThat(sim.faultCounts()).isEqualTo(Map.of(SimFaults.Kind.MALFORMED, 1L));
        }
    }

    @Test
    void html_fault_is_an_error_page_with_status_200() {
        try (Simulator sim = always(SimFaults.Kind.HTML)) {
            SimClient.Response r = new SimClient(sim).get(PAGE);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(r.body()).startsWith("<!DOCTYPE html>");
            assertThat(sim.faultCounts()).isEqualTo(Map.of(SimFaults.Kind.HTML, 1L));
        }
    }

    @Test
    void media_faults_expire_lose_or_corrupt_the_photo() {
        byte[] clean;
        try (Simulator sim = start(SimFaults.none())) {
            clean = new SimClient(sim).get(mediaPath(sim)).bytes();
        }
        try (Simulator sim = always(SimFaults.Kind.EXPIRED_MEDIA)) {
            SimClient.Response r = new SimClient(sim).get(mediaPath(sim));
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("Request has expired");
            assertThat(new SimClient(sim).get(PAGE).status()).as("data requests are unaffected").isEqualTo(200);
            assertThat(sim.faultCounts()).isEqualTo(Map.of(SimFaults.Kind.EXPIRED_MEDIA, 1L));
        }
        try (Simulator sim = always(SimFaults.Kind.MISSING_MEDIA)) {
            assertThat(new SimClient(sim).get(mediaPath(sim)).status()).isEqualTo(404);
            assertThat(sim.faultCounts()).isEqualTo(Map.of(SimFaults.Kind.MISSING_MEDIA, 1L));
        }
        try (Simulator sim = always(SimFaults.Kind.CORRUPT_JPEG)) {
            SimClient.Response r = new SimClient(sim).get(mediaPath(sim));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(r.bytes()).isNotEqualTo(clean).hasSize(clean.length - 2);
            assertThat(Arrays.copyOf(r.bytes(), 2)).isEqualTo(Arrays.copyOf(clean, 2));
            assertThat(sim.faultCounts()).isEqualTo(Map.of(SimFaults.Kind.CORRUPT_JPEG, 1L));
        }
    }

    private static List<String> outcomes(long seed, SimFaults faults) {
        List<String> outcomes = new ArrayList<>();
        try (Simulator sim = Simulator.start(SimOptions.of(20).withSeed(seed).withFaults(faults))) {
            SimClient client = new SimClient(sim);
            for (int i = 0; i < 30; i++) {
                SimClient.Response r = client.get(i % 2 == 0 ? PAGE : "/odata/Member?$top=3");
                outcomes.add(r.status() + " " + r.headers().firstValue("Content-Type").orElse("") + " " 
                        + r.body().replace("127.0.0.1:" + sim.port(), "HOST").hashCode());
            }
            outcomes.add(sim.faultCounts().toString());
        }
        return outcomes;
    }

    @Test
    void the_same_seed_and_request_sequence_meet_the_same_faults() {
        SimFaults faults = SimFaults.parse("http5xx=0.2,html=0.1,malformed=0.1");
        List<String> first = outcomes(7, faults);
        assertThat(outcomes(7, faults)).isEqualTo(first);
        assertThat(outcomes(8, faults)).isNotEqualTo(first);
        assertThat(first.get(first.size() - 1)).contains("MALFORMED", "HTML");
    }

    @Test
    void named_default_profile_spreads_5xx_and_adds_429s_resets_slow_responses_truncation_and_malformed_records() {
        SimFaults faults = SimFaults.named("default");
        assertThat(faults.probabilities()).isEqualTo(Map.of(SimFaults.Kind.HTTP_500, 0.01, SimFaults.Kind.HTTP_502,
                0.01, SimFaults.Kind.HTTP_503, 0.01, SimFaults.Kind.HTTP_504, 0.01, SimFaults.Kind.THROTTLED, 0.01,
                SimFaults.Kind.RESET, 0.01, SimFaults.Kind.SLOW, 0.01, SimFaults.Kind.TRUNCATED, 0.01,
                SimFaults.Kind.MALFORMED, 0.005));
        assertThat(faults.slowMillis()).isEqualTo(2000);
        assertThat(SimFaults.parse("default")).isEqualTo(faults);
        assertThat(SimFaults.parse("http500=0.05,slowMillis=200,slow=0.5").slowMillis()).isEqualTo(200);
        assertThatThrownBy(() -> SimFaults.parse("http500=2")).hasMessageContaining("faults.http500 must be in [0, 1]");
        assertThatThrownBy(() -> SimFaults.parse("nope=0.1")).hasMessageContaining("unknown faults key 'nope'");
    }

    private static List<String> bodies(SimOptions options) {
        List<String> bodies = new ArrayList<>();
        try (Simulator sim = Simulator.start(options)) {
            SimClient client = new SimClient(sim);
            for (String path : List.of(PAGE, "/odata/Property?$top=5&$expand=Media", "/odata/Member?$top=3",
                    "/odata/$metadata", mediaPath(sim), "/odata/Nope")) {
                SimClient.Response r = client.get(path);
                bodies.add(r.status() + " " + r.headers().map().keySet().stream().filter(h -> !h.equals("date")).toList()
                        + " " + r.body().replace("127.0.0.1:" + sim.port(), "HOST"));
            }
        }
        return bodies;
    }

    @Test
    void explicit_none_limits_and_faults_are_the_defaults_and_serve_identical_bytes() {
        SimOptions explicit = SimOptions.of(20).withLimits(SimLimits.none()).withFaults(SimFaults.none())
                .withSuspension(SimOptions.DEFAULT_SUSPENSION);
        assertThat(explicit).isEqualTo(SimOptions.of(20));
        assertThat(new SimOptions(20, SimOptions.DEFAULT_SEED, 0, null, SimProfile.RESO, true)).isEqualTo(explicit);
        assertThat(bodies(explicit.withLimits(SimLimits.parse("perSecond=1000")))).isEqualTo(bodies(SimOptions.of(20)));
    }

    @Test
    void faults_and_limits_stack_the_429_first() throws IOException {
        try (Simulator sim = Simulator.start(SimOptions.of(20).withLimits(SimLimits.parse("perMinute=1"))
                .withFaults(SimFaults.none().with(SimFaults.Kind.HTTP_503, 1.0)))) {
            SimClient client = new SimClient(sim);
            assertThat(client.get(PAGE).status()).isEqualTo(503);
            assertThat(client.get(PAGE).status()).isEqualTo(429);
            assertThat(sim.faultCounts()).isEqualTo(Map.of(SimFaults.Kind.HTTP_503, 1L));
        }
    }
}
