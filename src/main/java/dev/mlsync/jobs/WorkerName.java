package dev.mlsync.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code mlsync@host pid N}: how a process appears in {@code job.worker} and db-scheduler's picked_by. */
public final class WorkerName {
    private WorkerName() {
    }

    public static String ofThisProcess() {
        return "mlsync@" + hostName() + " pid " + ProcessHandle.current().pid();
    }

    /** The host name without a DNS lookup (which can hang on a misconfigured machine). */
    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = Files.readString(Path.of("/etc/hostname")).trim();
            } catch (java.io.IOException | RuntimeException e) {
                host = "";
            }
        }
        return host.isBlank() ? "unknown-host" : host;
    }
}
