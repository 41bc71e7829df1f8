package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.BindAddress;
import dev.mlsync.config.ConfigException;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.web.AdminServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlsync serve}: the HTTP API, health, metrics and dashboard, until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the admin API (/api, bearer token), /health, /metrics and the dashboard until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--bind", paramLabel = "HOST:PORT",
            description = "address to listen on (default: server.bind, else 127.0.0.1:8080)")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        MlsyncConfig loaded = config.load();
        ServerConfig server = withBind(loaded.server(), bind);
        AdminServer.requireTokenOffLoopback(server);
        Shutdown shutdown = Shutdown.onSignal(loaded.workers().shutdownTimeout());
        try (App app = App.open(loaded); App.Serving serving = app.serve(server)) {
            System.out.println("mlsync serving " + serving.http().uri() + " (dashboard), " + serving.http().uri()
                    + "api/… (Authorization: Bearer <admin token>" + (server.hasAdminToken() ? ""
                    : "; none is set, so the API refuses every request: set " + ServerConfig.ADMIN_TOKEN_VARIABLE)
                    + "); Ctrl-C or SIGTERM stops it");
            shutdown.awaitSignal();
            System.out.println("mlsync: stopping");
        } finally {
            shutdown.finished();
        }
        return 0;
    }

    static ServerConfig withBind(ServerConfig server, String bind) {
        if (bind == null) {
            return server;
        }
        try {
            return server.withBind(BindAddress.parse(bind));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("--bind: " + e.getMessage()));
        }
    }
}
