package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class MediaIT {

    @Test
    void media_url_returns_a_decodable_jpeg_of_the_declared_size_and_the_same_bytes_every_time() throws IOException {
        try (Simulator sim = Simulator.start(SimOptions.of(30))) {
            SimClient client = new SimClient(sim);
            JsonNode media = client.get("/odata/Property?$top=1&$expand=Media").json().at("/value/0/Media/1");
            SimClient.Response first = client.get(media.get("MediaURL").asText());
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.bytes()));
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isEqualTo(media.get("ImageWidth").asInt());
            assertThat(image.getHeight()).isEqualTo(media.get("ImageHeight").asInt());
            assertThat(client.get(media.get("MediaURL").asText()).bytes()).isEqualTo(first.bytes());
            assertThat(client.get("/media/SIM1000001-M99.jpg").status()).isEqualTo(404);
            assertThat(client.get("/media/NOPE.jpg").status()).isEqualTo(404);
        }
    }

    @Test
    void signed_media_urls_should_differ_in_every_response_and_each_be_fetched_once_an_hour_under_mls_grid()
            throws Exception {
        SimOptions options = SimOptions.of(5).withProfile(SimProfile.MLSGRID).withToken("grid-token")
                .withSignedMediaUrls(true);
        try (Simulator sim = Simulator.start(options); HttpClient http = HttpClient.newHttpClient()) {
            SimClient client = new SimClient(sim).bearer("grid-token");
            String page = "/odata/Property?$top=1&$expand=Media&$filter="
                    + SimClient.enc("OriginatingSystemName eq '" + sim.originatingSystem() + "'");
            String first = client.get(page).json().at("/value/0/Media/0/MediaURL").asText();
            String second = client.get(page).json().at("/value/0/Media/0/MediaURL").asText();
            assertThat(first).contains("?signature=").isNotEqualTo(second);

            HttpResponse<byte[]> photo = fetch(http, first);
            assertThat(photo.statusCode()).isEqualTo(200);
            assertThat(ImageIO.read(new ByteArrayInputStream(photo.body()))).isNotNull();
            // the rule counts the signed URL: a repeat is refused, the other signature of the photo is served
            assertThat(fetch(http, first).statusCode()).isEqualTo(429);
            HttpResponse<byte[]> again = fetch(http, second);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(photo.body());
        }
    }

    private static HttpResponse<byte[]> fetch(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer grid-token")
                .header("User-Agent", "grid-token").build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
