package dev.mlsync.jobs;

import dev.mlsync.config.WorkersConfig;
import dev.mlsync.sim.RequestLogEntry;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.MlsyncProcess;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's scale-out acceptance: one {@code mlsync serve} and two {@code mlsync worker} JVMs on one embedded
 * PostgreSQL run a feed's incremental schedule against the simulator over loopback. From the database and the
 * simulator's request log: every job ran once (one attempt and one run per job, the feed's runs never overlap,
 * and the simulator served exactly the requests the runs recorded); the job of a worker killed with SIGKILL in the
 * middle of it is finished by another process within the configured takeover bound; a worker stopped with SIGTERM
 * finishes or hands back its job and leaves no execution picked; the replica ends equal to the simulator's truth.
 */
class ScaleOutIT {
    private static final String TOKEN = "scale-out-token";
    /** Every response takes 100 ms: a 40-listing change set over pages of 4 lasts a few seconds, long enough to hit. */
    private static final SimFaults SLOW = SimFaults.parse("slow=1.0,slowMillis=100");
    /** What the three processes run with (also written into their config). */
    private static final WorkersConfig WORKERS = new WorkersConfig(2, Duration.ofMillis(200), Duration.ofSeconds(1), 4,
            Duration.ofSeconds(15));
    /** Over the configured takeover bound: four JVMs and PostgreSQL share a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Attempts to catch a worker (rather than serve) in the middle of a job; each misses with probability 1/3. */
    private static final int TRIES = 8;
    private static final int PAGE_SIZE = 4;

    @Test
    void serve_and_two_workers_should_run_each_scheduled_job_once_and_finish_the_job_of_a_killed_worker(
            @TempDir Path work) throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        try (Simulator sim = Simulator.start(SimOptions.of(40).withProfile(SimProfile.RESO).withToken(TOKEN)
                .withFaults(SLOW))) {
            Path config = writeConfig(work, url, sim);
            Replica db = new Replica(url, "f1");
            try (MlsyncProcess serve = start("serve", work, "serve", "--config", config.toString());
                 MlsyncProcess first = start("worker-1", work, "worker", "--config", config.toString());
                 MlsyncProcess second = start("worker-2", work, "worker", "--config", config.toString())) {
                Processes all = new Processes(List.of(serve, first, second));
                serve.awaitServing(WAIT);
                first.awaitOutput("running jobs of 1 feed", WAIT);
                second.awaitOutput("running jobs of 1 feed", WAIT);

                // the schedule runs several incremental jobs, the first one the initial load
                for (int i = 0; i < 4; i++) {
                    long before = completed(db);
                    sim.advance(Duration.ofHours(1));
                    serve.await("a scheduled job to complete", WAIT, () -> orNull(completed(db) > before));
                }

                // SIGKILL a worker in the middle of its job: another process finishes it
                Caught killed = catchRunning(sim, db, all, List.of(first, second));
                Instant killedAt = Instant.now();
                killed.holder().kill();
                assertThat(job(db, killed.id()).status()).as("the kill landed mid-job").isEqualTo("running");
                Duration bound = WORKERS.takeoverWithin().plus(SLACK);
                serve.await("another process to take job " + killed.id() + " over", bound,
                        () -> orNull(!job(db, killed.id()).worker().equals(killed.worker())));
                Duration takeover = Duration.between(killedAt, Instant.now());
                serve.await("job " + killed.id() + " to finish", WAIT, () -> orNull(job(db, killed.id()).finished()));
                JobRow rescued = job(db, killed.id());
                assertThat(rescued.status()).as(rescued.note()).isEqualTo("completed");
                assertThat(rescued.note()).as("finished, not skipped").isEmpty();
                assertThat(rescued.attempts()).isEqualTo(2);
                assertThat(runStatuses(db, killed.id())).containsExactly("failed", "completed");
                assertThat(pickedBy(db, killed.worker())).as("executions left picked by the killed worker").isZero();

                // SIGTERM the other worker while it runs a job: it hands the job back (or finishes it) and exits
                MlsyncProcess survivor = killed.holder() == first ? second : first;
                Caught stopped = catchRunning(sim, db, all, List.of(survivor));
                assertThat(survivor.terminate(Duration.ofSeconds(45))).as("worker exited within its shutdown timeout")
                        .isTrue();
                JobRow left = job(db, stopped.id());
                assertThat(left.status().equals("completed") || !left.worker().equals(stopped.worker()))
                        .as("job %d after its worker stopped: %s", stopped.id(), left).isTrue();
                if (!left.status().equals("completed")) {
                    assertThat(left.note()).contains("handed back by " + stopped.worker());
                }
                assertThat(pickedBy(db, stopped.worker())).as("executions left picked by the stopped worker").isZero();
                serve.await("job " + stopped.id() + " to finish", WAIT, () -> orNull(job(db, stopped.id()).finished()));
                assertThat(job(db, stopped.id()).status()).isEqualTo("completed");

                // serve alone catches up with the last changes, then stops gracefully
                long lastJob = maxJob(db);
                serve.await("a job queued after the last change to complete", WAIT,
                        () -> orNull(jobs(db).stream().anyMatch(j -> j.id() > lastJob && j.status().equals("completed"))));
                assertThat(serve.terminate(Duration.ofSeconds(45))).as("serve exited within its shutdown timeout")
                        .isTrue();

                List<JobRow> jobs = jobs(db);
                assertEveryJobRanOnce(db, jobs, killed.id(), stopped.id());
                assertRunsNeverOverlap(db);
                assertRequestsBelongToOneRunEach(db, sim.requests(), killed.id());
                assertThat(db.count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'incremental:f1'"))
                        .as("one execution of the feed's schedule").isEqualTo(1);
                assertThat(db.differencesFrom(sim)).isEmpty();
                System.out.printf("ScaleOutIT: %d jobs; job %d taken over %d ms after its worker was killed "
                        + "(bound %d s + %d s slack)%n", jobs.size(), killed.id(), takeover.toMillis(),
                        WORKERS.takeoverWithin().toSeconds(), SLACK.toSeconds());
            }
        }
    }

