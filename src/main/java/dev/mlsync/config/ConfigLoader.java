package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads {@code mlsync.yml} into a validated {@link MlsyncConfig}. Environment variables are passed in,
 * not read here, so tests choose them. Every problem in the file is reported at once in one
 * {@link ConfigException}; nothing is returned half-valid.
 */
public final class ConfigLoader {
    public static final String DEFAULT_FILE_NAME = "mlsync.yml";

    private ConfigLoader() {
    }

    /** Reads and validates the file; a missing or unreadable file is a {@link ConfigException}. */
    public static MlsyncConfig load(Path file, Map<String, String> env) {
        return parse(read(file), sourceName(file), env);
    }

    /**
     * Validates YAML text; {@code sourceName} prefixes syntax problems ({@code mlsync.yml:3:5: ...}).
     * Empty text gives the defaults: embedded database, no feeds.
     */
    public static MlsyncConfig parse(String yaml, String sourceName, Map<String, String> env) {
        Problems problems = new Problems();
        JsonNode root = YamlDocument.read(yaml, sourceName, problems);
        MlsyncConfig config = problems.isEmpty() ? new ConfigBinder(env, problems).bind(root, sourceName) : null;
        problems.throwIfAny();
        return config;
    }

    /**
     * Like {@link #load}, except that a default file that does not exist gives the defaults;
     * a file named explicitly (by {@code --config}) must exist.
     */
    public static MlsyncConfig loadOrDefaults(Path file, boolean fileWasExplicit, Map<String, String> env) {
        if (!fileWasExplicit && Files.notExists(file)) {
            return parse("", sourceName(file), env);
        }
        return load(file, env);
    }

    /** The short summary {@code mlsync config check} prints; contains no secret. */
    public static String describe(MlsyncConfig config) {
        return ConfigDescription.of(config);
    }

    private static String read(Path file) {
        String source = sourceName(file);
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw ConfigException.of(source, "file not found: " + absolute);
        }
        if (!Files.isRegularFile(file)) {
            throw ConfigException.of(source, "not a regular file: " + absolute);
        }
        // Bounded read: a FIFO or device passed as --config must not hang or exhaust memory.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(YamlDocument.MAX_CHARS + 1);
            if (bytes.length > YamlDocument.MAX_CHARS) {
                throw ConfigException.of(source, "larger than 1 MB; a configuration file is never this big");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ConfigException.of(source, "not valid UTF-8: " + absolute);
        } catch (IOException e) {
            throw ConfigException.of(source, "cannot read " + absolute + ": " + e.getMessage());
        }
    }

    private static String sourceName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
