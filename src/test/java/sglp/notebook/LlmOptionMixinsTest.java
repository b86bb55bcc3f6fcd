package sglp.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import sglp.cli.Main;
import sglp.llm.BrownRecipe;
import sglp.llm.Lora;
import sglp.options.BrownOptions;
import sglp.options.CandidateLimitOption;
import sglp.options.HeldOutTokensOption;
import sglp.options.KeepOption;
import sglp.options.LlmModelOptions;
import sglp.options.LoraOptions;
import sglp.options.SeedOption;
import sglp.options.SeedsOption;
import sglp.options.SegmentOption;
import sglp.options.WindowOptions;

/**
 * The decoder's options are declared once: the command line's {@code sglp llm} commands and the {@code %sglp llm}
 * magics take them from the mixins of {@code sglp.options}, so an option has one description and one default.
 */
class LlmOptionMixinsTest {
    /** Each shared option and the mixin that declares it. */
    private static final Map<String, Class<?>> MIXIN = Map.ofEntries(Map.entry("--k", SegmentOption.class),
            Map.entry("--keep", KeepOption.class), Map.entry("--seed", SeedOption.class),
            Map.entry("--window", WindowOptions.class), Map.entry("--stride", WindowOptions.class),
            Map.entry("--lora-rank", LoraOptions.class), Map.entry("--lora-alpha", LoraOptions.class),
            Map.entry("--lora-targets", LoraOptions.class), Map.entry("--lora-steps", LoraOptions.class),
            Map.entry("--lora-lr", LoraOptions.class), Map.entry("--model", LlmModelOptions.class),
            Map.entry("--calibration", LlmModelOptions.class), Map.entry("--held-out", LlmModelOptions.class),
            Map.entry("--tuning", LlmModelOptions.class), Map.entry("--choice-items", LlmModelOptions.class),
            Map.entry("--held-out-tokens", HeldOutTokensOption.class), Map.entry("--vocab", BrownOptions.class),
            Map.entry("--documents", BrownOptions.class), Map.entry("--layers", BrownOptions.class),
            Map.entry("--steps", BrownOptions.class), Map.entry("--lr", BrownOptions.class),
            Map.entry("--seeds", SeedsOption.class), Map.entry("--candidate-limit", CandidateLimitOption.class));

    /** What llm compare takes; llm run takes LoRA's options too. */
    private static final List<String> COMPARE = List.of("--k", "--keep", "--seed", "--window", "--stride", "--model",
            "--calibration", "--held-out", "--tuning", "--choice-items", "--held-out-tokens", "--vocab", "--documents",
            "--layers", "--steps", "--lr", "--seeds", "--candidate-limit");
    private static final List<String> LORA = List.of("--lora-rank", "--lora-alpha", "--lora-targets", "--lora-steps",
            "--lora-lr");

