package dev.mlsync.jobs;

import dev.mlsync.MlsyncException;

/** No job has this id. */
public final class JobNotFoundException extends MlsyncException {
    private final long jobId;

    public JobNotFoundException(long jobId) {
        super("job " + jobId + " not found");
        this.jobId = jobId;
    }

    public long jobId() {
        return jobId;
    }
}
