package dev.mlsync.cli;

import dev.mlsync.config.ConfigException;
import dev.mlsync.sim.RetsOptions;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code mlsync sim}: serve the simulated MLS over HTTP until stopped. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Serve a deterministic simulated MLS (RESO Web API or RETS) on 127.0.0.1 until Ctrl-C.")
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
            description = "provider to imitate: mlsgrid, trestle, bridge, spark, reso, rets (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--enforce-limits",
            description = "enforce the profile's published rate limits per credential (default: no limits)")
    boolean enforceLimits;

    @Option(names = "--limits", paramLabel = "SPEC", description = "enforce these limits, over the profile's published "
            + "ones, e.g. perSecond=20,perHour=5000,perDay=40000,perMinute=180,bytesPerHour=4294967296,"
            + "mediaPerMinute=480,mediaPerHour=18000,hidden=0.5,hiddenPerSecond=1")
    String limits;

    @Option(names = "--suspension-minutes", paramLabel = "M", defaultValue = "30",
            description = "how long an MLS Grid style breach suspends a token (default: ${DEFAULT-VALUE})")
    long suspensionMinutes;

    @Option(names = "--faults", paramLabel = "SPEC", description = "inject faults: 'default' (4%% 5xx, 1%% 429 with "
            + "Retry-After, 1%% resets, 1%% 2 s delays, 1%% truncated, 0.5%% malformed) or e.g. http500=0.05,http5xx=0.05,"
            + "throttled=0.01,reset=0.01,slow=0.01,slowMillis=5000,truncated=0.01,malformed=0.005,html=0.01,"
            + "expiredMedia=0.01,missingMedia=0.01,corruptJpeg=0.01")
    String faults;

    @Option(names = "--rets-user", paramLabel = "U", defaultValue = RetsOptions.DEFAULT_USERNAME,
            description = "RETS Login user name (profile rets; default: ${DEFAULT-VALUE})")
    String retsUser;

    @Option(names = "--rets-password", paramLabel = "P", defaultValue = RetsOptions.DEFAULT_PASSWORD,
            description = "RETS Login password (profile rets; default: ${DEFAULT-VALUE})")
    String retsPassword;

    @Option(names = "--rets-auth", paramLabel = "SCHEME", defaultValue = "digest",
            description = "HTTP authentication RETS Login demands: digest or basic (default: ${DEFAULT-VALUE})")
    String retsAuth;

    @Option(names = "--rets-session-seconds", paramLabel = "S", defaultValue = "600",
            description = "idle RETS session timeout; then HTTP 401 / ReplyCode 20701 (default: ${DEFAULT-VALUE})")
    long retsSessionSeconds;

    @Option(names = "--rets-session-requests", paramLabel = "N", defaultValue = "0",
            description = "expire a RETS session after N transactions (default: ${DEFAULT-VALUE} = never)")
    int retsSessionRequests;

    @Option(names = "--rets-max-rows", paramLabel = "N", defaultValue = "2500",
            description = "server cap on rows per RETS Search (default: ${DEFAULT-VALUE})")
    int retsMaxRows;

    @Option(names = "--rets-delimiter", paramLabel = "HH", defaultValue = "09",
            description = "COMPACT delimiter as two hex digits, e.g. 7C for '|' (default: ${DEFAULT-VALUE} = tab)")
    String retsDelimiter;

    @Option(names = "--rets-ua-password", paramLabel = "P",
            description = "require RETS-UA-Authorization computed with this user-agent password (default: not required)")
    String retsUaPassword;

    @Option(names = "--rets-paging", paramLabel = "MODE", defaultValue = "ordered",
            description = "RETS Search rows: ordered (by LIST_87, LIST_1), by-key (LIST_1 only) or ignores-offset "
                    + "(broken paging: every page is the first) (default: ${DEFAULT-VALUE})")
    String retsPaging;

    private RetsOptions.Paging paging() {
        try {
            return RetsOptions.Paging.valueOf(retsPaging.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rets-paging must be ordered, by-key or ignores-offset, was '"
                    + retsPaging + "'");
        }
    }

    private RetsOptions rets() {
        try {
            RetsOptions.Auth auth = RetsOptions.Auth.valueOf(retsAuth.toUpperCase(java.util.Locale.ROOT));
            if (!retsDelimiter.matches("[0-9A-Fa-f]{2}")) {
                throw new IllegalArgumentException("--rets-delimiter must be two hex digits, was '" + retsDelimiter + "'");
            }
            return new RetsOptions(retsUser, retsPassword, auth, Duration.ofSeconds(retsSessionSeconds),
                    retsSessionRequests, retsMaxRows, (char) Integer.parseInt(retsDelimiter, 16))
                    .withUaPassword(retsUaPassword).withPaging(paging());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith("No enum constant dev.mlsync.sim.RetsOptions.Auth")
                    ? "--rets-auth must be digest or basic, was '" + retsAuth + "'" : e.getMessage();
            throw new ConfigException(List.of("RETS options: " + message));
        }
    }

    @Option(names = "--large-photos",
            description = "serve 2048x1536 JPEG photos of 300-600 KB (benchmarks) instead of 320x240 ones")
    boolean largePhotos;

    @Option(names = "--signed-media-urls",
            description = "sign every MediaURL anew each time one is written (?signature=N), so MLS Grid's one fetch "
                    + "per URL per hour holds per signed URL (bench quota: feeds on one token replicating the same "
                    + "listings fetch distinct URLs)")
    boolean signedMediaUrls;

    private SimLimits limits(SimProfile simProfile) {
        try {
            if (limits != null) {
                return SimLimits.ofProfile(simProfile).overriddenBy(limits);
            }
            return enforceLimits ? SimLimits.ofProfile(simProfile) : SimLimits.none();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("--limits: " + e.getMessage()));
        }
    }

    private SimFaults faults() {
        try {
            return faults == null ? SimFaults.none() : SimFaults.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("--faults: " + e.getMessage()));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        SimFeeds.listings(listings);
        SimProfile simProfile = SimFeeds.profile(profile);
        SimLimits simLimits = limits(simProfile);
        SimFaults simFaults = faults();
        if (suspensionMinutes < 0) {
            throw new ConfigException(List.of("--suspension-minutes: must be >= 0, was " + suspensionMinutes));
        }
        try (Simulator sim = Simulator.start(SimOptions.of(listings).withSeed(seed).withPort(port)
                .withToken(token).withProfile(simProfile).withLimits(simLimits)
                .withSuspension(Duration.ofMinutes(suspensionMinutes))
                .withFaults(simFaults).withRets(rets()).withLargePhotos(largePhotos)
                .withSignedMediaUrls(signedMediaUrls))) {
            System.out.println("Simulated MLS (" + profile + ", " + listings + " listings, seed " + seed + ")");
            if (simProfile == SimProfile.RETS) {
                System.out.println("  RETS login:   " + sim.retsLoginUrl() + " (user " + retsUser + ", "
                        + retsAuth + " auth, session " + retsSessionSeconds + " s)");
                System.out.println("  photos:       http://127.0.0.1:" + sim.port() + "/media/{MediaKey}.jpg");
            } else {
                System.out.println("  service root: " + sim.serviceRoot());
                System.out.println("  token URL:    " + sim.tokenUrl());
            }
            System.out.println("  originating system: " + sim.originatingSystem());
            System.out.println("  changes:      POST http://127.0.0.1:" + sim.port() + "/_sim/advance?minutes=60");
            System.out.println("  truth:        GET  http://127.0.0.1:" + sim.port() + "/_sim/truth?resource=Property");
            if (sim.options().limits().isEnabled()) {
                System.out.println("  limits:       " + sim.options().limits());
            }
            if (sim.options().faults().isEnabled()) {
                System.out.println("  faults:       " + sim.options().faults());
            }
            System.out.println("Press Ctrl-C to stop.");
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
