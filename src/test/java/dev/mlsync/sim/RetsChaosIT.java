package dev.mlsync.sim;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The RETS troubles a client must survive: records moving between pages, broken rows, limits. */
class RetsChaosIT {
    private static final String[] ALL_A = {"SearchType", "Property", "Class", "A", "Query",
            "(LIST_87=2000-01-01T00:00:00+)", "Select", "LIST_1,LIST_87", "Limit", "10"};

    private static RetsTestClient loggedIn(Simulator sim) {
        RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
        assertThat(client.login("simuser", "simpass").status()).isEqualTo(200);
        return client;
    }

    /** {@link #ALL_A} with some parameters replaced or added. */
    private static String[] with(String... changes) {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ALL_A.length; i += 2) {
            params.put(ALL_A[i], ALL_A[i + 1]);
        }
        for (int i = 0; i < changes.length; i += 2) {
            params.put(changes[i], changes[i + 1]);
        }
        return params.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }

    @Test
    void a_touched_listing_should_move_behind_the_page_boundary_so_offset_paging_skips_a_record() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(200).withProfile(SimProfile.RETS))) {
            RetsTestClient client = loggedIn(sim);
            List<String> before = client.search(with("Limit", "NONE")).column("LIST_1");
            List<String> first = client.search(with("Offset", "1")).column("LIST_1");

            HttpResponse<String> touched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + sim.port() + "/_sim/touch?key=" + first.get(3)))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            List<String> second = client.search(with("Offset", "11")).column("LIST_1");

            assertThat(touched.statusCode()).isEqualTo(200);
            assertThat(touched.body()).contains(first.get(3));
            assertThat(second).doesNotContain(before.get(10)).startsWith(before.get(11));
            List<String> after = client.search(with("Limit", "NONE")).column("LIST_1");
            assertThat(after.getLast()).isEqualTo(first.get(3));
            assertThat(sim.truth("Property").stream().filter(t -> t.key().equals(first.get(3))).findFirst().orElseThrow()
                    .modificationTimestamp()).isEqualTo(sim.now());
        }
    }

    @Test
    void by_key_paging_should_order_rows_by_key_and_ignoring_offset_should_repeat_the_first_page() {
        try (Simulator sim = Simulator.start(SimOptions.of(200).withProfile(SimProfile.RETS)
                .withRets(RetsOptions.defaults().withPaging(RetsOptions.Paging.BY_KEY)))) {
            List<String> keys = loggedIn(sim).search(with("Limit", "NONE")).column("LIST_1");
            assertThat(keys).isSorted();
        }
        try (Simulator sim = Simulator.start(SimOptions.of(200).withProfile(SimProfile.RETS)
                .withRets(RetsOptions.defaults().withPaging(RetsOptions.Paging.IGNORES_OFFSET)))) {
            RetsTestClient client = loggedIn(sim);
            RetsTestClient.Compact first = client.search(with("Offset", "1"));
            RetsTestClient.Compact second = client.search(with("Offset", "11"));
            assertThat(second.rows()).isEqualTo(first.rows());
            assertThat(second.maxRows()).isTrue();
        }
    }

    @Test
    void touch_should_refuse_an_unknown_listing() {
        try (Simulator sim = Simulator.start(SimOptions.of(20).withProfile(SimProfile.RETS))) {
            Instant before = sim.now();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.touch("SIM9999999"))
                    .hasMessageContaining("SIM9999999");
            assertThat(sim.now()).isEqualTo(before);
        }
    }

    @Test
    void a_malformed_fault_should_send_one_row_with_a_missing_column() {
        try (Simulator sim = Simulator.start(SimOptions.of(200).withProfile(SimProfile.RETS)
                .withFaults(SimFaults.none().with(SimFaults.Kind.MALFORMED, 1.0)))) {
            RetsTestClient.Compact page = loggedIn(sim).search(with("Select", "LIST_1,LIST_87,LIST_22"));
            List<Integer> widths = new ArrayList<>();
            page.rows().forEach(r -> widths.add(r.size()));

            assertThat(page.columns()).hasSize(3);
            assertThat(widths).filteredOn(w -> w == 2).hasSize(1);
            assertThat(widths).filteredOn(w -> w == 3).hasSize(page.rows().size() - 1);
        }
    }

    @Test
    void a_corrupted_timestamp_should_appear_in_every_row_of_that_listing_while_order_keeps_the_real_value() {
        try (Simulator sim = Simulator.start(SimOptions.of(200).withProfile(SimProfile.RETS))) {
            RetsTestClient client = loggedIn(sim);
            List<String> keys = client.search(ALL_A).column("LIST_1");
            sim.corrupt("Property", keys.get(2), "ModificationTimestamp", "\"2026-13-45T99:00:00\"");

            RetsTestClient.Compact page = client.search(ALL_A);
            assertThat(page.column("LIST_1")).isEqualTo(keys);
            assertThat(page.column("LIST_87").get(2)).isEqualTo("2026-13-45T99:00:00");
        }
    }

    @Test
    void rate_limits_should_apply_to_rets_transactions_per_user() {
        try (Simulator sim = Simulator.start(SimOptions.of(50).withProfile(SimProfile.RETS)
                .withLimits(SimLimits.parse("perHour=3")))) {
            RetsTestClient client = loggedIn(sim);
            assertThat(client.call("Search", ALL_A).status()).isEqualTo(200);
            assertThat(client.call("Search", ALL_A).status()).isEqualTo(200);
            RetsTestClient.Response refused = client.call("Search", ALL_A);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(sim.requests()).as("in arrival order: the digest challenge before the 200 it led to")
                    .extracting(RequestLogEntry::status).containsExactly(401, 200, 200, 200, 429);
        }
    }

    @Test
    void the_rets_profile_should_serve_no_odata_but_public_photos() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(20).withProfile(SimProfile.RETS).withToken("secret"))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> odata = http.send(HttpRequest.newBuilder(URI.create(sim.serviceRoot() + "Property"))
                    .header("Authorization", "Bearer secret").build(), HttpResponse.BodyHandlers.ofString());
            String mediaKey = sim.truth("Property").stream().filter(t -> !t.mediaKeys().isEmpty()).findFirst()
                    .orElseThrow().mediaKeys().getFirst();
            HttpResponse<byte[]> photo = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port()
                    + "/media/" + mediaKey + ".jpg")).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(odata.statusCode()).isEqualTo(404);
            assertThat(odata.body()).contains("/rets2_1/Login");
            assertThat(photo.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void expire_endpoint_should_end_every_session() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(20).withProfile(SimProfile.RETS))) {
            RetsTestClient client = loggedIn(sim);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + sim.port() + "/_sim/rets/expire")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("\"expired\":1");
            assertThat(client.call("Search", ALL_A).status()).isEqualTo(401);
        }
    }
}
