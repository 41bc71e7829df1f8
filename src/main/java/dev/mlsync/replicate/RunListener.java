package dev.mlsync.replicate;

/** Observes a run page by page and may stop it between pages (committed pages are kept). */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    /** Called after a page and its cursor have committed. */
    default void pageCommitted(PageProgress progress) {
    }

    /** Checked before each page; true stops the run at this page boundary. */
    default boolean cancelled() {
        return false;
    }
}
