package sglp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file contract of {@code sglp compare}, which other tools and our checks read. */
class CompareCommandTest {

    @TempDir
    Path dir;

    @Test
    void compareWritesTheContractsCsvAndDenseJson() throws Exception {
        Path out = dir.resolve("cmp");
        int status = Main.execute(new PrintWriter(System.err, true), "compare", "--train-images", "256",
                "--test-images", "100", "--epochs", "1", "--batch-size", "64", "--methods", "random,l1", "--seeds",
                "2", "--keep", "4", "--cka-samples", "32", "--cka-batch", "32", "--search-batch", "16",
                "--recalibrate-batches", "1", "--finetune-epochs", "0", "--out", out.toString());
        assertEquals(0, status);
        List<String> lines = Files.readAllLines(out.resolve("comparison.csv"));
        assertEquals("method,seed,removed,kept,acc_pruned,acc_recalibrated,acc_finetuned,params,macs,select_seconds",
                lines.get(0));
        assertEquals(5, lines.size(), "two methods, two seeds");
        String[] random = lines.get(1).split(",", -1);
        assertEquals("random", random[0]);
        assertEquals("0", random[1]);
        assertEquals(3, random[2].split(";").length, "removed layers joined by ;");
        assertEquals(4, random[3].split(";").length);
        assertEquals("", random[6], "no fine-tuning at 0 epochs: an empty cell");
        double pruned = Double.parseDouble(random[4]);
        assertTrue(pruned >= 0 && pruned <= 100, "percent: " + pruned);
        JsonObject dense = JsonParser.parseString(Files.readString(out.resolve("dense.json"))).getAsJsonObject();
        assertEquals(Set.of("acc", "params", "macs"), dense.keySet());
        assertEquals(272_474, dense.get("params").getAsLong());
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")) && Files.isRegularFile(out.resolve(
                "comparison.html")) && Files.isRegularFile(out.resolve("comparison-summary.csv")));
    }
}
