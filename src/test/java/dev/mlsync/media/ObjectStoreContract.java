package dev.mlsync.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ObjectStore} adapter must have; one subclass per adapter runs it against a
 * real backend (a folder, S3Proxy).
 */
abstract class ObjectStoreContract {
    static final List<String> HOSTILE = List.of("../../../../etc/passwd", "/etc/passwd", "..", ".", "",
            "..\\..\\windows\\system32", "C:\\boot.ini", "a/../../b", "%2e%2e%2f%2e%2e", "\u0000", "nul\u0000byte",
            "写真-ünïcødé", "\u202Egpj.exe", ".hidden", "x".repeat(5000), "trailing/", "new\nline");

    @TempDir
    Path sources;
    ObjectStore store;
    private final Random random = new Random(42);

    /** A store over an empty backend, with the root or prefix {@link #rootName()}. */
    abstract ObjectStore newStore();

    /** A store whose writes cannot succeed (unwritable root, missing bucket...). */
    abstract ObjectStore storeThatCannotWrite();

    /** Every object the backend holds, temporary ones included, named relative to its container. */
    abstract List<String> everythingStored();

    /** Where this store's objects sit in the container, ending with "/". */
    abstract String rootName();

    /** The content type the backend recorded, where it records one. */
    abstract Optional<String> storedContentType(ObjectKey key);

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void put_then_open_should_give_back_the_exact_bytes() {
        byte[] bytes = randomBytes(300_000);
        ObjectKey key = ObjectKey.ofMedia("actris", "L1", 1, "M1", "jpg");

        store.put(key, file(bytes), "image/jpeg");

        assertThat(read(key)).containsExactly(bytes);
        assertThat(store.exists(key)).isTrue();
        assertThat(everythingStored()).containsExactly(rootName() + "actris/L1/1-M1.jpg");
    }