    /** The command line's decoder commands and the shared options each takes. */
    private static Map<String, List<String>> commands() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("run", Stream.concat(COMPARE.stream(), LORA.stream()).toList());
        m.put("compare", COMPARE);
        m.put("prune", List.of("--k", "--keep", "--seed", "--window", "--stride", "--candidate-limit"));
        m.put("ppl", List.of("--window", "--stride"));
        m.put("train", List.of("--seed", "--window", "--stride", "--held-out-tokens", "--vocab", "--documents",
                "--layers", "--steps", "--lr"));
        m.put("lora", List.of("--seed", "--lora-rank", "--lora-alpha", "--lora-targets", "--lora-steps",
                "--lora-lr"));
        m.put("eval", List.of("--seed"));
        return m;
    }

    /** The magics {@code %sglp llm <stage>} and the shared options each takes. */
    private static Map<String, List<String>> magics() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("segment", List.of("--k"));
        m.put("search", List.of("--keep"));
        m.put("compare", List.of("--seeds"));
        m.put("model", List.of("--model", "--calibration", "--held-out", "--tuning", "--choice-items",
                "--held-out-tokens", "--vocab", "--documents", "--layers", "--steps", "--lr"));
        m.put("lora", LORA);
        return m;
    }

    /**
     * @param spec a command or mixin
     * @param option an option of it
     * @return the user objects of the mixins, nested ones included, that hold this very option
     */
    private static List<Object> declaredBy(CommandSpec spec, OptionSpec option) {
        List<Object> found = new ArrayList<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.options().contains(option)) {
                found.add(mixin.userObject());
            }
            found.addAll(declaredBy(mixin, option));
        }
        return found;
    }

    private static void assertFromMixin(String where, CommandSpec spec, String name) {
        OptionSpec option = spec.findOption(name);
        assertNotNull(option, where + " " + name);
        Class<?> mixin = MIXIN.get(name);
        assertTrue(declaredBy(spec, option).stream().anyMatch(mixin::isInstance), where + " " + name
                + " is not the option of " + mixin.getSimpleName());
    }

    @Test
    void theDecoderCommandsAndMagicsTakeTheSharedOptionsFromTheMixins() {
        CommandLine llm = new CommandLine(new Main()).getSubcommands().get("llm");
        commands().forEach((command, names) -> names.forEach(name -> assertFromMixin("sglp llm " + command,
                llm.getSubcommands().get(command).getCommandSpec(), name)));
        CommandLine magic = SglpMagic.commandLine().getSubcommands().get("llm");
        magics().forEach((stage, names) -> names.forEach(name -> assertFromMixin("%sglp llm " + stage,
                magic.getSubcommands().get(stage).getCommandSpec(), name)));
    }

    @Test
    void anOptionOfTheCommandLineAndOfAMagicHasOneDescriptionOneDefaultAndOneLabel() {
        // run: --k, --keep, 11 of the model, 5 of LoRA, --seeds; compare: the same but LoRA's; prune: --k, --keep;
        // train: 6; lora: 5
        CommandLine llm = new CommandLine(new Main()).getSubcommands().get("llm");
        CommandLine magic = SglpMagic.commandLine().getSubcommands().get("llm");
        int compared = 0;
        for (String command : commands().keySet()) {
            CommandSpec cli = llm.getSubcommands().get(command).getCommandSpec();
            for (String stage : magics().keySet()) {
                for (String name : magics().get(stage)) {
                    if (!commands().get(command).contains(name)) {
                        continue; // not the shared option: prune's --model is a required folder of its own
                    }
                    OptionSpec a = cli.findOption(name);
                    OptionSpec b = magic.getSubcommands().get(stage).getCommandSpec().findOption(name);
                    String where = name + " of sglp llm " + command + " and %sglp llm " + stage;
                    assertEquals(Arrays.asList(a.description()), Arrays.asList(b.description()), where);
                    assertEquals(a.defaultValue(), b.defaultValue(), where);
                    assertEquals(a.paramLabel(), b.paramLabel(), where);
                    compared++;
                }
            }
        }
        assertEquals(19 + 14 + 2 + 6 + 5, compared);
        assertFalse(magic.getSubcommands().get("model").getCommandSpec().optionsMap().containsKey("--folder"));
    }

    @Test
    void theLoraAndBrownOptionsDefaultToTheLibrarysSettings() {
        BrownOptions brown = new BrownOptions();
        new CommandLine(brown).parseArgs();
        assertEquals(BrownRecipe.standard(), brown.recipe(0));
        CommandLine parsed = new CommandLine(new LoraOptions());
        parsed.parseArgs();
        CommandSpec lora = parsed.getCommandSpec();
        Object rank = lora.findOption("--lora-rank").getValue();
        Object alpha = lora.findOption("--lora-alpha").getValue();
        Object targets = lora.findOption("--lora-targets").getValue();
        Object steps = lora.findOption("--lora-steps").getValue();
        Object rate = lora.findOption("--lora-lr").getValue();
        assertEquals(Lora.RANK, rank);
        assertEquals(Lora.ALPHA, alpha);
        assertEquals(Lora.PROJECTIONS, targets);
        assertEquals(Lora.STEPS, steps);
        assertEquals(Lora.LEARNING_RATE, rate);
    }
}
