package dev.mlsync.source.rets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parts as GetObject answers carry them, whole, cut short and mislabelled. */
class MultipartReaderTest {
    private static MultipartReader reader(String body) {
        return new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), "b");
    }

    private static String read(MultipartReader.Part part) throws IOException {
        return new String(part.body().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void parts_should_come_whole_with_their_headers() throws IOException {
        MultipartReader reader = reader("--b\r\nContent-ID: 1\r\nContent-Length: 5\r\n\r\nhello\r\n"
                + "--b\r\nContent-ID: 2\r\n\r\nworld\r\n--b--\r\n");

        MultipartReader.Part first = reader.next();
        assertThat(first.header("Content-ID")).isEqualTo("1");
        assertThat(read(first)).isEqualTo("hello");
        MultipartReader.Part second = reader.next();
        assertThat(read(second)).isEqualTo("world");
        assertThat(reader.next()).isNull();
    }

    @Test
    void a_part_cut_short_by_the_end_of_the_body_should_fail_naming_its_bytes() throws IOException {
        MultipartReader reader = reader("--b\r\nContent-ID: 1\r\nContent-Length: 10\r\n\r\nhello");

        MultipartReader.Part part = reader.next();

        assertThatThrownBy(() -> read(part)).isInstanceOf(IOException.class)
                .hasMessageContaining("after 5 of its 10 bytes").hasMessageContaining("cut short");
    }

    @Test
    void a_part_whose_bytes_differ_from_its_content_length_should_fail() throws IOException {
        MultipartReader reader = reader("--b\r\nContent-Length: 3\r\n\r\nhello\r\n--b--\r\n");

        MultipartReader.Part part = reader.next();

        assertThatThrownBy(() -> read(part)).isInstanceOf(IOException.class)
                .hasMessageContaining("declared Content-Length 3 but held 5 bytes");
    }

    @Test
    void a_body_without_its_closing_boundary_should_still_give_its_undeclared_last_part() throws IOException {
        MultipartReader reader = reader("--b\r\nContent-ID: 1\r\n\r\nhello");

        assertThat(read(reader.next())).isEqualTo("hello");
        assertThat(reader.next()).isNull();
    }
}
