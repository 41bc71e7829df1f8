package dev.mlsync.cli;

import dev.mlsync.MlsyncException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code mlsync} command line: parses arguments and calls the same services the API uses. */
@Command(name = "mlsync", mixinStandardHelpOptions = true, version = "mlsync 0.1.0",
        description = "Replicates MLS data (RESO Web API) into your PostgreSQL, exactly and resumably.",
        subcommands = {SyncCommand.class, StatusCommand.class, MediaCommand.class, WorkerCommand.class,
                JobsCommand.class, DemoCommand.class, SimCommand.class, ServeCommand.class, ConfigCommand.class,
                BenchCommand.class, ErrorsCommand.class, ListingCommand.class, ConflictsCommand.class,
                ReconcileCommand.class, DiffCommand.class, EventsCommand.class,
                CommandLine.HelpCommand.class})
public final class Cli {
    private Cli() {
    }

    /** Runs the command line and returns the process exit code. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Cli());
        commandLine.setExecutionExceptionHandler(Cli::handle);
        return commandLine.execute(args);
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof MlsyncException) {
            err.println("mlsync: " + e.getMessage());
        } else {
            err.println("mlsync: unexpected error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
