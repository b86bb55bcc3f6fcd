package sglp.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What stays in memory while the sink works on a batch's hidden states, and after. */
class TokenStatesTest {

    @Test
    void theSinkSeesOnlyTheGatheredStatesAndNothingStaysBehind() {
        List<long[]> calibration = List.of(Fixtures.tokens(9, 40, 1), Fixtures.tokens(4, 40, 2),
                Fixtures.tokens(7, 40, 3));
        try (LlamaModel model = LlamaModel.create(LlamaConfig.tiny(40).withNumLayers(3), 1)) {
            BaseNDManager modelManager = (BaseNDManager) model.manager();
            int before = modelManager.getManagedArrays().size();
            List<Integer> heldDuringSink = new ArrayList<>();
            TokenStates.run(model, calibration, 2, states -> {
                NDArray first = states.get(0);
                heldDuringSink.add(((BaseNDManager) first.getManager()).getManagedArrays().size());
                for (NDArray s : states) {
                    assertEquals(first.getManager(), s.getManager(), "one manager holds the batch's states");
                }
            });
            assertEquals(List.of(4, 4), heldDuringSink, "the embedding and 3 layers' states, not the whole pass");
            assertEquals(before, modelManager.getManagedArrays().size(), "nothing is left in the model's manager");
        }
    }
}
