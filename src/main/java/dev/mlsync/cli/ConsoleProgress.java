package dev.mlsync.cli;

import dev.mlsync.replicate.PageProgress;
import dev.mlsync.replicate.RunListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Shows a run's progress: a progress bar (records, pages, rate) on a terminal, a plain log line per
 * page otherwise (so logs stay readable under systemd or in CI).
 */
final class ConsoleProgress implements RunListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.mlsync.sync");

    private final boolean terminal;
    private final boolean quiet;
    private final Clock clock;
    private ProgressBar bar;
    private String current;
    private Instant started;
    private Instant lastProgress;

    ConsoleProgress(boolean quiet, Clock clock) {
        this.terminal = System.console() != null && !quiet;
        this.quiet = quiet;
        this.clock = clock;
        this.lastProgress = clock.instant();
    }

    @Override
    public void pageCommitted(PageProgress progress) {
        String task = progress.feedId() + " " + progress.resource();
        if (!task.equals(current)) {
            closeBar();
            current = task;
            started = lastProgress;
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setUnit(" records", 1)
                        .setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate().build();
            }
        }
        lastProgress = clock.instant();
        long expected = progress.expectedRecords();
        if (bar != null) {
            if (expected > 0) {
                bar.maxHint(Math.max(expected, progress.records()));
            }
            bar.stepTo(progress.records());
            bar.setExtraMessage(progress.pages() + " pages");
        } else if (!quiet) {
            double seconds = Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
            double rate = progress.records() / seconds;
            LOG.info("{}: page {} committed, {} records{} ({} /s{}), cursor {}", task, progress.pages(),
                    progress.records(), expected > 0 ? " of " + expected : "", Math.round(rate),
                    eta(expected, progress.records(), rate), progress.cursor().timestamp());
        }
    }

    private static String eta(long expected, long done, double rate) {
        if (expected <= 0 || rate <= 0 || done >= expected) {
            return "";
        }
        long seconds = Math.round((expected - done) / rate);
        return String.format(", ETA %d:%02d", seconds / 60, seconds % 60);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
