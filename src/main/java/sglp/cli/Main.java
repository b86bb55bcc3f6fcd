package sglp.cli;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sglp.pipeline.Manifest;

/**
 * The {@code sglp} command line: one subcommand per stage, files in and out, and {@code run}, the whole pipeline.
 * Wrong arguments print a short usage; errors in the inputs print one message naming the file and the problem, and
 * exit with status 2 ({@code SGLP_DEBUG=1} adds the stack trace).
 */
@Command(name = "sglp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Similarity-guided fast layer partition pruning (SGLP) on DJL.",
        subcommands = {RunCommand.class, ModelsCommand.class, ProbeCommand.class, CkaCommand.class,
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
        System.exit(execute(args));
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
     * @return the exit status: 0 done, 2 wrong arguments or bad input
     */
    public static int execute(PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main()).setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter out = line.getErr();
            if (System.getenv("SGLP_DEBUG") != null) {
                e.printStackTrace(out);
            }
            out.println(line.getCommandSpec().qualifiedName() + ": " + message(e));
            out.flush();
            return 2;
        });
        return cl.execute(args);
    }

    private static String message(Throwable e) {
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
