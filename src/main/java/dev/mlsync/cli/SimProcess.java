package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.sim.SimProfile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The simulator in a JVM of its own, like a real provider: benchmarks then measure mlsync's heap and
 * CPU, not the simulator's.
 */
final class SimProcess implements AutoCloseable {
    private final Process process;
    private final SimFeeds.Endpoint endpoint;

    private SimProcess(Process process, SimFeeds.Endpoint endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static SimProcess start(int listings, SimProfile profile) throws IOException {
        return start(listings, profile, List.of());
    }

    /** Like {@link #start(int, SimProfile)} with more {@code mlsync sim} options, e.g. {@code --limits}, {@code --large-photos}. */
    static SimProcess start(int listings, SimProfile profile, List<String> options) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classPath, App.class.getName(), "sim",
                "--listings", String.valueOf(listings), "--port", "0",
                "--profile", profile.name().toLowerCase(Locale.ROOT)));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new SimProcess(process, readEndpoint(process));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static SimFeeds.Endpoint readEndpoint(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        URI root = null;
        URI token = null;
        String line;
        while ((line = out.readLine()) != null) {
            String value = line.substring(line.indexOf(':') + 1).trim();
            if (line.trim().startsWith("service root:")) {
                root = URI.create(value);
            } else if (line.trim().startsWith("token URL:")) {
                token = URI.create(value);
            } else if (line.trim().startsWith("originating system:")) {
                return new SimFeeds.Endpoint(root, token, value);
            }
        }
        throw new IOException("the simulator process exited before announcing where it listens");
    }

    SimFeeds.Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
