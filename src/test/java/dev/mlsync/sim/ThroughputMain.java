package dev.mlsync.sim;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

/**
 * Manual benchmark, not a test: {@code java -cp … dev.mlsync.sim.ThroughputMain [listings]} pages through all
 * listings with $expand=Media, $top=1000 and gzip on one client and prints the rate.
 */
final class ThroughputMain {
    private ThroughputMain() {
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void time(HttpClient http, String url, String what) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        System.out.printf("%s: HTTP %d, %d bytes gzip, %d ms%n", what, r.statusCode(), r.body().length,
                (System.nanoTime() - t0) / 1_000_000);
    }

    public static void main(String[] args) throws Exception {
        int listings = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long t0 = System.nanoTime();
        try (Simulator sim = Simulator.start(SimOptions.of(listings))) {
            long t1 = System.nanoTime();
            System.out.printf("startup %d ms for %d listings%n", (t1 - t0) / 1_000_000, listings);
            HttpClient http = HttpClient.newHttpClient();
            String next = sim.serviceRoot() + "Property?$expand=Media&$top=1000";
            long records = 0;
            long bytes = 0;
            long inflated = 0;
            while (next != null) {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(next))
                        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
                byte[] body = new GZIPInputStream(r.body()).readAllBytes();
                inflated += body.length;
                String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                int at = text.lastIndexOf("\"@odata.nextLink\":\"");
                next = at < 0 ? null : text.substring(at + 19, text.indexOf('"', at + 19));
                records += 1000;
            }
            long t2 = System.nanoTime();
            for (RequestLogEntry e : sim.requests()) {
                bytes += e.bytes();
            }
            double seconds = (t2 - t1) / 1e9;
            System.out.printf("paged %d listings in %.2f s = %.0f listings/s; %d MB gzip, %d MB json%n",
                    listings, seconds, listings / seconds, bytes >> 20, inflated >> 20);
            time(http, sim.serviceRoot() + "Media?$top=1000", "first Media page (builds the 2M-row view)");
            time(http, sim.serviceRoot() + "Media?$top=1000&$skip=5000", "second Media page");
            StringBuilder keys = new StringBuilder();
            for (int i = 1; i <= 100; i++) {
                keys.append(i > 1 ? "," : "").append("'SIM").append(1_000_000 + i * 7).append("'");
            }
            time(http, sim.serviceRoot() + "Media?$top=5000&$filter=" + enc("ResourceRecordKey in (" + keys + ")"),
                    "Media for 100 listings");
            sim.advance(java.time.Duration.ofHours(1));
            time(http, sim.serviceRoot() + "Property?$top=1000&$expand=Media&$filter="
                    + enc("ModificationTimestamp gt 2025-12-31T23:00:00Z"), "incremental page after advance");
        }
    }
}
