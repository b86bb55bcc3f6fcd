package sglp.zeroshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sglp.io.CsvRows;
import sglp.io.InputFiles;
import sglp.zeroshot.JsonLines.Line;

/**
 * The public file formats of the zero-shot benchmarks of the paper's Table 4, each read into a {@link ChoiceTask}
 * with the prompt lm-evaluation-harness gives it (its task YAMLs: the context, the answers after a space, the right
 * answer's index).
 *
 * <ul>
 *   <li>{@link #PIQA}: JSONL with {@code goal}, {@code sol1}, {@code sol2} and either {@code label} or the labels in
 *       the sibling {@code <name>-labels.lst} (one 0/1 per line), as the original release ships them. Context
 *       {@code "Question: <goal>\nAnswer:"}.</li>
 *   <li>{@link #HELLASWAG}: JSONL with {@code activity_label}, {@code ctx_a}, {@code ctx_b}, {@code endings},
 *       {@code label}. Context {@code activity_label + ": " + ctx_a + " " + ctx_b} with ctx_b capitalised as
 *       Python's {@code str.capitalize}; context and endings cleaned as lm-eval's {@code preprocess} (strip,
 *       {@code " [title]"} to {@code ". "}, bracketed text removed, double spaces made single).</li>
 *   <li>{@link #ARC_EASY}, {@link #ARC_CHALLENGE}: JSONL, AI2's layout ({@code question: {stem, choices: [{text,
 *       label}]}}) or the Hugging Face one ({@code question}, {@code choices: {text: [], label: []}}), with
 *       {@code answerKey} a letter or a digit among the labels. Context {@code "Question: <q>\nAnswer:"}.</li>
 *   <li>{@link #OPENBOOKQA}: JSONL, AI2's layout ({@code question: {stem, choices}}) or Hugging Face's
 *       ({@code question_stem}, {@code choices: {text, label}}), {@code answerKey}. Context: the stem.</li>
 *   <li>{@link #WINOGRANDE}: JSONL with {@code sentence} (one {@code _}), {@code option1}, {@code option2},
 *       {@code answer} "1" or "2". Partial scoring: each option replaces the blank in its own context, and the
 *       rest of the sentence is the continuation scored for both.</li>
 *   <li>{@link #MMLU}: the CSV files of Hendrycks et al. without header (question, A, B, C, D, answer letter), one
 *       file {@code <subject>_test.csv} or a folder of them. Context: {@code "The following are multiple choice
 *       questions (with answers) about <subject>.\n\n<question>\nA. ..\nB. ..\nC. ..\nD. ..\nAnswer:"}, answers
 *       {@code " A"} .. {@code " D"}.</li>
 *   <li>{@link #CMMLU}: CSV files with header ({@code ,Question,A,B,C,D,Answer}), one {@code <subject>.csv} or a
 *       folder of them. Context: lm-eval's Chinese description and template ending in {@code 答案：}, answers
 *       {@code " A"} .. {@code " D"}; the subject is the file's name (lm-eval writes each subject's Chinese name).</li>
 * </ul>
 */
public enum TaskFormat {
    /** Physical commonsense, two solutions. */
    PIQA("piqa"),
    /** Sentence completion, four endings. */
    HELLASWAG("hellaswag"),
    /** AI2 reasoning challenge, easy set. */
    ARC_EASY("arc_easy"),
    /** AI2 reasoning challenge, challenge set. */
    ARC_CHALLENGE("arc_challenge"),
    /** Open-book science questions, four answers. */
    OPENBOOKQA("openbookqa"),
    /** Pronoun resolution by filling a blank, two options. */
    WINOGRANDE("winogrande"),
    /** Massive multitask language understanding, four answers. */
    MMLU("mmlu"),
    /** Chinese massive multitask language understanding, four answers. */
    CMMLU("cmmlu");

    private static final List<String> LETTERS = List.of("A", "B", "C", "D");

    private final String taskName;

    TaskFormat(String taskName) {
        this.taskName = taskName;
    }

    /** @return lm-eval's name of the task, such as {@code arc_easy} */
    public String taskName() {
        return taskName;
    }

