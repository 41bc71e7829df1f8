package dev.mlsync.sim;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetsObjectsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One part of a multipart/parallel body: its headers and bytes. */
    record Part(Map<String, String> headers, byte[] body) {
    }

    private static Simulator start(SimFaults faults) {
        return Simulator.start(SimOptions.of(200).withProfile(SimProfile.RETS).withFaults(faults));
    }

    private static RetsTestClient loggedIn(Simulator sim) {
        RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
        assertThat(client.login("simuser", "simpass").status()).isEqualTo(200);
        return client;
    }

    private static TruthRecord withPhotos(Simulator sim, int atLeast) {
        return sim.truth("Property").stream().filter(t -> !t.deleted() && t.mediaKeys().size() >= atLeast)
                .findFirst().orElseThrow();
    }

    private static byte[] media(Simulator sim, String url) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A minimal multipart parser: splits on the boundary and reads each part's headers and Content-Length bytes. */
    static List<Part> parts(RetsTestClient.Response r) {
        String type = r.header("Content-Type");
        assertThat(type).startsWith("multipart/parallel; boundary=");
        String boundary = type.substring(type.indexOf("boundary=") + 9).replace("\"", "");
        byte[] body = r.bytes();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = text.indexOf("--" + boundary + "\r\n");
        while (at >= 0) {
            int headersStart = at + boundary.length() + 4;
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (String line : text.substring(headersStart, headersEnd).split("\r\n")) {
                headers.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
            }
            int length = Integer.parseInt(headers.get("Content-Length"));
            byte[] bytes = java.util.Arrays.copyOfRange(body, headersEnd + 4, headersEnd + 4 + length);
            parts.add(new Part(headers, bytes));
            at = text.indexOf("--" + boundary + "\r\n", headersEnd + 4 + length);
        }
        assertThat(text).endsWith("--" + boundary + "--\r\n");
        return parts;
    }

    @Test
    void all_photos_should_come_as_multipart_parts_with_the_bytes_the_media_urls_serve() throws Exception {
        try (Simulator sim = start(SimFaults.none())) {
            TruthRecord listing = withPhotos(sim, 3);
            RetsTestClient.Response r = loggedIn(sim).call("GetObject", "Resource", "Property", "Type", "Photo", "ID",
                    listing.key() + ":*");
            List<Part> parts = parts(r);

            assertThat(parts).hasSize(listing.mediaKeys().size());
            for (int i = 0; i < parts.size(); i++) {
                Part part = parts.get(i);
                assertThat(part.headers()).containsEntry("Content-Type", "image/jpeg")
                        .containsEntry("Content-ID", listing.key()).containsEntry("Object-ID", String.valueOf(i + 1));
                byte[] served = media(sim, "http://127.0.0.1:" + sim.port() + "/media/" + listing.mediaKeys().get(i) + ".jpg");
                assertThat(sha256(part.body())).isEqualTo(sha256(served));
            }
            assertThat(parts.getFirst().headers()).containsEntry("Preferred", "1");
        }
    }

    @Test
    void chosen_objects_should_include_an_xml_error_part_for_a_missing_one() throws Exception {
        try (Simulator sim = start(SimFaults.none())) {
            TruthRecord listing = withPhotos(sim, 3);
            List<Part> parts = parts(loggedIn(sim).call("GetObject", "Resource", "Property", "Type", "Photo", "ID",
                    listing.key() + ":1:3:99"));

            assertThat(parts).extracting(p -> p.headers().get("Object-ID")).containsExactly("1", "3", "99");
            assertThat(parts.get(2).headers()).containsEntry("Content-Type", "text/xml");
            assertThat(new String(parts.get(2).body(), StandardCharsets.US_ASCII)).contains("ReplyCode=\"20403\"");
            assertThat(sha256(parts.get(1).body())).isEqualTo(sha256(media(sim, "http://127.0.0.1:" + sim.port()
                    + "/media/" + listing.mediaKeys().get(2) + ".jpg")));
        }
    }

    @Test
    void one_object_should_come_single_part_and_a_missing_one_as_a_rets_error() throws Exception {
        try (Simulator sim = start(SimFaults.none())) {
            TruthRecord listing = withPhotos(sim, 2);
            RetsTestClient client = loggedIn(sim);
            RetsTestClient.Response one = client.call("GetObject", "Resource", "Property", "Type", "Photo", "ID",
                    listing.key() + ":2");
            RetsTestClient.Response none = client.call("GetObject", "Resource", "Property", "Type", "Photo", "ID",
                    "SIM9999999:*");

            assertThat(one.header("Content-Type")).isEqualTo("image/jpeg");
            assertThat(one.header("Object-ID")).isEqualTo("2");
            assertThat(one.header("Content-ID")).isEqualTo(listing.key());
            assertThat(sha256(one.bytes())).isEqualTo(sha256(media(sim, "http://127.0.0.1:" + sim.port() + "/media/"
                    + listing.mediaKeys().get(1) + ".jpg")));
            assertThat(none.header("Content-Type")).startsWith("text/xml");
            assertThat(none.replyCode()).isEqualTo(20403);
        }
    }

    @Test
    void location_1_should_point_each_part_at_the_public_media_url() throws Exception {
        try (Simulator sim = start(SimFaults.none())) {
            TruthRecord listing = withPhotos(sim, 2);
            List<Part> parts = parts(loggedIn(sim).call("GetObject", "Resource", "Property", "Type", "Photo", "ID",
                    listing.key() + ":*", "Location", "1"));

            assertThat(parts).hasSize(listing.mediaKeys().size()).allSatisfy(p -> assertThat(p.body()).isEmpty());
            for (int i = 0; i < parts.size(); i++) {
                assertThat(parts.get(i).headers().get("Location")).isEqualTo("http://127.0.0.1:" + sim.port() + "/media/"
                        + listing.mediaKeys().get(i) + ".jpg");
            }
            byte[] viaLocation = media(sim, parts.getFirst().headers().get("Location"));
            assertThat(viaLocation).isNotEmpty();
        }
    }

    @Test
    void bad_requests_should_get_getobject_reply_codes() {
        try (Simulator sim = start(SimFaults.none())) {
            RetsTestClient client = loggedIn(sim);
            assertThat(client.call("GetObject", "Resource", "Agent", "Type", "Photo", "ID", "x:*").replyCode())
                    .isEqualTo(20400);
            assertThat(client.call("GetObject", "Resource", "Property", "Type", "Video", "ID", "x:*").replyCode())
                    .isEqualTo(20401);
            assertThat(client.call("GetObject", "Resource", "Property", "Type", "Photo", "ID", "x:one").replyCode())
                    .isEqualTo(20402);
        }
    }

    @Test
    void a_missing_media_fault_should_turn_one_part_into_an_error_and_keep_the_others() {
        try (Simulator sim = start(SimFaults.none().with(SimFaults.Kind.MISSING_MEDIA, 1.0))) {
            TruthRecord listing = withPhotos(sim, 4);
            List<Part> parts = parts(loggedIn(sim).call("GetObject", "Resource", "Property", "Type", "Photo", "ID",
                    listing.key() + ":*"));

            assertThat(parts).hasSize(listing.mediaKeys().size());
            assertThat(parts).filteredOn(p -> p.headers().get("Content-Type").equals("text/xml")).hasSize(1);
        }
    }
}
