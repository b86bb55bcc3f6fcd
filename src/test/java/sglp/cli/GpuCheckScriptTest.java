package sglp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code environment/gpu-check} up to the point where it needs a real GPU: how it finds PyTorch, the JNI binding and
 * pip's CUDA runtime, what it refuses and what {@code --env} prints. A stand-in {@code nvidia-smi} and a folder laid out
 * like pip's torch (with empty libraries) take the place of the hardware; the GPU run itself is measured in the README.
 */
class GpuCheckScriptTest {
    private static final Path SCRIPT = Path.of("environment/gpu-check").toAbsolutePath();

    @TempDir
    Path dir;
    private Path torchLib;
    private Path cudart;
    private Map<String, String> env;

    @BeforeEach
    void pipLikeTorchAndAGpu() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("nvidia-smi"), "#!/bin/sh\necho 'GPU 0: Stand-in GPU (UUID: GPU-0)'\n");
        Path site = dir.resolve("site-packages");
        torchLib = Files.createDirectories(site.resolve("torch/lib"));
        Files.writeString(torchLib.resolve("libtorch.so"), "");
        cudart = Files.createDirectories(site.resolve("nvidia/cu13/lib")).resolve("libcudart.so.13");
        Files.writeString(cudart, "");
        env = new HashMap<>(Map.of("PATH", bin + ":" + System.getenv("PATH"), "PYTORCH_LIBRARY_PATH",
                torchLib.toString(), "PYTORCH_VERSION", "2.11.0", "PYTORCH_FLAVOR", "cu130", "DJL_CACHE_DIR",
                dir.resolve("djl").toString(), "SGLP_CACHE", dir.resolve("cache").toString()));
    }

    @Test
    void withoutAGpuItSaysSoAndHowToRunTheSameStepsOnTheCpu() throws Exception {
        executable(dir.resolve("bin/nvidia-smi"), "#!/bin/sh\necho 'No devices were found'; exit 6\n");
        String err = refusal();
        assertTrue(err.contains("no NVIDIA GPU found: nvidia-smi is missing or lists no GPU"), err);
        assertTrue(err.contains("environment/sglp llm check --device cpu --shaped-8b 2"), err);
    }

    @Test
    void withoutTorchForPython3ItSaysWhatToInstallOrSet() throws Exception {
        executable(dir.resolve("bin/python3"), "#!/bin/sh\necho \"No module named 'torch'\" >&2; exit 1\n");
        env.remove("PYTORCH_LIBRARY_PATH");
        String err = refusal();
        assertTrue(err.contains("python3 cannot import torch: install a CUDA build of PyTorch for python3 (pip install "
                + "torch), or set PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and PYTORCH_FLAVOR"), err);
    }

    @Test
    void helpPrintsTheScriptsOwnDescriptionWithoutLookingForAGpu() throws Exception {
        executable(dir.resolve("bin/nvidia-smi"), "#!/bin/sh\nexit 6\n");
        Result r = run("--help");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.startsWith("The GPU path of the LLM commands"), r.out);
        assertTrue(r.out.contains("eval \"$(environment/gpu-check --env)\"") && r.out.contains("SGLP_DJL_SOURCE"), r.out);
    }

    @Test
    void anotherPyTorchThanDjlShipsABindingForNeedsOneAndTheMessageSaysHowToGetIt() throws Exception {
        String err = refusal();
        assertTrue(err.contains("PyTorch 2.11.0 cu130 needs a JNI binding built for it (DJL 0.35.1 ships one for "
                + "2.7.1 cu128 only): set SGLP_DJL_SOURCE to a checkout of DJL v0.35.1"), err);
        assertTrue(err.contains("SGLP_TORCH_JNI") && err.contains("pip install torch==2.7.1 --index-url "
                + "https://download.pytorch.org/whl/cu128"), err);

        env.put("SGLP_TORCH_JNI", dir.resolve("missing.so").toString());
        String missing = refusal();
        assertTrue(missing.contains("SGLP_TORCH_JNI=" + dir.resolve("missing.so") + ": expected a libdjl_torch.so "
                + "file, found none there"), missing);
    }

    @Test
    void aBindingGivenGoesWhereDjlLooksAndEnvSetsUpTheShellForEveryCommand() throws Exception {
        Path jni = dir.resolve("libdjl_torch.so");
        Files.write(jni, new byte[] {1, 2, 3});
        env.put("SGLP_TORCH_JNI", jni.toString());
        Result r = run("--env");
        assertEquals(0, r.status, r.err);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve(
                "djl/pytorch/2.11.0-cu130-linux-x86_64/0.35.1-libdjl_torch.so")));
        assertTrue(r.err.contains("PyTorch 2.11.0 cu130: " + torchLib), r.err);
        Path link = dir.resolve("cache/gpu/cudart-2.11.0-cu130/libcudart.so");
        assertEquals(cudart, Files.readSymbolicLink(link), "DJL counts GPUs through libcudart.so by that name");
        Map<String, String> exported = exports(r.out);
        assertEquals(torchLib.toString(), exported.get("PYTORCH_LIBRARY_PATH"));
        assertEquals("2.11.0", exported.get("PYTORCH_VERSION"));
        assertEquals("cu130", exported.get("PYTORCH_FLAVOR"));
        assertTrue(exported.get("LD_LIBRARY_PATH").startsWith(link.getParent() + ":" + cudart.getParent()),
                exported.get("LD_LIBRARY_PATH"));
        assertEquals("-Xmx8g -Djna.library.path=" + link.getParent(), exported.get("SGLP_JAVA_OPTS"));

        env.remove("SGLP_TORCH_JNI");
        assertEquals(0, run("--dtype", "float32", "--env").status, "the binding is copied once; later runs find it");

        Files.write(jni, new byte[] {4, 5});
        env.put("SGLP_TORCH_JNI", jni.toString());
        env.put("LD_LIBRARY_PATH", exported.get("LD_LIBRARY_PATH"));
        env.put("SGLP_JAVA_OPTS", exported.get("SGLP_JAVA_OPTS"));
        Result again = run("--env");
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(dir.resolve(
                "djl/pytorch/2.11.0-cu130-linux-x86_64/0.35.1-libdjl_torch.so")), "a binding given replaces the cached");
        assertEquals(exported, exports(again.out), "a second eval adds nothing twice");
    }

    @Test
    void pyTorch271ForCuda128UsesTheBindingDjlShips() throws Exception {
        env.putAll(Map.of("PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cu128"));
        Result r = run("--env");
        assertEquals(0, r.status, r.err);
        assertEquals("2.7.1", exports(r.out).get("PYTORCH_VERSION"));
        assertTrue(Files.notExists(dir.resolve("djl")), "nothing to put in DJL's cache");
    }

    @Test
    void aCpuBuildAFolderWithoutLibtorchAndAMissingVersionAreRefusedByName() throws Exception {
        env.put("PYTORCH_FLAVOR", "cpu");
        String cpu = refusal();
        assertTrue(cpu.contains("PyTorch 2.11.0 in " + torchLib + " is a CPU build (flavour cpu): install a CUDA build"),
                cpu);

        env.put("PYTORCH_FLAVOR", "cu130");
        env.put("PYTORCH_LIBRARY_PATH", dir.toString());
        String empty = refusal();
        assertTrue(empty.contains("PYTORCH_LIBRARY_PATH=" + dir + " has no libtorch.so"), empty);

        env.put("PYTORCH_LIBRARY_PATH", torchLib.toString());
        env.remove("PYTORCH_VERSION");
        String noVersion = refusal();
        assertTrue(noVersion.contains("PYTORCH_LIBRARY_PATH is set: set PYTORCH_VERSION too (e.g. 2.7.1)"), noVersion);
    }

    private record Result(int status, String out, String err) {
    }

    /**
     * Runs {@code --env} expecting a refusal: status 2, and {@code false} as all of standard output, so that
     * {@code eval "$(environment/gpu-check --env)"} fails too.
     *
     * @return standard error, the message
     */
    private String refusal() throws Exception {
        Result r = run("--env");
        assertEquals(2, r.status, r.err);
        assertEquals("false\n", r.out, r.err);
        return r.err;
    }

    private Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        b.environment().remove("SGLP_JAVA_OPTS");
        b.environment().remove("LD_LIBRARY_PATH");
        b.environment().remove("PYTORCH_LIBRARY_PATH");
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(EntryScript.HANG_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("environment/gpu-check did not finish (hung?)");
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /** The variables of the {@code export} lines, read back by bash itself. */
    private Map<String, String> exports(String lines) throws Exception {
        Path script = dir.resolve("exports.sh");
        Files.writeString(script, lines + "\nfor v in PYTORCH_LIBRARY_PATH PYTORCH_VERSION PYTORCH_FLAVOR LD_LIBRARY_PATH "
                + "SGLP_JAVA_OPTS; do printf '%s=%s\\n' \"$v\" \"${!v}\"; done\n");
        Process p = new ProcessBuilder("bash", "--norc", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Map<String, String> m = new HashMap<>();
        out.lines().forEach(l -> m.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return m;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
