package dev.mlsync.cli;

import dev.mlsync.store.MediaStore;
import dev.mlsync.store.MediaTotals;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows media work as it settles: a progress bar (photos stored or failed of those pending at the start) on a
 * terminal, a log line every few seconds otherwise, nothing when quiet.
 */
final class MediaProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.mlsync.media");
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final MediaStore store;
    private final String feedId;
    private final boolean quiet;
    private final MediaTotals start;
    private final long started = System.nanoTime();
    private ProgressBar bar;
    private long lastLog;

    MediaProgress(MediaStore store, String feedId, boolean quiet) {
        this.store = store;
        this.feedId = feedId;
        this.quiet = quiet;
        this.start = store.totals(feedId);
        if (System.console() != null && !quiet) {
            bar = new ProgressBarBuilder().setTaskName("photos").setInitialMax(Math.max(1, start.pending()))
                    .setUnit(" photos", 1).setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate().build();
        }
    }

    /** Called while waiting: reads the totals and shows them. */
    void poll() {
        if (quiet) {
            return;
        }
        MediaTotals now = store.totals(feedId);
        long settled = Math.max(0, now.stored() + now.failed() - start.stored() - start.failed());
        if (bar != null) {
            bar.maxHint(Math.max(settled + now.pending(), 1));
            bar.stepTo(settled);
            bar.setExtraMessage(now.failed() + " failed, " + now.derivativesPending() + " to resize");
        } else if (System.nanoTime() - lastLog > LOG_EVERY_NANOS) {
            lastLog = System.nanoTime();
            double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
            LOG.info("photos: {} settled ({} /s), {} pending, {} stored, {} failed, {} to resize", settled,
                    Math.round(settled / seconds), now.pending(), now.stored(), now.failed(), now.derivativesPending());
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
