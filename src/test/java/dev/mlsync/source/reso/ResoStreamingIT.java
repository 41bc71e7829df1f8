package dev.mlsync.source.reso;

import static dev.mlsync.source.reso.Feeds.feed;
import static dev.mlsync.source.reso.Feeds.initial;
import static dev.mlsync.source.reso.Feeds.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlsync.config.Provider;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.RawRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResoStreamingIT {
    private static final int RECORDS = 5000;
    private static final String REMARKS = "x".repeat(2000);

    private ODataFixture server;
    private final CountDownLatch resume = new CountDownLatch(1);
    private final CountDownLatch serverDone = new CountDownLatch(1);
    private final AtomicReference<Throwable> serverFailure = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = new ODataFixture();
        server.on("/api/Property", (exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"@odata.context\":\"x\",\"value\":[".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < RECORDS; i++) {
                    if (i == 10) {
                        out.flush();
                        resume.await(10, TimeUnit.SECONDS);
                    }
                    out.write(record(i).getBytes(StandardCharsets.UTF_8));
                }
                out.write("],\"@odata.nextLink\":\"Property?$skiptoken=end\"}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException | InterruptedException e) {
                serverFailure.set(e);
            } finally {
                serverDone.countDown();
            }
        });
    }

    @AfterEach
    void stop() {
        resume.countDown();
        server.close();
    }

    private static String record(int i) {
        return (i == 0 ? "" : ",") + "{\"ListingKey\":\"L" + i + "\",\"ModificationTimestamp\":\"2026-01-01T00:00:00Z\","
                + "\"PublicRemarks\":\"" + REMARKS + "\",\"Media\":[{\"MediaKey\":\"M" + i + "\",\"Order\":0}]}";
    }

    @Test
    void first_records_of_a_5000_record_page_arrive_while_the_server_is_still_writing() {
        PageReader page = source(feed(Provider.SPARK, server.baseUrl())).openPage(initial("Property", RECORDS));
        try (page) {
            RawRecord first = assertTimeoutPreemptively(Duration.ofSeconds(5), page::next);
            assertThat(first.json().get("ListingKey").asText()).isEqualTo("L0");
            assertThat(serverDone.getCount()).as("server still writing").isEqualTo(1);

            resume.countDown();
            int count = 1;
            while (page.hasNext()) {
                RawRecord record = page.next();
                assertThat(record.position()).isEqualTo(count);
                count++;
            }
            assertThat(count).isEqualTo(RECORDS);
            assertThat(page.nextLink()).isEqualTo("Property?$skiptoken=end");
            assertThat(page.bytesRead()).isGreaterThan(RECORDS * 2000L);
        }
    }

    @Test
    void closing_mid_page_should_drop_the_response_stream() throws Exception {
        PageReader page = source(feed(Provider.SPARK, server.baseUrl())).openPage(initial("Property", RECORDS));
        assertThat(page.next().position()).isZero();

        page.close();
        resume.countDown();

        assertThat(page.hasNext()).isFalse();
        assertThat(serverDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(serverFailure.get()).as("server could not finish writing to a closed connection").isInstanceOf(IOException.class);
    }
}
