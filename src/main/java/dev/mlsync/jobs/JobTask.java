package dev.mlsync.jobs;

/** The db-scheduler one-time task that runs jobs: task name {@value #NAME}, instance id = job id. */
final class JobTask {
    static final String NAME = "job";

    private JobTask() {
    }
}