    /**
     * @param name a task's name, such as {@code piqa} or {@code ARC-Easy}
     * @return its format
     * @throws IllegalArgumentException listing the names when there is no such task
     */
    public static TaskFormat byName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(f -> f.taskName.equals(n)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("zero-shot task: expected one of " + Arrays.stream(values())
                        .map(TaskFormat::taskName).collect(Collectors.joining("|")) + ", found '" + name + "'"));
    }

    /**
     * Reads a task.
     *
     * @param path a file, or for MMLU and CMMLU also a folder of CSV files
     * @return the task, named {@link #taskName()}
     * @throws IllegalArgumentException naming the file, the line and the field of anything malformed
     */
    public ChoiceTask read(Path path) {
        List<ChoiceItem> items = switch (this) {
            case PIQA -> piqa(path);
            case HELLASWAG -> lines(path).stream().map(TaskFormat::hellaswag).toList();
            case ARC_EASY, ARC_CHALLENGE -> lines(path).stream().map(TaskFormat::arc).toList();
            case OPENBOOKQA -> lines(path).stream().map(TaskFormat::openBookQa).toList();
            case WINOGRANDE -> lines(path).stream().map(TaskFormat::winogrande).toList();
            case MMLU -> csvFiles(path).stream().flatMap(f -> mmlu(f).stream()).toList();
            case CMMLU -> csvFiles(path).stream().flatMap(f -> cmmlu(f).stream()).toList();
        };
        if (items.isEmpty()) {
            throw new IllegalArgumentException(path + ": expected at least one " + taskName + " item, found none");
        }
        return new ChoiceTask(taskName, items);
    }

    private static List<ChoiceItem> piqa(Path file) {
        List<Line> lines = lines(file);
        List<String> labels = null;
        if (!lines.isEmpty() && !lines.get(0).has("label")) {
            Path labelFile = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.jsonl?$", "")
                    + "-labels.lst");
            labels = text(labelFile).lines().filter(l -> !l.isBlank()).map(String::strip).toList();
            if (labels.size() != lines.size()) {
                throw new IllegalArgumentException(labelFile + ": expected one label per item of " + file + " ("
                        + lines.size() + "), found " + labels.size());
            }
        }
        List<ChoiceItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            String label = labels != null ? labels.get(i) : l.string("label");
            String context = "Question: " + l.string("goal") + "\nAnswer:";
            items.add(new ChoiceItem(l.id(), List.of(new Choice(context, " " + l.string("sol1")),
                    new Choice(context, " " + l.string("sol2"))), index(l, "label", label, List.of("0", "1"))));
        }
        return items;
    }

    private static ChoiceItem hellaswag(Line l) {
        String context = clean(l.string("activity_label") + ": " + l.string("ctx_a") + " "
                + capitalize(l.string("ctx_b")));
        List<String> endings = l.strings("endings");
        return new ChoiceItem(l.id(), endings.stream().map(e -> new Choice(context, " " + clean(e))).toList(),
                index(l, "label", l.string("label"), numbers(endings.size(), 0)));
    }

    private static ChoiceItem arc(Line l) {
        String question;
        List<String> texts;
        List<String> labels;
        if (l.get("question").isJsonObject()) {
            question = l.string("question", "stem");
            texts = l.objects("question", "choices").stream().map(c -> c.get("text").getAsString()).toList();
            labels = l.objects("question", "choices").stream().map(c -> c.get("label").getAsString()).toList();
        } else {
            question = l.string("question");
            texts = l.strings("choices", "text");
            labels = l.strings("choices", "label");
        }
        String context = "Question: " + question + "\nAnswer:";
        return new ChoiceItem(l.id(), texts.stream().map(t -> new Choice(context, " " + t)).toList(),
                index(l, "answerKey", l.string("answerKey").strip(), labels));
    }

    private static ChoiceItem openBookQa(Line l) {
        String stem;
        List<String> texts;
        List<String> labels;
        if (l.has("question_stem")) {
            stem = l.string("question_stem");
            texts = l.strings("choices", "text");
            labels = l.strings("choices", "label");
        } else {
            stem = l.string("question", "stem");
            texts = l.objects("question", "choices").stream().map(c -> c.get("text").getAsString()).toList();
            labels = l.objects("question", "choices").stream().map(c -> c.get("label").getAsString()).toList();
        }
        return new ChoiceItem(l.id(), texts.stream().map(t -> new Choice(stem, " " + t)).toList(),
                index(l, "answerKey", l.string("answerKey").strip(), labels));
    }

    private static ChoiceItem winogrande(Line l) {
        String sentence = l.string("sentence");
        int blank = sentence.indexOf('_');
        if (blank < 0) {
            throw l.error("sentence", "a sentence with a blank '_'", "'" + sentence + "'");
        }
        String rest = " " + sentence.substring(blank + 1).strip();
        String before = sentence.substring(0, blank);
        return new ChoiceItem(l.id(), List.of(new Choice(before + l.string("option1"), rest),
                new Choice(before + l.string("option2"), rest)), index(l, "answer", l.string("answer"),
                numbers(2, 1)));
    }

    private static List<ChoiceItem> mmlu(Path file) {
        String subject = file.getFileName().toString().replaceFirst("\\.csv$", "")
                .replaceFirst("_(test|val|dev)$", "").replace('_', ' ');
        String description = "The following are multiple choice questions (with answers) about " + subject + ".\n\n";
        List<ChoiceItem> items = new ArrayList<>();
        for (CsvRows.Row row : CsvRows.parse(text(file), file.toString())) {
            if (row.fields().size() != 6) {
                throw new IllegalArgumentException(file + " line " + row.line() + ": expected 6 fields (question, "
                        + "A, B, C, D, answer), found " + row.fields().size());
            }
            List<String> f = row.fields();
            items.add(lettered(file + ":" + row.line(), description + f.get(0).strip(), f.subList(1, 5), "Answer:",
                    f.get(5), file + " line " + row.line() + ": field 'answer'"));
        }
        return items;
    }

    private static List<ChoiceItem> cmmlu(Path file) {
        String subject = file.getFileName().toString().replaceFirst("\\.csv$", "").replace('_', ' ');
        String description = "以下是关于" + subject + "的单项选择题，请直接给出正确答案的选项。\n\n";
        List<CsvRows.Row> rows = CsvRows.parse(text(file), file.toString());
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0).fields().stream().map(String::strip).toList();
        int[] at = new int[6];
        List<String> names = List.of("Question", "A", "B", "C", "D", "Answer");
        for (int i = 0; i < names.size(); i++) {
            at[i] = header.indexOf(names.get(i));
            if (at[i] < 0) {
                throw new IllegalArgumentException(file + " line 1: expected a header with columns " + names
                        + ", found " + header);
            }
        }
        List<ChoiceItem> items = new ArrayList<>();
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            List<String> f = row.fields();
            if (f.size() != header.size()) {
                throw new IllegalArgumentException(file + " line " + row.line() + ": expected " + header.size()
                        + " fields as the header, found " + f.size());
            }
            items.add(lettered(file + ":" + row.line(), description + f.get(at[0]).strip(),
                    List.of(f.get(at[1]), f.get(at[2]), f.get(at[3]), f.get(at[4])), "答案：", f.get(at[5]),
                    file + " line " + row.line() + ": field 'Answer'"));
        }
        return items;
    }

    /** A four-answer item whose answers are the letters after a listing of the options. */
    private static ChoiceItem lettered(String id, String question, List<String> options, String cue, String answer,
            String where) {
        StringBuilder context = new StringBuilder(question);
        for (int i = 0; i < 4; i++) {
            context.append('\n').append(LETTERS.get(i)).append(". ").append(options.get(i));
        }
        context.append('\n').append(cue);
        int index = LETTERS.indexOf(answer.strip());
        if (index < 0) {
            throw new IllegalArgumentException(where + ": expected one of " + LETTERS + ", found '" + answer + "'");
        }
        String c = context.toString();
        return new ChoiceItem(id, LETTERS.stream().map(letter -> new Choice(c, " " + letter)).toList(), index);
    }

    private static int index(Line l, String field, String value, List<String> labels) {
        int i = labels.indexOf(value.strip());
        if (i < 0) {
            throw l.error(field, "one of " + labels, "'" + value + "'");
        }
        return i;
    }

    private static List<String> numbers(int n, int from) {
        return Stream.iterate(from, i -> i + 1).limit(n).map(String::valueOf).toList();
    }

    /** lm-eval's HellaSwag {@code preprocess}. */
    static String clean(String text) {
        return text.strip().replace(" [title]", ". ").replaceAll("\\[.*?\\]", "").replace("  ", " ");
    }

    /** Python's {@code str.capitalize}: the first character upper case, the rest lower case. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.offsetByCodePoints(0, 1);
        return s.substring(0, first).toUpperCase(Locale.ROOT) + s.substring(first).toLowerCase(Locale.ROOT);
    }

    private static List<Line> lines(Path file) {
        return JsonLines.parse(text(file), file.toString());
    }

    private static List<Path> csvFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            List<Path> csv = files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
            if (csv.isEmpty()) {
                throw new IllegalArgumentException(path + ": expected .csv files in the folder, found none");
            }
            return csv;
        } catch (IOException e) {
            throw InputFiles.unchecked("cannot list " + path, e);
        }
    }

    private static String text(Path file) {
        return InputFiles.readText(file, "a task file");
    }
}