    @Test
    void an_empty_file_should_be_stored_as_an_empty_object() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 0, "empty", "bin");
        store.put(key, file(new byte[0]), "application/octet-stream");
        assertThat(read(key)).isEmpty();
    }

    @Test
    void put_should_replace_the_previous_object() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        store.put(key, file(randomBytes(50_000)), "image/jpeg");
        byte[] second = randomBytes(10_000);

        store.put(key, file(second), "image/jpeg");

        assertThat(read(key)).containsExactly(second);
        assertThat(everythingStored()).hasSize(1);
    }

    @Test
    void open_and_exists_should_report_a_missing_object() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "never", "jpg");
        assertThat(store.open(key)).isEmpty();
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void a_folder_like_prefix_of_stored_keys_should_not_be_an_object() {
        store.put(ObjectKey.ofMedia("f", "L", 1, "M", "jpg"), file(randomBytes(10)), "image/jpeg");
        ObjectKey folder = new ObjectKey("f/L");
        assertThat(store.exists(folder)).isFalse();
        assertThat(store.open(folder)).isEmpty();
        store.delete(folder);
        assertThat(store.exists(ObjectKey.ofMedia("f", "L", 1, "M", "jpg"))).isTrue();
    }

    @Test
    void delete_should_remove_the_object_and_be_idempotent() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        ObjectKey other = ObjectKey.ofMedia("f", "L", 2, "M2", "jpg");
        store.put(key, file(randomBytes(100)), "image/jpeg");
        store.put(other, file(randomBytes(100)), "image/jpeg");

        store.delete(key);
        store.delete(key);
        store.delete(ObjectKey.ofMedia("f", "nobody", 1, "never", "jpg"));

        assertThat(store.exists(key)).isFalse();
        assertThat(store.open(key)).isEmpty();
        assertThat(store.exists(other)).isTrue();
    }

    @Test
    void the_content_type_should_be_kept_where_the_backend_records_one() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "webp");
        store.put(key, file(randomBytes(100)), "image/webp");
        Optional<String> recorded = storedContentType(key);
        assumeThat(recorded).as("this backend records no content type").isPresent();
        assertThat(recorded).contains("image/webp");
    }

    @Test
    void hostile_provider_keys_should_stay_under_the_root_and_stay_readable() {
        List<ObjectKey> keys = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String raw = HOSTILE.get(i);
            ObjectKey key = ObjectKey.ofMedia(raw, raw, i, raw, raw);
            byte[] bytes = ("photo " + i).getBytes();
            store.put(key, file(bytes), "image/jpeg");
            keys.add(key);
            assertThat(read(key)).as("object for %s", key).containsExactly(bytes);
        }
        assertThat(new HashSet<>(keys)).hasSize(HOSTILE.size());
        assertThat(everythingStored()).hasSize(HOSTILE.size()).allSatisfy(name -> {
            assertThat(name).startsWith(rootName());
            assertThat(Arrays.asList(name.split("/"))).doesNotContain("..", ".", "");
        });
    }

    @Test
    void different_provider_keys_should_never_share_an_object() {
        List<String> raws = List.of("a b", "a_b", "a/b", "a\\b", "a?b", "a:b", "a_b_0123456789abcdef",
                "A B", "x".repeat(200) + "1", "x".repeat(200) + "2", ".b", "_b", "..", "__", "", "\u0000");
        Set<ObjectKey> keys = new HashSet<>();
        for (int i = 0; i < raws.size(); i++) {
            ObjectKey key = ObjectKey.ofMedia("feed", raws.get(i), 1, raws.get(i), "jpg");
            keys.add(key);
            store.put(key, file(("listing " + i).getBytes()), "image/jpeg");
        }
        assertThat(keys).hasSize(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            assertThat(read(ObjectKey.ofMedia("feed", raws.get(i), 1, raws.get(i), "jpg")))
                    .containsExactly(("listing " + i).getBytes());
        }
    }

    @Test
    void a_put_from_a_missing_file_should_fail_clearly_and_leave_the_old_object() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        byte[] old = randomBytes(1000);
        store.put(key, file(old), "image/jpeg");

        ObjectStoreException failure = catchThrowableOfType(ObjectStoreException.class,
                () -> store.put(key, sources.resolve("gone.jpg"), "image/jpeg"));

        assertThat(failure.getMessage()).contains(store.describe(), key.value(), "gone.jpg");
        assertThat(read(key)).containsExactly(old);
        assertThat(everythingStored()).hasSize(1);
    }

    @Test
    void a_put_that_cannot_write_should_fail_clearly_and_store_nothing() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        try (ObjectStore broken = storeThatCannotWrite()) {
            ObjectStoreException failure = catchThrowableOfType(ObjectStoreException.class,
                    () -> broken.put(key, file(randomBytes(1000)), "image/jpeg"));

            assertThat(failure.getMessage()).contains(broken.describe(), key.value());
            assertThat(broken.exists(key)).isFalse();
        }
        assertThat(everythingStored()).isEmpty();
    }

    @Test
    void concurrent_readers_should_see_a_whole_object_never_a_partial_one() throws Exception {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        byte[] first = randomBytes(200_000);
        byte[] second = randomBytes(150_000);
        Path firstFile = file(first);
        Path secondFile = file(second);
        store.put(key, firstFile, "image/jpeg");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    store.put(key, i % 2 == 0 ? secondFile : firstFile, "image/jpeg");
                }
            });
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                reads.add(pool.submit(() -> read(key)));
            }
            writer.get();
            for (Future<byte[]> read : reads) {
                byte[] seen = read.get();
                assertThat(Arrays.equals(seen, first) || Arrays.equals(seen, second))
                        .as("a read of %d bytes is one whole version", seen.length).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(everythingStored()).hasSize(1);
    }

    @Test
    void the_public_url_should_end_with_the_key_under_the_root() {
        ObjectKey key = ObjectKey.ofMedia("actris", "L1", 3, "M-9", "jpg");
        String url = store.publicUrl(key).toString();
        assertThat(store.publicUrl(key).isAbsolute()).isTrue();
        assertThat(url).endsWith("/" + rootName() + "actris/L1/3-M-9.jpg");
    }

    byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    Path file(byte[] bytes) {
        try {
            return Files.write(Files.createTempFile(sources, "source", ".bin"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] read(ObjectKey key) {
        Optional<InputStream> in = store.open(key);
        assertThat(in).as("object %s", key).isPresent();
        try (InputStream stream = in.get()) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
