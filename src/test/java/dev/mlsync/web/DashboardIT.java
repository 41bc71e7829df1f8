package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.BindAddress;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromium-driver; {@code .ci/run} installs them)
 * against a replicated simulator feed: it asks for the token, shows the feed and an open conflict between a local
 * edit and the MLS ("Keep local" resolves it), and "Sync now" starts a job whose progress appears. The driver and browser paths are explicit, so Selenium Manager never runs (the
 * network is closed). A screenshot is saved as target/dashboard.png.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ADMIN = "dashboard-admin-token";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void the_dashboard_should_show_the_feed_and_sync_now_should_start_a_job_with_visible_progress() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        try (Simulator sim = Simulator.start(SimOptions.of(120).withProfile(SimProfile.RESO).withToken("dash-sim"));
             Database database = TestPostgres.freshDatabase()) {
            FeedConfig feed = new FeedConfig("dash", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer("dash-sim"),
                    sim.originatingSystem(), List.of("Property"), 10, ProfileOverrides.none(),
                    new RateLimits(1000, null, null, null), null).withSchedule(new ScheduleConfig(null, null));
            ServerConfig server = ServerConfig.ofDefaults().withBind(new BindAddress("127.0.0.1", 0))
                    .withAdminToken(ADMIN);
            try (App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withServer(server), database,
                    Clock.systemUTC())) {
                assertThat(app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE))
                        .allMatch(RunResult::succeeded);
                // A local edit the MLS then changes: a manual conflict the dashboard lists.
                String edited = sim.truth("Property").stream().filter(t -> !t.deleted()).findFirst().orElseThrow().key();
                app.listingEdits().set("dash", edited, java.util.Map.of("ListPrice",
                        com.fasterxml.jackson.databind.node.IntNode.valueOf(1)), "agent");
                sim.corrupt("Property", edited, "ListPrice", "4242");
                sim.touch(edited);
                assertThat(app.sync().sync(feed, null, RunKind.INCREMENTAL, "test", RunListener.NONE))
                        .allMatch(RunResult::succeeded);
                long listings = database.status().totals("dash").listings();
                sim.advance(Duration.ofHours(6)); // so "Sync now" has changes to replicate, page by page
                try (App.Serving serving = app.serve(server)) {
                    WebDriver browser = chromium();
                    try {
                        browser.get(serving.http().uri().toString());
                        browser.findElement(By.id("token")).sendKeys(ADMIN);
                        browser.findElement(By.id("token-save")).click();

                        // The page re-renders every 2 s: read a row's cells in one go from a freshly found row.
                        List<String> cells = await("the feed with its record count", () -> {
                            WebElement row = first(browser, By.cssSelector("tr[data-feed=dash]"));
                            if (row == null || !text(row, ".records").equals(format(listings))) {
                                return null;
                            }
                            return List.of(text(row, ".last-run"), text(row, ".lag"), text(row, ".synced"),
                                    String.valueOf(row.findElements(By.cssSelector("svg.chart rect")).size()));
                        });
                        assertThat(cells.get(0)).startsWith("completed");
                        assertThat(cells.get(1)).startsWith("lag ").doesNotContain("–");
                        assertThat(cells.get(2)).startsWith("synced ");
                        assertThat(Integer.parseInt(cells.get(3))).as("bars in the runs chart").isPositive();

                        List<String> conflict = await("the open conflict", () -> {
                            WebElement row = first(browser, By.cssSelector("#conflicts tr.conflict"));
                            return row == null ? null : List.of(text(row, ".conflict-listing"),
                                    text(row, ".conflict-field"), text(row, ".conflict-local"), text(row, ".conflict-mls"),
                                    text(row, ".conflict-when"));
                        });
                        assertThat(conflict.subList(0, 4)).containsExactly(edited, "ListPrice", "1", "4242");
                        assertThat(conflict.get(4)).endsWith(" ago");
                        screenshot(browser, Path.of("target/dashboard-conflict.png"));
                        await("the Keep local button to take the click", () -> {
                            first(browser, By.cssSelector("#conflicts tr.conflict button.keep-local")).click();
                            return true;
                        });
                        await("the conflict to leave the list", () ->
                                browser.findElements(By.cssSelector("#conflicts tr.conflict")).isEmpty() ? true : null);
                        assertThat(app.listingEdits().conflicts("dash", "resolved", 10)).singleElement()
                                .satisfies(c -> assertThat(c.resolution()).isEqualTo("local"));

                        await("the Sync now button to take the click", () -> {
                            WebElement row = first(browser, By.cssSelector("tr[data-feed=dash]"));
                            row.findElement(By.cssSelector("button.sync-now")).click();
                            return true;
                        });
                        String job = await("a job with progress", () -> {
                            WebElement current = first(browser, By.cssSelector("#jobs tr.job"));
                            String progress = current == null ? "" : text(current, ".job-progress");
                            return progress.matches("[1-9][0-9,]* .*records.*") ? current.getText() : null;
                        });
                        assertThat(job).contains("dash").contains("incremental");
                        await("the job to complete", () -> {
                            WebElement current = first(browser, By.cssSelector("#jobs tr.job"));
                            return current != null && text(current, ".job-status").equals("completed") ? current : null;
                        });
                        screenshot(browser, Path.of("target/dashboard.png"));
                    } finally {
                        browser.quit();
                    }
                }
            }
        }
    }

    private static WebDriver chromium() throws IOException {
        Path profile = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File("target/chromedriver.log")).build();
        return new ChromeDriver(service, options);
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            T found;
            try {
                found = probe.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                found = null; // the dashboard re-rendered the row; look again
            }
            if (found != null) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the dashboard never showed " + what + " within " + PATIENCE.toSeconds() + " s");
    }

    private static WebElement first(WebDriver browser, By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static String text(WebElement row, String css) {
        return row.findElement(By.cssSelector(css)).getText().trim();
    }

    private static String format(long n) {
        return String.format(java.util.Locale.US, "%,d", n);
    }

    private static void screenshot(WebDriver browser, Path target) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
