package dev.mlsync.replicate;

/**
 * Sees every run of the process, whoever started it (CLI, scheduler, API): metrics and alerts hang here.
 * Called on the running thread; implementations must be quick and must not throw.
 */
public interface RunObserver {
    RunObserver NONE = new RunObserver() {
    };

    /** After a page and its cursor have committed. */
    default void pageCommitted(PageProgress progress) {
    }

    /** After a run ended, however it ended. */
    default void runFinished(RunResult result) {
    }
}
