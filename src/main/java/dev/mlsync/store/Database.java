package dev.mlsync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.Secrets;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

import javax.sql.DataSource;

/**
 * The replica database: embedded PostgreSQL (data persists between runs) or any PostgreSQL >= 14 by
 * JDBC URL. Opening it applies pending Flyway migrations, the only DDL mlsync runs.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final EmbeddedServer embedded;
    private final Jdbi jdbi;
    private final String description;

    private Database(HikariDataSource dataSource, EmbeddedServer embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    }

    /** Starts (if embedded) and connects to the configured database, then migrates it. */
    public static Database open(DatabaseConfig config) {
        if (config.embedded()) {
            EmbeddedServer server = EmbeddedServer.start(config.embeddedDir());
            return connect(server.jdbcUrl(), "postgres", null, server,
                    "embedded PostgreSQL in " + config.embeddedDir().toAbsolutePath() + " (" + server.jdbcUrl() + ")");
        }
        String user = config.user();
        String password = config.password();
        return connect(config.url(), user, password, null, Secrets.redactUrl(config.url()));
    }

    /** The JDBC URL of the embedded server this database started, or empty for an external database. */
    public java.util.Optional<String> embeddedJdbcUrl() {
        return embedded == null ? java.util.Optional.empty() : java.util.Optional.of(embedded.jdbcUrl());
    }

    /** Connects to an already running PostgreSQL (used by tests and external databases). */
    public static Database connect(String jdbcUrl, String user, String password) {
        return connect(jdbcUrl, user, password, null, Secrets.redactUrl(jdbcUrl));
    }

    private static Database connect(String url, String user, String password, EmbeddedServer embedded,
                                    String description) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        if (user != null) {
            hikari.setUsername(user);
        }
        if (password != null) {
            hikari.setPassword(password);
        }
        hikari.setMaximumPoolSize(8);
        hikari.setPoolName("mlsync");
        // Shown by PostgreSQL for every connection, so "who holds this feed's lease" has an answer.
        hikari.addDataSourceProperty("ApplicationName", applicationName());
        // Staged pages live in temp tables; keep them in memory rather than spilling to temp files.
        hikari.setConnectionInitSql("SET temp_buffers = '256MB'");
        hikari.setInitializationFailTimeout(15_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new StoreException("cannot connect to " + description + ": " + rootMessage(e), e);
        }
        migrate(dataSource, description);
        return new Database(dataSource, embedded, description);
    }

    private static void migrate(DataSource dataSource, String description) {
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .failOnMissingLocations(true).load().migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate " + description + ": " + rootMessage(e), e);
        }
    }

    private static String applicationName() {
        String name = "mlsync@" + hostName() + " pid " + ProcessHandle.current().pid();
        return name.length() > 60 ? name.substring(0, 60) : name;
    }

    /** The host name without a DNS lookup (which can hang on a misconfigured machine). */
    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).trim();
            } catch (java.io.IOException | RuntimeException e) {
                host = "";
            }
        }
        return host.isBlank() ? "unknown-host" : host;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Secrets.redactUrl(String.valueOf(root.getMessage()));
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * For commands that shut down gracefully on SIGTERM (serve, demo): embedded PostgreSQL then stops only
     * after {@link #close()}, so in-flight work can still be handed back. No effect on an external database.
     */
    public void stopEmbeddedLast() {
        if (embedded != null) {
            embedded.stopLast();
        }
    }

    /** Human-readable location of the database, without credentials. */
    public String description() {
        return description;
    }

    public ReplicaStore replica() {
        return new ReplicaStore(jdbi);
    }

    public RunStore runs() {
        return new RunStore(jdbi);
    }

    public QuotaStore quota() {
        return new QuotaStore(jdbi);
    }

    public JobStore jobs() {
        return new JobStore(jdbi);
    }

    /** The connection pool, for db-scheduler (which runs its own SQL on the {@code scheduled_tasks} table). */
    public DataSource dataSource() {
        return dataSource;
    }

    public DeadLetterStore deadLetters() {
        return new DeadLetterStore(jdbi);
    }

    public MediaStore media() {
        return new MediaStore(jdbi);
    }

    public StatusStore status() {
        return new StatusStore(jdbi);
    }

    public HistoryStore history() {
        return new HistoryStore(jdbi);
    }

    public ListingStore listings() {
        return new ListingStore(jdbi);
    }

    /** Local edits and their conflicts with the MLS. */
    public OverrideStore overrides() {
        return new OverrideStore(jdbi);
    }

    public AlertStore alerts() {
        return new AlertStore(jdbi);
    }

    public ReplicaAudit audit() {
        return new ReplicaAudit(jdbi);
    }

    public EventStore events() {
        return new EventStore(jdbi);
    }

    public WebhookStore webhooks() {
        return new WebhookStore(jdbi);
    }

    public GaugeStore gauges() {
        return new GaugeStore(jdbi);
    }

    /** Key reconciliation: the replica's side of the comparison and the deletes it decides. */
    public ReconcileStore reconcile() {
        return new ReconcileStore(jdbi);
    }

    /** Hard purge of records soft-deleted longer than the grace period. */
    public PurgeStore purge() {
        return new PurgeStore(jdbi);
    }

    /** The photos each media job waits for. */
    public JobMediaStore jobMedia() {
        return new JobMediaStore(jdbi);
    }

    /**
     * For readiness checks: how many known migrations are not applied (0 = schema current).
     *
     * @throws StoreException when the database cannot be reached
     */
    public int pendingMigrations() {
        try {
            jdbi.useHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
            return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().info()
                    .pending().length;
        } catch (RuntimeException e) {
            throw new StoreException("database unreachable: " + rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
