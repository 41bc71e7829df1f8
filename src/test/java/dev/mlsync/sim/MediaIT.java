package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

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
}
