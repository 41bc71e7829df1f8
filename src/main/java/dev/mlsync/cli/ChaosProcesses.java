package dev.mlsync.cli;

import dev.mlsync.App;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The mlsync JVMs of {@code bench chaos}: one {@code serve} and P-1 {@code worker}s, each with its own config
 * (its own {@code ApplicationName} on the one database), log file and temporary folder; killed with SIGKILL
 * and started again. On Linux it can tell which of them holds a given loopback client port or an open file,
 * so a kill can hit the process that is in the middle of a request or an upload.
 */
final class ChaosProcesses implements AutoCloseable {
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Path work;
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();

    ChaosProcesses(Path work) {
        this.work = work;
    }

    /** Starts {@code name} ({@code serve} or {@code worker-N}) with {@code config}. */
    void start(String name, Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path temp = Files.createDirectories(work.resolve("tmp").resolve(name));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"),
                App.class.getName()));
        command.addAll(name.equals("serve") ? List.of("serve", "--config", config.toString(), "--bind", "127.0.0.1:0")
                : List.of("worker", "--config", config.toString()));
        Path log = work.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        running.put(name, process);
        starts.merge(name, 1, Integer::sum);
    }

    List<String> names() {
        return List.copyOf(running.keySet());
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits until the process is gone. */
    void kill(String name) throws InterruptedException {
        Process process = running.get(name);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Names of processes that exited on their own (not killed by us), with their exit codes. */
    Map<String, Integer> exited() {
        Map<String, Integer> dead = new LinkedHashMap<>();
        running.forEach((name, process) -> {
            if (!process.isAlive()) {
                dead.put(name, process.exitValue());
            }
        });
        return dead;
    }

    int restarts() {
        return starts.values().stream().mapToInt(n -> n - 1).sum();
    }

    /** The process whose socket has this local port on the loopback (a client connection), if it is ours. */
    Optional<String> ownerOfPort(int port) {
        Map<Long, Integer> portsByInode = socketPorts();
        for (Map.Entry<String, Process> child : running.entrySet()) {
            for (String link : fdLinks(child.getValue().pid())) {
                if (link.startsWith("socket:[")) {
                    long inode = Long.parseLong(link.substring(8, link.length() - 1));
                    Integer local = portsByInode.get(inode);
                    if (local != null && local == port) {
                        return Optional.of(child.getKey());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The first process that has a file open under {@code folder} whose name starts with {@code prefix}. */
    Optional<String> ownerOfOpenFile(Path folder, String prefix) {
        String root = folder.toAbsolutePath().normalize().toString();
        for (Map.Entry<String, Process> child : running.entrySet()) {
            for (String link : fdLinks(child.getValue().pid())) {
                if (link.startsWith(root) && Path.of(link).getFileName().toString().startsWith(prefix)) {
                    return Optional.of(child.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> fdLinks(long pid) {
        Path fds = Path.of("/proc", String.valueOf(pid), "fd");
        List<String> links = new ArrayList<>();
        try (Stream<Path> entries = Files.list(fds)) {
            entries.forEach(fd -> {
                try {
                    links.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            // no /proc (not Linux) or the process is gone: nothing to attribute
        }
        return links;
    }

    /** Local port of every TCP socket by inode, from /proc/net/tcp and tcp6. */
    private static Map<Long, Integer> socketPorts() {
        Map<Long, Integer> ports = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] columns = line.trim().split("\\s+");
                    if (columns.length > 9) {
                        String local = columns[1];
                        ports.put(Long.parseLong(columns[9]),
                                Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: nothing to attribute
            }
        }
        return ports;
    }

    /** SIGTERM to every process (graceful stop), then SIGKILL to what is left after {@code seconds}. */
    @Override
    public void close() throws InterruptedException {
        running.values().forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        for (Process process : running.values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
