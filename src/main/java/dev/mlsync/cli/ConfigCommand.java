package dev.mlsync.cli;

import dev.mlsync.config.ConfigException;
import dev.mlsync.config.ConfigLoader;
import dev.mlsync.config.MlsyncConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code mlsync config check}: validate mlsync.yml and list every problem with its path. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with mlsync.yml.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand {
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the configuration; print every problem with its path and exit non-zero.")
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            try {
                MlsyncConfig loaded = config.load();
                System.out.println(ConfigLoader.describe(loaded));
                System.out.println(config.effectivePath() + ": OK");
                return 0;
            } catch (ConfigException e) {
                System.err.println(config.effectivePath() + ": " + e.problems().size() + " problem"
                        + (e.problems().size() == 1 ? "" : "s"));
                e.problems().forEach(p -> System.err.println("  " + p));
                return 1;
            }
        }
    }
}
