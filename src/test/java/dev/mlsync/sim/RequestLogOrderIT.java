package dev.mlsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The request log is in the order requests arrived, which is what providers count, not the order they finished. */
class RequestLogOrderIT {
    @Test
    void a_slow_request_should_stay_before_one_that_arrived_after_it_and_finished_first() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(20)
                .withFaults(SimFaults.none().with(SimFaults.Kind.SLOW, 1.0).withSlowMillis(1_500)));
             HttpClient client = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + sim.port());
            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(
                    base.resolve("/odata/Property?$top=1")).header("Authorization", "Bearer test").build(),
                    HttpResponse.BodyHandlers.ofString());
            while (sim.inFlight().isEmpty() && !slow.isDone()) {
                Thread.sleep(5);
            }
            int fast = client.send(HttpRequest.newBuilder(base.resolve("/_sim/suspensions")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(fast).isEqualTo(200);
            assertThat(slow.get().statusCode()).isEqualTo(200);

            List<RequestLogEntry> log = sim.requests();

            assertThat(log).extracting(RequestLogEntry::pathAndQuery)
                    .containsExactly("/odata/Property?$top=1", "/_sim/suspensions");
            assertThat(log).extracting(RequestLogEntry::sequence).containsExactly(1L, 2L);
            assertThat(log.get(0).received()).isBeforeOrEqualTo(log.get(1).received());
            assertThat(log.get(0).at()).as("the first to arrive finished last").isAfter(log.get(1).at());
        }
    }
}
