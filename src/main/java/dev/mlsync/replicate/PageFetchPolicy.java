package dev.mlsync.replicate;

import java.util.function.Supplier;

/**
 * How fetching a page is guarded: the composition root wraps every page fetch with the retry policy
 * (the replicator itself never retries or sleeps). A fetch has no side effects until its page
 * commits, so repeating it is always safe.
 */
public interface PageFetchPolicy {
    PageFetchPolicy DIRECT = new PageFetchPolicy() {
        @Override
        public <T> T call(String what, Supplier<T> attempt) {
            return attempt.get();
        }
    };

    <T> T call(String what, Supplier<T> attempt);
}