    /**
     * One attempt and one run per job; the killed worker's job has two of each (its abandoned run failed), and so
     * has the stopped worker's job when it was handed back rather than finished (its first run stopped).
     */
    private static void assertEveryJobRanOnce(Replica db, List<JobRow> jobs, long killed, long stopped)
            throws Exception {
        assertThat(jobs).as("scheduled jobs").hasSizeGreaterThanOrEqualTo(7);
        for (JobRow job : jobs) {
            assertThat(job.trigger()).isEqualTo("schedule");
            assertThat(job.status()).as("job %d: %s", job.id(), job).isIn("completed", "queued");
            List<String> runs = runStatuses(db, job.id());
            if (job.id() == killed) {
                assertThat(job.attempts()).as("job %d", job.id()).isEqualTo(2);
                assertThat(runs).containsExactly("failed", "completed");
            } else if (job.id() == stopped && job.attempts() == 2) {
                assertThat(runs).as("runs of job %d, handed back", job.id()).containsExactly("cancelled", "completed");
            } else if (job.status().equals("completed")) {
                assertThat(job.attempts()).as("job %d: %s", job.id(), job).isEqualTo(1);
                assertThat(runs).as("runs of job %d", job.id()).containsExactly("completed");
            } else {
                assertThat(job.attempts()).as("job %d handed back when serve stopped", job.id()).isLessThanOrEqualTo(1);
            }
        }
    }

    /** One replication run of the feed at a time, across all processes. */
    private static void assertRunsNeverOverlap(Replica db) throws Exception {
        List<String> overlaps = db.strings("""
                SELECT a.id || ' and ' || b.id FROM sync_run a JOIN sync_run b
                  ON a.id < b.id AND b.started_at < a.finished_at AND a.started_at < b.finished_at""");
        assertThat(overlaps).as("runs that overlap in time").isEmpty();
        assertThat(db.count("SELECT count(*) FROM sync_run WHERE finished_at IS NULL OR status = 'running'")).isZero();
    }

