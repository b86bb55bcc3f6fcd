package sglp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.io.Npz;
import sglp.io.StateDict;
import sglp.io.Tensor;

/**
 * Paths and options as users type them: checked while the command line is parsed, before any data is loaded, with
 * one message that names the option, what was expected and what was found; relative paths mean the directory the
 * command was run from.
 */
class CommandLineInputsTest {
    @TempDir
    Path dir;

    /** The exit status, standard output and standard error of one command run in this JVM. */
    private record Outcome(int status, String out, String err) {
    }

    private static synchronized Outcome run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = Main.execute(new PrintWriter(err, true), args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    private Path similarityCsv() throws Exception {
        return Files.writeString(dir.resolve("s.csv"), "a,b,c\n1,0.9,0.1\n0.9,1,0.2\n0.1,0.2,1\n");
    }

    @Test
    void outputFilesThatCannotBeFilesAreRefusedAtOnce() throws Exception {
        String csv = similarityCsv().toString();
        Outcome empty = run("segment", "--similarity", csv, "--k", "2", "--out", "");
        assertEquals(2, empty.status());
        assertTrue(empty.err().startsWith("sglp segment: Invalid value for option '--out': expected a path, found an "
                + "empty one\nusage: sglp segment "), empty.err());

        Outcome slash = run("segment", "--similarity", csv, "--k", "2", "--out", dir.resolve("out") + "/");
        assertEquals(2, slash.status());
        assertTrue(slash.err().contains("'" + dir.resolve("out") + "/' names a folder; expected a file name, such as "
                + dir.resolve("out/result.json")), slash.err());
        assertFalse(Files.exists(dir.resolve("out")), "no file named after the folder");

        Outcome folder = run("segment", "--similarity", csv, "--k", "2", "--out", dir.toString());
        assertTrue(folder.status() == 2 && folder.err().contains("names a folder"), folder.err());

        Path file = Files.writeString(dir.resolve("plain"), "x");
        Outcome under = run("segment", "--similarity", csv, "--k", "2", "--out", file.resolve("s.json").toString());
        assertTrue(under.status() == 2 && under.err().contains(file + " is a file, so nothing can be written under it"),
                under.err());

        String longName = "n".repeat(300) + ".json";
        Outcome tooLong = run("segment", "--similarity", csv, "--k", "2", "--out", dir.resolve(longName).toString());
        assertTrue(tooLong.status() == 2 && tooLong.err().contains("its file name has 305 bytes; expected at most 255"),
                tooLong.err());

        Path nearLimit = dir.resolve("n".repeat(250) + ".json");
        assertEquals(0, run("segment", "--similarity", csv, "--k", "2", "--out", nearLimit.toString()).status());
        assertTrue(Files.isRegularFile(nearLimit));
    }

    @Test
    void runRefusesAWrongFolderOrModeBeforeLoadingAnything() throws Exception {
        Path file = Files.writeString(dir.resolve("results"), "not a folder");
        Outcome existing = run("run", "--out", file.toString());
        assertEquals(2, existing.status());
        assertTrue(existing.err().contains(file + ": is a file, expected a results folder"), existing.err());
        assertEquals("", existing.out(), "nothing was loaded or trained");

        Path other = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(other.resolve("cat.jpg"), "meow");
        Outcome foreign = run("run", "--out", other.toString());
        assertTrue(foreign.status() == 2 && foreign.err().contains("is a folder with other files in it"),
                foreign.err());
        assertEquals("meow", Files.readString(other.resolve("cat.jpg")));

        Outcome mode = run("run", "--mode", "bogus", "--out", dir.resolve("new").toString());
        assertEquals(2, mode.status());
        assertTrue(mode.err().contains("--mode") && mode.err().contains("bogus"), mode.err());
        assertEquals("", mode.out(), "nothing was loaded or trained");
    }

    @Test
    void ckaNamesTheFirstValueThatIsNotFiniteInAnNpzWhereTheFileHasIt() throws Exception {
        // 4 samples of 6 features: held as Grams, whose activations the command lets the accumulator centre in place
        float[] a = new float[24];
        float[] b = new float[24];
        for (int i = 0; i < 24; i++) {
            a[i] = (float) Math.sin(i);
            b[i] = (float) Math.cos(3 * i);
        }
        b[6 + 4] = Float.POSITIVE_INFINITY;  // the first in row-major order, [1][4]
        b[3 * 6] = Float.NaN;                // in an earlier column, [3][0]
        Path npz = dir.resolve("acts.npz");
        Npz.write(npz, new StateDict().put("a", Tensor.ofFloats(new long[] {4, 6}, a))
                .put("b", Tensor.ofFloats(new long[] {4, 6}, b)));
        Outcome bad = run("cka", "--activations", npz.toString(), "--out", dir.resolve("s.csv").toString());
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains(npz + ": array 'b': expected finite numbers, found Infinity at index [1, 4]"),
                bad.err());
        assertFalse(Files.exists(dir.resolve("s.csv")));
    }

    @Test
    void missingFilesAndFoldersGivenAsFilesAreNamedAsSuch() throws Exception {
        Path missing = dir.resolve("missing.csv");
        Outcome notFound = run("segment", "--similarity", missing.toString(), "--k", "2", "--out",
                dir.resolve("s.json").toString());
        assertEquals(2, notFound.status());
        assertEquals("sglp segment: " + missing + ": not found (expected a similarity .csv)\n", notFound.err());

        Outcome folder = run("gradnorm", "--model", "resnet20", "--batch", dir.toString(), "--out",
                dir.resolve("g.json").toString());
        assertEquals(2, folder.status());
        assertTrue(folder.err().contains(dir + ": is a folder, expected a file"), folder.err());
    }

    @Test
    void invalidUtf8IsNamedWithItsLine() throws Exception {
        Path csv = dir.resolve("s.csv");
        Files.write(csv, "a,b\n1,0.5\n0.5,1\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Outcome bad = run("segment", "--similarity", csv.toString(), "--k", "1", "--out",
                dir.resolve("s.json").toString());
        assertEquals(2, bad.status());
        assertEquals("sglp segment: " + csv + ": not valid UTF-8 at line 3 (byte 15): found byte 0xe9; save the file "
                + "as UTF-8\n", bad.err());
    }

    @Test
    void relativePathsMeanTheDirectoryTheCommandRanFrom() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("s.csv"), "a,b,c\n1,0.9,0.1\n0.9,1,0.2\n0.1,0.2,1\n");
        Process p = EntryScript.start(work, Map.of(), "segment", "--similarity", "s.csv", "--k", "2", "--out",
                "seg.json");
        assertEquals(0, EntryScript.await(p), EntryScript.err(work));
        assertTrue(Files.isRegularFile(work.resolve("seg.json")), "written where the user is");
        assertFalse(Files.exists(Path.of("seg.json")), "not in the checkout");
    }
}
