package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.jobs.JobRequest;
import dev.mlsync.jobs.JobService;
import dev.mlsync.jobs.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code mlsync jobs …}: the job queue, through the same JobService as {@code /api/jobs}. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Submit, list, show and cancel jobs (run by mlsync serve or mlsync worker).",
        subcommands = {JobsCommand.Submit.class, JobsCommand.ListJobs.class, JobsCommand.Show.class,
                JobsCommand.Cancel.class})
final class JobsCommand {
    /** Opens the database, runs {@code action} on the job service, closes. */
    static <T> T withJobs(ConfigOption config, Function<JobService, T> action) {
        try (App app = App.open(config.load())) {
            return action.apply(app.jobs());
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Queue a job; prints its id.")
    static final class Submit implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Option(names = "--feed", required = true, paramLabel = "ID", description = "feed id")
        String feed;
        @Option(names = "--kind", defaultValue = "incremental", paramLabel = "KIND",
                description = "incremental (default), full, media or reconcile")
        String kind;
        @Option(names = "--resource", paramLabel = "R", description = "only this resource, e.g. Property")
        String resource;
        @Option(names = "--listing-key", paramLabel = "KEY", split = ",",
                description = "partial sync of just these listings, or for media the photos of just these (repeat or comma-separate)")
        List<String> listingKeys;
        @Option(names = "--filter", paramLabel = "ODATA", description = "partial sync of records matching this OData filter")
        String filter;
        @Option(names = "--dry-run", description = "report what would be added, updated and deleted; write nothing")
        boolean dryRun;
        @Option(names = "--json", description = "print the job as JSON")
        boolean json;

        @Override
        public Integer call() {
            JobView job = withJobs(config, jobs -> jobs.submit(
                    new JobRequest(feed, kind, resource, listingKeys, filter, dryRun)));
            print(job, json, queued -> "job " + queued.id() + " queued (" + describe(queued)
                    + "); a running mlsync serve or mlsync worker runs it — mlsync jobs show " + queued.id());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recent jobs, newest first.")
    static final class ListJobs implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Option(names = "--feed", paramLabel = "ID", description = "only this feed")
        String feed;
        @Option(names = "--status", paramLabel = "S", description = "queued, running, completed, failed or cancelled")
        String status;
        @Option(names = "--limit", defaultValue = "" + JobService.DEFAULT_LIST_LIMIT, paramLabel = "N")
        int limit;
        @Option(names = "--json", description = "print a JSON array")
        boolean json;

        @Override
        public Integer call() {
            List<JobView> jobs = withJobs(config, service -> service.list(feed, status, limit));
            if (json) {
                System.out.println(Json.write(jobs));
            } else if (jobs.isEmpty()) {
                System.out.println("no jobs");
            } else {
                jobs.forEach(job -> System.out.println(line(job)));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One job with its progress and counts.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID")
        long id;
        @Option(names = "--json", description = "print the job as JSON")
        boolean json;

        @Override
        public Integer call() {
            JobView job = withJobs(config, jobs -> jobs.require(id));
            print(job, json, JobsCommand::details);
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a job: a queued job never starts; a running job stops at its next page boundary.")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID")
        long id;
        @Option(names = "--json", description = "print the job as JSON")
        boolean json;

        @Override
        public Integer call() {
            JobView job = withJobs(config, jobs -> jobs.cancel(id));
            print(job, json, asked -> asked.finished() ? "job " + id + " is " + asked.status()
                    : "job " + id + ": cancel requested; it stops at its next page boundary");
            return 0;
        }
    }

    static String describe(JobView job) {
        StringBuilder s = new StringBuilder(job.trigger()).append(' ').append(job.kind()).append(" of feed ")
                .append(job.feed());
        if (job.resource() != null) {
            s.append(", ").append(job.resource());
        }
        if (job.listingKeys() != null) {
            s.append(", listings ").append(String.join(",", job.listingKeys()));
        }
        if (job.filter() != null) {
            s.append(", filter ").append(job.filter());
        }
        if (job.dryRun()) {
            s.append(", dry run");
        }
        return s.toString();
    }

    static String line(JobView job) {
        JobView.Counts c = job.counts();
        return String.format("%6d %-9s %s — %d pages, +%d ~%d -%d =%d !%d%s", job.id(), job.status(), describe(job),
                job.progress().pages(), c.added(), c.updated(), c.deleted(), c.unchanged(), c.failed(),
                job.error() != null ? " — " + job.error() : job.note() != null ? " — " + job.note() : "");
    }

    /** How {@code submit}, {@code show} and {@code cancel} print the job: as JSON with --json, else {@code text}. */
    static void print(JobView job, boolean json, Function<JobView, String> text) {
        System.out.println(json ? Json.write(job) : text.apply(job));
    }

    /** Every field of a job, a few lines long ({@code jobs show}). */
    static String details(JobView job) {
        List<String> lines = new ArrayList<>();
        lines.add("job " + job.id() + ": " + job.status() + " (" + describe(job) + ", priority " + job.priority() + ")");
        JobView.Progress p = job.progress();
        lines.add("  progress: " + p.recordsDone() + (p.recordsTotal() == null ? "" : " of " + p.recordsTotal())
                + " records, " + p.pages() + " pages" + (p.mediaDone() > 0 || p.mediaTotal() != null
                ? ", media " + p.mediaDone() + (p.mediaTotal() == null ? "" : " of " + p.mediaTotal()) : ""));
        JobView.Counts c = job.counts();
        lines.add("  " + (job.dryRun() ? "would change" : "counts") + ": added " + c.added() + ", updated "
                + c.updated() + ", deleted " + c.deleted() + ", unchanged " + c.unchanged() + ", failed " + c.failed());
        lines.add("  created " + job.createdAt() + (job.startedAt() == null ? "" : ", started " + job.startedAt())
                + (job.finishedAt() == null ? "" : ", finished " + job.finishedAt())
                + (job.worker() == null ? "" : ", worker " + job.worker())
                + (job.attempts() > 1 ? ", attempts " + job.attempts() : ""));
        if (job.cancelRequested() && !job.finished()) {
            lines.add("  cancel requested");
        }
        if (job.error() != null) {
            lines.add("  error: " + job.error());
        }
        if (job.note() != null) {
            lines.add("  note: " + job.note());
        }
        if (!job.runIds().isEmpty()) {
            lines.add("  runs: " + job.runIds());
        }
        return String.join(System.lineSeparator(), lines);
    }
}
