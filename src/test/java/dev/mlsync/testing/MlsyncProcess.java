package dev.mlsync.testing;

import dev.mlsync.App;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code mlsync} command ({@code serve}, {@code worker}, ...) in a JVM of its own, on this test's class path,
 * with its output (stdout and stderr) in a log file: the child process of the process-level tests.
 * {@link #close()} kills it (SIGKILL) if it still runs, so a failing test leaves nothing behind.
 */
public final class MlsyncProcess implements AutoCloseable {
    /** Small heap, quick start: several of these share a 2-core machine with the test. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Pattern SERVING = Pattern.compile("mlsync serving (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Duration POLL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path log;

    private MlsyncProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** How to start one. */
    public static Builder builder(String name, Path log) {
        return new Builder(name, log);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The name its workers run under ({@code WorkerName}: {@code mlsync@host pid N}) ends with this. */
    public String workerSuffix() {
        return " pid " + process.pid();
    }

    public Path log() {
        return log;
    }

    /** Everything it printed so far ("" before the first line). */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for {@code mlsync serve} to print where it serves. */
    public URI awaitServing(Duration timeout) throws InterruptedException {
        return URI.create(await("it to print its address", timeout, () -> {
            Matcher matcher = SERVING.matcher(output());
            return matcher.find() ? matcher.group(1) : null;
        }));
    }

    /** Waits until its output contains {@code text}. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        await("\"" + text + "\" in its output", timeout, () -> output().contains(text) ? true : null);
    }

    /**
     * Polls {@code probe} until it gives a value; fails after {@code timeout} or as soon as the process has
     * exited, naming the log to read.
     */
    public <T> T await(String what, Duration timeout, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError(name + ": never saw " + what + " within " + timeout.toSeconds() + " s"
                + (process.isAlive() ? "" : "; it exited with " + process.exitValue()) + "; see " + log);
    }

    /** SIGTERM (a graceful stop); true when it exited within {@code timeout}. */
    public boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook runs, nothing is handed back; waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public static final class Builder {
        private final String name;
        private final Path log;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
        private Path directory;

        private Builder(String name, Path log) {
            this.name = name;
            this.log = log;
        }

        public Builder env(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        /** Its working directory (default: the test's); its {@code java.io.tmpdir} is {@code tmp} under it. */
        public Builder directory(Path folder) {
            this.directory = folder;
            return this;
        }

        /** Starts {@code mlsync <arguments>}. */
        public MlsyncProcess start(String... arguments) throws IOException {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.deleteIfExists(log);
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            if (directory != null) {
                command.add("-Djava.io.tmpdir=" + Files.createDirectories(directory.resolve("tmp")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), App.class.getName()));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            return new MlsyncProcess(name, builder.start(), log);
        }
    }
}
