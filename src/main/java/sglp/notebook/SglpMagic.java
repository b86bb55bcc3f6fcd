package sglp.notebook;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import sglp.options.EnumWords;

/**
 * The {@code %sglp} line magic: {@code %sglp <subcommand> [options]} runs one SGLP stage on the notebook's session
 * ({@link Sglp#session()}) and displays its result, with the options of the command line ({@code --k 3},
 * {@code --keep 4 --mode paper}, ...). The subcommands are in {@link SglpCommands}; {@code %sglp help} lists them.
 *
 * <p>Failures are one cell error without a stack trace: a wrong word gets its message and the subcommand's usage; a
 * stage whose input is missing names the magic to run first; an interrupted stage says so, and the session keeps
 * the results of the stages before it. Option defaults come from {@link NotebookSettings} where set.
 */
final class SglpMagic {

    private SglpMagic() {
    }

    /**
     * Registers {@code %sglp}.
     *
     * @param front the kernel
     */
    static void register(NotebookFront front) {
        front.registerLineMagic("sglp", SglpMagic::run);
    }

    /**
     * Runs one subcommand.
     *
     * @param args the magic's arguments
     * @return the stage's result (the kernel binds it when the cell assigns the magic, {@code var r = %sglp cka});
     *     the subcommand displays its output itself
     * @throws MagicError when the arguments are wrong, an input is missing, the stage fails or is interrupted
     */
    static Object run(List<String> args) throws MagicError {
        CommandLine commandLine = commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            CommandLine where = e.getCommandLine();
            String message = where.getCommandSpec().qualifiedName() + ": " + e.getMessage();
            throw new MagicError(message, List.of(message,
                    "usage: " + where.getHelp().synopsis(0).strip(),
                    "(%sglp help" + (where == commandLine ? "" : " " + where.getCommandSpec().name())
                            + " describes the options)"));
        }
        if (!parsed.hasSubcommand()) {
            throw new MagicError("%sglp: expected a subcommand: " + String.join(", ",
                    commandLine.getSubcommands().keySet()) + " (%sglp help describes them)");
        }
        ParseResult deepest = parsed.subcommand();
        while (deepest.hasSubcommand()) {
            deepest = deepest.subcommand();
        }
        CommandLine stage = deepest.commandSpec().commandLine();
        String name = stage.getCommandSpec().qualifiedName();
        try {
            return ((Callable<?>) stage.getCommand()).call();
        } catch (MagicError e) {
            throw e;
        } catch (CancellationException e) {
            throw new MagicError(name + " interrupted (" + e.getMessage() + "); the session keeps the results of "
                    + "the stages before it");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MagicError(name + ": " + e.getMessage());
        } catch (Exception e) {
            throw new MagicError(name + " failed: " + e);
        } finally {
            Sglp.progress().finish();
        }
    }

    /** @return a fresh parser: option values are fields of the command objects, so each call gets its own */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SglpCommands());
        EnumWords.install(commandLine);
        commandLine.setUsageHelpWidth(110);
        commandLine.setDefaultValueProvider(arg -> arg instanceof OptionSpec option && !NotebookSettings.isPath(option)
                ? Sglp.settings().get(NotebookSettings.nameOf(option.longestName())) : null);
        commandLine.setOut(new PrintWriter(System.out, true));
        return commandLine;
    }

    /**
     * @param subcommand a subcommand's name, or null for all
     * @return the usage text of {@code %sglp} or of one subcommand
     * @throws IllegalArgumentException when there is no such subcommand
     */
    static String usage(String subcommand) {
        CommandLine commandLine = commandLine();
        if (subcommand == null) {
            return commandLine.getUsageMessage(Help.Ansi.OFF);
        }
        CommandLine sub = commandLine.getSubcommands().get(subcommand);
        if (sub == null) {
            throw new IllegalArgumentException("no subcommand '" + subcommand + "'; expected one of "
                    + String.join(", ", commandLine.getSubcommands().keySet()));
        }
        return sub.getUsageMessage(Help.Ansi.OFF);
    }
}
