package sglp.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.internal.bind.TypeAdapters;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ManifestTest {

    @Test
    void accuraciesOfStagesThatDidNotRunAreNullSoTheManifestIsValidJson() throws IOException {
        try (Session s = new Session(3, Progress.NONE)) {
            JsonReader reader = new JsonReader(new StringReader(Manifest.toJson(Manifest.of(s, 1.5))));
            reader.setStrictness(Strictness.STRICT);
            JsonElement parsed = TypeAdapters.JSON_ELEMENT.read(reader);
            JsonObject accuracy = parsed.getAsJsonObject().getAsJsonObject("results").getAsJsonObject("accuracy");
            assertTrue(accuracy.get("before").isJsonNull() && accuracy.get("pruned").isJsonNull()
                    && accuracy.get("finetuned").isJsonNull(), accuracy.toString());
        }
    }
}