    /**
     * Every data request the simulator served falls in the time of one run, and every completed run was served
     * exactly the requests it recorded: a job executed twice would show as requests no run accounts for. A run
     * records the requests of the pages it committed; it fetches the next page while one commits, so a run stopped
     * at a page boundary (cancelled, handed back) was served one page more, and the killed worker's run up to the
     * pages it had in flight ({@code Replicator.COMMIT_DEPTH} committing, one being fetched).
     */
    private static void assertRequestsBelongToOneRunEach(Replica db, List<RequestLogEntry> log, long killedJob)
            throws Exception {
        List<Run> runs = db.strings("""
                SELECT id || '|' || trigger || '|' || status || '|' || requests || '|'
                       || (extract(epoch FROM started_at) * 1000000)::bigint || '|'
                       || (extract(epoch FROM finished_at) * 1000000)::bigint
                FROM sync_run ORDER BY id""").stream().map(Run::parse).toList();
        List<RequestLogEntry> data = log.stream().filter(e -> e.pathAndQuery().startsWith("/odata/")).toList();
        assertThat(data).isNotEmpty();
        Map<Run, Long> served = new java.util.HashMap<>();
        for (RequestLogEntry request : data) {
            List<Run> in = runs.stream().filter(run -> run.covers(request.received())).toList();
            assertThat(in).as("runs during %s %s", request.received(), request.pathAndQuery()).hasSize(1);
            served.merge(in.getFirst(), 1L, Long::sum);
        }
        for (Run run : runs) {
            long extra = served.getOrDefault(run, 0L) - run.requests();
            String what = "requests served during run " + run.id() + " (" + run.status() + ") beyond those it recorded";
            if (run.trigger().equals("job " + killedJob) && run.status().equals("failed")) {
                assertThat(extra).as(what).isBetween(0L, 3L);
            } else if (run.status().equals("cancelled")) {
                assertThat(extra).as(what).isBetween(0L, 1L);
            } else {
                assertThat(extra).as(what).isZero();
            }
        }
    }

    /**
     * Advances the simulator by enough changes for a job of several pages, until one of {@code wanted} is caught
     * running one (at most {@link #TRIES} jobs; a job another process runs is let finish).
     */
    private static Caught catchRunning(Simulator sim, Replica db, Processes all, List<MlsyncProcess> wanted)
            throws Exception {
        MlsyncProcess serve = all.list().getFirst();
        for (int attempt = 0; attempt < TRIES; attempt++) {
            // no job of the feed open: the next one queued reads all of the changes made now
            serve.await("no job to be open", WAIT, () -> orNull(jobs(db).stream().allMatch(JobRow::finished)));
            long after = maxJob(db);
            sim.advance(Duration.ofHours(100));
            JobRow running = serve.await("a job with committed pages and more than two pages to go", WAIT,
                    () -> jobs(db).stream().filter(j -> j.id() > after && j.status().equals("running")
                            && j.pages() >= 1 && j.recordsLeft() > 2 * PAGE_SIZE).findFirst().orElse(null));
            MlsyncProcess holder = all.holderOf(running.worker());
            if (wanted.contains(holder)) {
                return new Caught(running.id(), running.worker(), holder);
            }
            serve.await("job " + running.id() + " to finish", WAIT, () -> orNull(job(db, running.id()).finished()));
        }
        throw new AssertionError("none of " + wanted.stream().map(MlsyncProcess::name).toList() + " ran any of "
                + TRIES + " jobs");
    }

