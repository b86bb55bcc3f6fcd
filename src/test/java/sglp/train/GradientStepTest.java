package sglp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.junit.jupiter.api.Test;
import sglp.model.Architectures;
import sglp.model.Network;

/** The shared optimizer step: a plain SGD step moves a weight by -lr * gradient; a non-finite step can be skipped. */
class GradientStepTest {

    @Test
    void aStepAppliesTheGradientAndANonFiniteOneIsSkippedWhenAsked() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 1)) {
            Parameter w = net.trainableParameters().get(0);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
            float[] before = w.getArray().toFloatArray();
            try (NDManager scope = net.manager().newSubManager()) {
                // loss = sum(w^2) / 2: the gradient is w, so SGD gives w - 0.5 w = 0.5 w
                GradientStep.Outcome o = GradientStep.run(List.of(w), sgd, true, scope,
                        () -> w.getArray().square().sum().div(2));
                assertTrue(o.applied());
                assertEquals(sumOfSquares(before) / 2, o.loss().getFloat(), 1e-3 * sumOfSquares(before));
            }
            float[] after = w.getArray().toFloatArray();
            for (int i = 0; i < before.length; i++) {
                assertEquals(0.5f * before[i], after[i], 1e-6f);
            }
            try (NDManager scope = net.manager().newSubManager()) {
                GradientStep.Outcome o = GradientStep.run(List.of(w), sgd, true, scope,
                        () -> w.getArray().sum().mul(Float.NaN));
                assertFalse(o.applied());
            }
            assertArrayEquals(after, w.getArray().toFloatArray(), "a skipped step leaves the weights");
        }
    }

    private static double sumOfSquares(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return s;
    }
}
