package dev.mlsync.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlsync.config.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemObjectStoreIT extends ObjectStoreContract {
    @TempDir
    Path sandbox;

    @Override
    ObjectStore newStore() {
        return ObjectStores.of(StorageConfig.filesystem(sandbox.resolve("media"), null));
    }

    @Override
    ObjectStore storeThatCannotWrite() {
        try {
            Path notAFolder = Files.writeString(sandbox.resolve("not-a-folder"), "");
            return ObjectStores.of(StorageConfig.filesystem(notAFolder, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    List<String> everythingStored() {
        try (Stream<Path> files = Files.walk(sandbox)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals("not-a-folder"))
                    .map(file -> sandbox.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    String rootName() {
        return "media/";
    }

    @Override
    Optional<String> storedContentType(ObjectKey key) {
        return Optional.empty();
    }

    @Test
    void the_default_public_url_should_be_the_file_itself() throws IOException {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        store.put(key, file(new byte[] {1, 2, 3}), "image/jpeg");

        URI url = store.publicUrl(key);

        assertThat(url.getScheme()).isEqualTo("file");
        assertThat(Files.readAllBytes(Path.of(url))).containsExactly(1, 2, 3);
    }

    @Test
    void a_configured_public_base_url_should_prefix_the_key() {
        ObjectStore cdn = ObjectStores.of(StorageConfig.filesystem(sandbox.resolve("media"),
                URI.create("https://cdn.example.com/photos")));

        assertThat(cdn.publicUrl(ObjectKey.ofMedia("f", "L", 1, "M", "jpg")))
                .hasToString("https://cdn.example.com/photos/f/L/1-M.jpg");
    }

    @Test
    void a_symbolic_link_inside_the_root_should_not_lead_a_write_outside() throws IOException {
        Path outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.createDirectories(sandbox.resolve("media"));
        Files.createSymbolicLink(sandbox.resolve("media/evil"), outside);
        ObjectKey key = ObjectKey.ofMedia("evil", "L", 1, "M", "jpg");

        ObjectStoreException failure = catchThrowableOfType(ObjectStoreException.class,
                () -> store.put(key, file(new byte[] {1}), "image/jpeg"));

        assertThat(failure).hasMessageContaining("outside the store's root");
        assertThat(outside).isEmptyDirectory();
        assertThat(catchThrowableOfType(ObjectStoreException.class, () -> store.open(key)))
                .hasMessageContaining("outside the store's root");
    }

    @Test
    void a_put_that_fails_at_the_rename_should_leave_no_temporary_file() {
        ObjectKey photo = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        store.put(photo, file(new byte[] {1}), "image/jpeg");
        ObjectKey folderInTheWay = new ObjectKey("f/L");

        ObjectStoreException failure = catchThrowableOfType(ObjectStoreException.class,
                () -> store.put(folderInTheWay, file(new byte[] {2}), "image/jpeg"));

        assertThat(failure).hasMessageContaining("cannot put f/L");
        assertThat(everythingStored()).containsExactly("media/f/L/1-M.jpg");
    }

    @Test
    void temporary_files_of_a_writer_killed_mid_put_should_be_deleted_and_live_writes_kept() throws Exception {
        ObjectKey photo = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        store.put(photo, file(new byte[] {1}), "image/jpeg");
        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        Path folder = sandbox.resolve("media/f/L");
        Files.writeString(folder.resolve(".put-" + killed.pid() + "-123.tmp"), "half a photo");
        Files.writeString(folder.resolve(".put-" + ProcessHandle.current().pid() + "-456.tmp"), "being written");

        assertThat(store.deleteAbandonedWrites()).isEqualTo(1);

        assertThat(everythingStored()).containsExactly("media/f/L/.put-" + ProcessHandle.current().pid() + "-456.tmp",
                "media/f/L/1-M.jpg");
    }

    @Test
    void a_relative_root_should_be_described_as_an_absolute_folder() {
        ObjectStore relative = ObjectStores.of(StorageConfig.ofDefaults());
        assertThat(relative.describe())
                .isEqualTo("filesystem " + Path.of(".mlsync", "media").toAbsolutePath().normalize());
    }
}
