package dev.mlsync.cli;

import dev.mlsync.config.ConfigLoader;
import dev.mlsync.config.MlsyncConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --config} option shared by commands that read mlsync.yml. */
final class ConfigOption {
    static final Path DEFAULT = Path.of("mlsync.yml");

    @Option(names = "--config", paramLabel = "PATH", description = "configuration file (default: ./mlsync.yml)")
    Path path;

    MlsyncConfig load() {
        return ConfigLoader.loadOrDefaults(path == null ? DEFAULT : path, path != null, System.getenv());
    }

    Path effectivePath() {
        return path == null ? DEFAULT : path;
    }
}
