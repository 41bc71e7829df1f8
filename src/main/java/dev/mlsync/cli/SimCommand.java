package dev.mlsync.cli;

import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code mlsync sim}: serve the simulated MLS over HTTP until stopped. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Serve a deterministic simulated MLS (RESO Web API) on 127.0.0.1 until Ctrl-C.")
final class SimCommand implements Callable<Integer> {
    @Option(names = "--listings", paramLabel = "N", defaultValue = "2000", description = "listings (default: ${DEFAULT-VALUE})")
    int listings;

    @Option(names = "--seed", defaultValue = "42", description = "dataset seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--port", defaultValue = "8090", description = "port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--token", paramLabel = "T", description = "require this bearer token (default: accept any)")
    String token;

    @Option(names = "--profile", defaultValue = "reso",
            description = "provider to imitate: mlsgrid, trestle, bridge, spark, reso (default: ${DEFAULT-VALUE})")
    String profile;

    @Override
    public Integer call() throws InterruptedException {
        SimFeeds.listings(listings);
        SimProfile simProfile = SimFeeds.profile(profile);
        try (Simulator sim = Simulator.start(SimOptions.of(listings).withSeed(seed).withPort(port)
                .withToken(token).withProfile(simProfile))) {
            System.out.println("Simulated MLS (" + profile + ", " + listings + " listings, seed " + seed + ")");
            System.out.println("  service root: " + sim.serviceRoot());
            System.out.println("  token URL:    " + sim.tokenUrl());
            System.out.println("  originating system: " + sim.originatingSystem());
            System.out.println("  changes:      POST http://127.0.0.1:" + sim.port() + "/_sim/advance?minutes=60");
            System.out.println("  truth:        GET  http://127.0.0.1:" + sim.port() + "/_sim/truth?resource=Property");
            System.out.println("Press Ctrl-C to stop.");
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
