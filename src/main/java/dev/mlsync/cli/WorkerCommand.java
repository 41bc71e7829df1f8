package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.events.EventDelivery;
import dev.mlsync.jobs.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code mlsync worker}: the scheduler and workers without HTTP, for more machines on one PostgreSQL. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run scheduled and queued jobs (no HTTP). Start any number against the same PostgreSQL:",
                "each job runs once; work of a worker that dies is taken over by another.",
                "SIGTERM or Ctrl-C stops gracefully: running jobs stop at a page boundary and go back to the queue."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        MlsyncConfig loaded = config.load();
        App app = App.open(loaded);
        app.database().stopEmbeddedLast();
        Workers workers;
        EventDelivery events;
        try {
            workers = app.workers();
            events = app.startEventDelivery();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                events.close();
                workers.close();
                app.close();
            } finally {
                stopped.countDown();
            }
        }, "mlsync-worker-shutdown"));
        System.out.println("worker " + workers.name() + " running jobs of " + loaded.feeds().size() + " feed(s) on "
                + app.database().description() + "; SIGTERM or Ctrl-C stops it");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