    private static Path writeConfig(Path work, String url, Simulator sim) throws Exception {
        return Files.writeString(work.resolve("mlsync.yml"), """
                database: {url: "%s", user: postgres}
                server: {bind: "127.0.0.1:0"}
                storage: {type: filesystem, path: "%s"}
                media: {derivatives: [], webp: false, retryDelaySeconds: 1}
                workers: {threads: %d, pollingInterval: %dms, heartbeatInterval: %dms, missedHeartbeats: %d,
                          shutdownTimeout: %ds}
                feeds:
                  - id: f1
                    provider: reso
                    baseUrl: "%s"
                    auth: {token: %s}
                    originatingSystem: "%s"
                    pageSize: %d
                    limits: {perSecond: 10000, perMinute: 600000, perHour: 36000000, perDay: 864000000}
                    schedule: {incremental: 2s, reconcile: "off"}
                """.formatted(url, work.resolve("media"), WORKERS.threads(), WORKERS.pollingInterval().toMillis(),
                WORKERS.heartbeatInterval().toMillis(), WORKERS.missedHeartbeats(),
                WORKERS.shutdownTimeout().toSeconds(), sim.serviceRoot(), TOKEN, sim.originatingSystem(), PAGE_SIZE));
    }

    private static MlsyncProcess start(String name, Path work, String... arguments) throws Exception {
        return MlsyncProcess.builder(name, Path.of("target/scale-out/" + name + ".log"))
                .directory(Files.createDirectories(work.resolve(name)))
                .env("MLSYNC_ADMIN_TOKEN", "scale-out-admin").start(arguments);
    }

    private static Boolean orNull(boolean condition) {
        return condition ? true : null;
    }

    private static long completed(Replica db) {
        return jobs(db).stream().filter(j -> j.status().equals("completed")).count();
    }

    private static long maxJob(Replica db) throws SQLException {
        return db.count("SELECT coalesce(max(id), 0) FROM job");
    }

    private static long pickedBy(Replica db, String worker) throws SQLException {
        return db.count("SELECT count(*) FROM scheduled_tasks WHERE picked AND picked_by = '" + worker + "'");
    }

    private static List<String> runStatuses(Replica db, long job) throws SQLException {
        return db.strings("SELECT status FROM sync_run WHERE trigger = 'job " + job + "' ORDER BY id");
    }

    private static JobRow job(Replica db, long id) {
        return jobs(db).stream().filter(j -> j.id() == id).findFirst().orElseThrow();
    }

    private static List<JobRow> jobs(Replica db) {
        try {
            return db.strings("""
                    SELECT id || '|' || status || '|' || coalesce(worker, '') || '|' || attempts || '|' || pages || '|'
                           || coalesce(records_total - records_done, -1) || '|' || trigger || '|' || coalesce(note, '')
                    FROM job ORDER BY id""").stream().map(JobRow::parse).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job as the test reads it from the {@code job} table. */
    private record JobRow(long id, String status, String worker, int attempts, int pages, long recordsLeft,
                          String trigger, String note) {
        static JobRow parse(String line) {
            String[] f = line.split("\\|", 8);
            return new JobRow(Long.parseLong(f[0]), f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    Long.parseLong(f[5]), f[6], f[7]);
        }

        boolean finished() {
            return !status.equals("queued") && !status.equals("running");
        }
    }

    /** A {@code sync_run} with its time span in microseconds. */
    private record Run(long id, String trigger, String status, long requests, long startMicros, long endMicros) {
        static Run parse(String line) {
            String[] f = line.split("\\|", 6);
            return new Run(Long.parseLong(f[0]), f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]));
        }

        boolean covers(Instant at) {
            long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
            return micros >= startMicros && micros <= endMicros;
        }
    }

    private record Caught(long id, String worker, MlsyncProcess holder) {
    }

    /** The child processes, found by the worker name a job carries ({@code mlsync@host pid N}). */
    private record Processes(List<MlsyncProcess> list) {
        MlsyncProcess holderOf(String worker) {
            Predicate<MlsyncProcess> named = p -> worker.endsWith(p.workerSuffix());
            return list.stream().filter(named).findFirst().orElseThrow(() -> new AssertionError(
                    "job held by " + worker + ", none of " + list.stream().map(p -> p.name() + " " + p.pid())
                            .collect(Collectors.joining(", "))));
        }
    }
}
