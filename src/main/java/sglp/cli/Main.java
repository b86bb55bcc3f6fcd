package sglp.cli;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sglp.io.InputFiles;
import sglp.options.EnumWords;
import sglp.pipeline.Manifest;

/**
 * The {@code sglp} command line: one subcommand per stage, files in and out, and {@code run}, the whole pipeline.
 * Wrong arguments print a short usage; errors in the inputs print one message naming the file and the problem, and
 * exit with status 2 ({@code SGLP_DEBUG=1} adds the stack trace). Ctrl-C or SIGTERM stops the work at its next safe
 * point, prints one line and exits with status 130 ({@link StopSignals}).
 */
@Command(name = "sglp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Similarity-guided fast layer partition pruning (SGLP) on DJL.",
        subcommands = {RunCommand.class, CompareCommand.class, SweepCommand.class, ModelsCommand.class, ProbeCommand.class, CkaCommand.class,
                SegmentCommand.class, GradNormCommand.class, SearchCommand.class, PruneCommand.class,
                TrainCommand.class, LlmCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        StopSignals.install(Thread.currentThread());
        int status = execute(args);
        StopSignals.unwound();
        System.exit(status);
    }

    /**
     * Runs the command line without exiting.
     *
     * @param args the arguments
     * @return the exit status
     */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line without exiting, with error messages going to a given writer.
     *
     * @param err where usage errors and input errors are printed
     * @param args the arguments
     * @return the exit status: 0 done, 2 wrong arguments or bad input, 130 stopped by an interrupt
     */
    public static int execute(PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main()).setErr(err);
        cl.registerConverter(Path.class, new OutPaths.Any());
        EnumWords.install(cl);
        cl.setParameterExceptionHandler((e, arguments) -> {
            CommandLine where = e.getCommandLine();
            PrintWriter out = where.getErr();
            out.println(where.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, out);
            out.println("usage: " + where.getHelp().synopsis(0).strip().replaceAll("\\s+", " "));
            out.println("(" + where.getCommandSpec().qualifiedName() + " --help describes every option)");
            out.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            StopSignals.unwound();
            ConsoleProgress.closeAll();
            PrintWriter out = line.getErr();
            if (System.getenv("SGLP_DEBUG") != null) {
                e.printStackTrace(out);
            }
            boolean stopped = StopSignals.requested() || interrupted(e);
            out.println(line.getCommandSpec().qualifiedName() + ": " + (stopped
                    ? "stopped by an interrupt (" + message(e) + ")" : message(e)));
            out.flush();
            return stopped ? StopSignals.EXIT_STATUS : 2;
        });
        return cl.execute(args);
    }

    /** @return whether the error, or one of its causes, is the unwinding of an interrupted stage */
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CancellationException || t instanceof InterruptedException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** The message of the first cause that says something, file-system errors in the user's words. */
    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException f) {
                return InputFiles.describe(f);
            }
        }
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof UncheckedIOException)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version shown by {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sglp " + Manifest.version() + " (DJL " + Engine.getDjlVersion() + ")"};
        }
    }
}
