package sglp.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each public format read from small files in its layouts, with lm-eval's prompts, and its errors. */
class TaskFormatTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void piqaReadsLabelsFromTheSiblingFileOrFromTheLines() throws IOException {
        Path f = write("valid.jsonl", "{\"goal\": \"Open a jar\", \"sol1\": \"twist the lid\", \"sol2\": \"eat it\"}\n"
                + "{\"goal\": \"Dry hands\", \"sol1\": \"use water\", \"sol2\": \"use a towel\"}\n");
        write("valid-labels.lst", "0\n1\n");
        ChoiceTask t = TaskFormat.PIQA.read(f);
        assertEquals("piqa", t.name());
        assertEquals(List.of(0, 1), t.items().stream().map(ChoiceItem::answer).toList());
        assertEquals(new Choice("Question: Open a jar\nAnswer:", " twist the lid"), t.items().get(0).choices().get(0));
        assertEquals(f + ":2", t.items().get(1).id());
        Path labelled = write("hf.jsonl", "{\"goal\": \"g\", \"sol1\": \"a\", \"sol2\": \"b\", \"label\": 1}\n");
        assertEquals(1, TaskFormat.PIQA.read(labelled).items().get(0).answer());
        write("valid-labels.lst", "0\n");
        assertEquals(dir.resolve("valid-labels.lst") + ": expected one label per item of " + f + " (2), found 1",
                message(() -> TaskFormat.PIQA.read(f)));
        Path bad = write("bad.jsonl", "{\"goal\": \"g\", \"sol1\": \"a\", \"label\": 0}\n");
        assertEquals(bad + " line 1: field 'sol2': expected a value, found missing",
                message(() -> TaskFormat.PIQA.read(bad)));
    }

    @Test
    void hellaswagCleansAndCapitalisesAsLmEval() throws IOException {
        Path f = write("hellaswag_val.jsonl", "{\"ind\": 4, \"activity_label\": \"Removing ice from car\", "
                + "\"ctx_a\": \"Then, the man writes over the snow.\", \"ctx_b\": \"then\", \"endings\": "
                + "[\", the man [title] is here.\", \" stops.\", \" drives  away.\", \" sings [header].\"], "
                + "\"label\": \"2\"}\n");
        ChoiceItem item = TaskFormat.HELLASWAG.read(f).items().get(0);
        assertEquals(2, item.answer());
        assertEquals("Removing ice from car: Then, the man writes over the snow. Then",
                item.choices().get(0).context());
        assertEquals(List.of(" , the man. is here.", " stops.", " drives away.", " sings ."),
                item.choices().stream().map(Choice::continuation).toList());
        assertEquals("Abc def", TaskFormat.capitalize("aBC DEF"));
        Path bad = write("bad.jsonl", "{\"activity_label\": \"a\", \"ctx_a\": \"b\", \"ctx_b\": \"c\", "
                + "\"endings\": [\"x\", \"y\"], \"label\": 5}\n");
        assertEquals(bad + " line 1: field 'label': expected one of [0, 1], found '5'",
                message(() -> TaskFormat.HELLASWAG.read(bad)));
    }

    @Test
    void arcReadsTheAi2AndTheHuggingFaceLayouts() throws IOException {
        Path ai2 = write("ARC-Easy-Test.jsonl", "{\"id\": \"q1\", \"question\": {\"stem\": \"Which is a metal?\", "
                + "\"choices\": [{\"text\": \"wood\", \"label\": \"A\"}, {\"text\": \"iron\", \"label\": \"B\"}, "
                + "{\"text\": \"glass\", \"label\": \"C\"}]}, \"answerKey\": \"B\"}\n"
                + "{\"id\": \"q2\", \"question\": {\"stem\": \"Two?\", \"choices\": [{\"text\": \"one\", "
                + "\"label\": \"1\"}, {\"text\": \"two\", \"label\": \"2\"}]}, \"answerKey\": \"2\"}\n");
        ChoiceTask t = TaskFormat.ARC_EASY.read(ai2);
        assertEquals("arc_easy", t.name());
        assertEquals(List.of(1, 1), t.items().stream().map(ChoiceItem::answer).toList());
        assertEquals(new Choice("Question: Which is a metal?\nAnswer:", " iron"), t.items().get(0).choices().get(1));
        Path hf = write("arc_hf.jsonl", "{\"question\": \"Which is a metal?\", \"choices\": {\"text\": [\"wood\", "
                + "\"iron\"], \"label\": [\"A\", \"B\"]}, \"answerKey\": \"A\"}\n");
        ChoiceTask h = TaskFormat.ARC_CHALLENGE.read(hf);
        assertEquals("arc_challenge", h.name());
        assertEquals(0, h.items().get(0).answer());
        Path bad = write("arc_bad.jsonl", "{\"question\": \"q\", \"choices\": {\"text\": [\"a\", \"b\"], "
                + "\"label\": [\"A\", \"B\"]}, \"answerKey\": \"E\"}\n");
        assertEquals(bad + " line 1: field 'answerKey': expected one of [A, B], found 'E'",
                message(() -> TaskFormat.ARC_EASY.read(bad)));
    }

    @Test
    void openBookQaUsesTheStemAsContext() throws IOException {
        Path ai2 = write("obqa.jsonl", "{\"id\": \"7-980\", \"question\": {\"stem\": \"The sun is\", \"choices\": "
                + "[{\"text\": \"cold\", \"label\": \"A\"}, {\"text\": \"hot\", \"label\": \"B\"}]}, "
                + "\"answerKey\": \"B\"}\n");
        Path hf = write("obqa_hf.jsonl", "{\"question_stem\": \"The sun is\", \"choices\": {\"text\": [\"cold\", "
                + "\"hot\"], \"label\": [\"A\", \"B\"]}, \"answerKey\": \"B\"}\n");
        for (Path f : List.of(ai2, hf)) {
            ChoiceItem item = TaskFormat.OPENBOOKQA.read(f).items().get(0);
            assertEquals(List.of(new Choice("The sun is", " cold"), new Choice("The sun is", " hot")), item.choices());
            assertEquals(1, item.answer());
        }
    }

    @Test
    void winograndeScoresTheRestOfTheSentenceAfterEachOption() throws IOException {
        Path f = write("dev.jsonl", "{\"sentence\": \"Sarah was a better cook than Maria because _ practised.\", "
                + "\"option1\": \"Sarah\", \"option2\": \"Maria\", \"answer\": \"1\"}\n");
        ChoiceItem item = TaskFormat.WINOGRANDE.read(f).items().get(0);
        assertEquals(List.of(new Choice("Sarah was a better cook than Maria because Sarah", " practised."),
                new Choice("Sarah was a better cook than Maria because Maria", " practised.")), item.choices());
        assertEquals(0, item.answer());
        Path bad = write("bad.jsonl", "{\"sentence\": \"no blank\", \"option1\": \"a\", \"option2\": \"b\", "
                + "\"answer\": \"1\"}\n");
        assertEquals(bad + " line 1: field 'sentence': expected a sentence with a blank '_', found 'no blank'",
                message(() -> TaskFormat.WINOGRANDE.read(bad)));
        Path unlabelled = write("test.jsonl", "{\"sentence\": \"a _ b\", \"option1\": \"x\", \"option2\": \"y\", "
                + "\"answer\": \"\"}\n");
        assertEquals(unlabelled + " line 1: field 'answer': expected one of [1, 2], found ''",
                message(() -> TaskFormat.WINOGRANDE.read(unlabelled)));
    }

    @Test
    void mmluReadsQuotedCsvFilesOfAFolderWithTheSubjectInThePrompt() throws IOException {
        write("mmlu/abstract_algebra_test.csv", "\"Find x, if 2x = 4.\",1,2,3,4,B\r\n"
                + "\"He said \"\"hi\"\"\nthen left\",a,b,c,d,D\r\n");
        write("mmlu/virology_test.csv", "What is a virus?,a,b,c,d,A\n");
        ChoiceTask t = TaskFormat.MMLU.read(dir.resolve("mmlu"));
        assertEquals(3, t.items().size());
        ChoiceItem first = t.items().get(0);
        assertEquals("The following are multiple choice questions (with answers) about abstract algebra.\n\n"
                + "Find x, if 2x = 4.\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer:", first.choices().get(0).context());
        assertEquals(List.of(" A", " B", " C", " D"), first.choices().stream().map(Choice::continuation).toList());
        assertEquals(1, first.answer());
        assertTrue(t.items().get(1).choices().get(0).context().contains("He said \"hi\"\nthen left\nA. a"));
        assertTrue(t.items().get(1).id().endsWith("abstract_algebra_test.csv:2"));
        assertTrue(t.items().get(2).choices().get(0).context().contains("about virology."));
        Path bad = write("bad_test.csv", "q,a,b,c,d,E\n");
        assertEquals(bad + " line 1: field 'answer': expected one of [A, B, C, D], found 'E'",
                message(() -> TaskFormat.MMLU.read(bad)));
        Path open = write("open_test.csv", "\"q,a,b,c,d,A\n");
        assertEquals(open + " line 1: a quoted field is not closed before the end of the file",
                message(() -> TaskFormat.MMLU.read(open)));
        Path short1 = write("short_test.csv", "q,a,b,A\n");
        assertEquals(short1 + " line 1: expected 6 fields (question, A, B, C, D, answer), found 4",
                message(() -> TaskFormat.MMLU.read(short1)));
    }

    @Test
    void cmmluReadsTheHeaderAndTheChineseTemplate() throws IOException {
        Path f = write("agronomy.csv", "\uFEFF,Question,A,B,C,D,Answer\n0,水稻是什么？,粮食,金属,气体,岩石,A\n");
        ChoiceItem item = TaskFormat.CMMLU.read(f).items().get(0);
        assertEquals("以下是关于agronomy的单项选择题，请直接给出正确答案的选项。\n\n水稻是什么？\nA. 粮食\nB. 金属\nC. 气体\nD. 岩石\n答案：",
                item.choices().get(0).context());
        assertEquals(0, item.answer());
        Path bad = write("bad.csv", ",Question,A,B,C,Answer\n0,q,a,b,c,A\n");
        assertEquals(bad + " line 1: expected a header with columns [Question, A, B, C, D, Answer], found "
                + "[, Question, A, B, C, Answer]", message(() -> TaskFormat.CMMLU.read(bad)));
    }

    @Test
    void namesAndMalformedLinesAreClearErrors() throws IOException {
        assertEquals(TaskFormat.ARC_CHALLENGE, TaskFormat.byName("ARC-Challenge"));
        assertEquals("zero-shot task: expected one of piqa|hellaswag|arc_easy|arc_challenge|openbookqa|winogrande|"
                + "mmlu|cmmlu, found 'boolq'", message(() -> TaskFormat.byName("boolq")));
        Path broken = write("broken.jsonl", "{\"goal\": \"g\"}\n[1, 2]\n");
        assertEquals(broken + " line 2: expected a JSON object, found [1,2]",
                message(() -> TaskFormat.HELLASWAG.read(broken)));
        assertEquals(dir.resolve("none.jsonl") + ": not found (expected a task file)",
                message(() -> TaskFormat.PIQA.read(dir.resolve("none.jsonl"))));
    }
}
