package dev.mlsync.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Objects as files under a root folder: the key {@code feed/listing/1-m.jpg} is the file
 * {@code root/feed/listing/1-m.jpg}.
 *
 * <p>{@link #put} copies into a temporary dot-file in the target's own folder, forces it to disk, renames
 * it over the target with {@code ATOMIC_MOVE} and forces the folder, so a reader (or a crash, or a power cut
 * once {@code put} returned) sees the old object or the whole new one; no {@link ObjectKey} segment starts
 * with a dot, so no key can name a temporary file. The two forced writes cost a few milliseconds per put. Every resolved
 * path is checked to stay under the root, symlinks included, in case something besides {@link ObjectKey}
 * ever lets a bad key through. Empty folders left by {@link #delete} are kept: removing them would race
 * with a concurrent {@code put} into the same folder.
 */
final class FilesystemObjectStore implements ObjectStore {
    /** Temporary files are {@code .put-<pid of the writer>-<random>.tmp}. */
    static final String TEMPORARY_PREFIX = ".put-";
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path root;
    private final URI publicBase;

    /** {@code publicBase} ends with "/", or is null for {@code file:} URLs of the files themselves. */
    FilesystemObjectStore(Path root, URI publicBase) {
        this.root = root.toAbsolutePath().normalize();
        this.publicBase = publicBase == null ? directoryUri(this.root) : publicBase;
    }

    @Override
    public void put(ObjectKey key, Path file, String contentType) {
        Path target = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw failure("put", key, "source file " + file + " does not exist or is not a regular file", null);
        }
        Path temporary = null;
        try {
            Path folder = Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(folder, TEMPORARY_PREFIX + ProcessHandle.current().pid() + "-",
                    TEMPORARY_SUFFIX);
            Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
            forceToDisk(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            forceFolderToDisk(folder);
        } catch (AtomicMoveNotSupportedException e) {
            throw failure("put", key, "the filesystem cannot rename atomically", e);
        } catch (IOException e) {
            throw failure("put", key, describe(e), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    @Override
    public Optional<InputStream> open(ObjectKey key) {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("open", key, describe(e), e);
        }
    }

    @Override
    public boolean exists(ObjectKey key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(ObjectKey key) {
        Path path = resolve(key);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw failure("delete", key, describe(e), e);
        }
    }

    /**
     * Deletes temporary files whose writer process is no longer alive on this machine (it died between
     * creating the file and renaming it). A file of a live process, or of a pid this machine cannot check, stays.
     */
    @Override
    public int deleteAbandonedWrites() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int deleted = 0;
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(FilesystemObjectStore::abandoned)::iterator) {
                deleteQuietly(file);
                deleted++;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a folder vanished during the walk: the next sweep tries again
        }
        return deleted;
    }

    private static boolean abandoned(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(TEMPORARY_PREFIX) || !name.endsWith(TEMPORARY_SUFFIX)) {
            return false;
        }
        int dash = name.indexOf('-', TEMPORARY_PREFIX.length());
        try {
            long pid = Long.parseLong(name.substring(TEMPORARY_PREFIX.length(), dash));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    @Override
    public URI publicUrl(ObjectKey key) {
        return URI.create(publicBase + key.value());
    }

    @Override
    public String describe() {
        return "filesystem " + root;
    }

    private Path resolve(ObjectKey key) {
        Path path = root.resolve(key.value()).normalize();
        checkUnderRoot(path, key);
        return path;
    }

    /**
     * Lexically under the root, and its nearest existing ancestor (itself when it exists) also once the
     * filesystem resolves symlinks, so a link inside the root cannot lead a write elsewhere.
     */
    private void checkUnderRoot(Path path, ObjectKey key) {
        if (!path.startsWith(root) || path.equals(root)) {
            throw failure("resolve", key, "the key resolves outside the store's root", null);
        }
        Path existing = path;
        while (!existing.equals(root) && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing.equals(root)) {
            return;
        }
        try {
            if (!existing.toRealPath().startsWith(root.toRealPath())) {
                throw failure("resolve", key, "a symbolic link leads outside the store's root", null);
            }
        } catch (IOException e) {
            throw failure("resolve", key, describe(e), e);
        }
    }

    private static void forceToDisk(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Makes the rename itself survive a power cut, so "stored" in the database never outlives the object.
     * Where a folder cannot be opened for this (Windows), the rename is as durable as the OS makes it.
     */
    private static void forceFolderToDisk(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort by design, see above
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // the put already failed with the reason that matters; a stray dot-file is harmless
        }
    }

    private ObjectStoreException failure(String action, ObjectKey key, String reason, Throwable cause) {
        return new ObjectStoreException(describe() + ": cannot " + action + " " + key + ": " + reason, cause);
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + " " + e.getMessage();
    }

    private static URI directoryUri(Path root) {
        String uri = root.toUri().toString();
        return URI.create(uri.endsWith("/") ? uri : uri + "/");
    }
}
